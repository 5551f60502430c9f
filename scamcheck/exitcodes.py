"""Exit statuses of ``scamcheck``, their help text, and the error that says a command cannot
be carried out (kept import-free for a fast CLI)."""

EXIT_OK, EXIT_ERROR_ROWS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class CommandError(Exception):
    """A command cannot be carried out (missing file, missing extra, …): the command line
    prints the message on one line and exits with ``EXIT_USAGE``."""

EXIT_STATUS_HELP = """\
exit status:
  0    every record was scored (empty messages included)
  1    finished, but some rows have status=error (undecodable bytes, malformed
       JSON line, CSV row with a wrong field count, …)
  2    bad usage or unreadable input; for a malformed XML file the rows before
       the fault are kept in a partial file (named in the message), with line and column
  130  interrupted; the rows written so far are kept in a partial file (named)"""
