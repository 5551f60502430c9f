"""Writing scored rows: where (``plan_output``), in which format (``WRITERS``), and safely.

The format follows the output's suffix, from the ``WRITERS`` table: ``.csv`` is CSV and
``.tsv``/``.tab`` TSV (both UTF-8 with a BOM, for spreadsheets), ``.jsonl``/``.ndjson`` is
JSON Lines. Any other suffix, ``.json`` included (JSON Lines is not one JSON document), is
refused. Standard output (no output, or ``-``), a device or a FIFO gets CSV without a BOM,
which would only get in the way of the next program in a pipe, and is written directly.

A regular file is written to a temporary file of its own in the target's folder and renamed
into place only when everything went well, so that an existing file is never
half-overwritten, two runs into the same output cannot mix their rows (the last rename
wins whole), and the rows of an interrupted or failed run stay in the temporary file. A
symlink is followed: the file it points to is the one replaced.

Every check of the output path — an input given again as output (same resolved path or
same inode, so ``./b.xml``, a hard link or a symlink are caught), a folder, an empty name,
an unknown suffix, a missing folder — is made by ``plan_output`` before any input is read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
import tempfile
from collections import namedtuple
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..labels import LABELS
from .errors import UsageError

if TYPE_CHECKING:
    from ..verdict import Verdict
    from .record import Record

__all__ = ["COLUMNS", "SCORE_DIGITS", "WRITERS", "Output", "RowFormat", "Target", "Writer",
           "plan_output", "verdict_fields"]

COLUMNS: tuple[str, ...] = (
    "row", "id", "sender", "time", "label", "confidence",
    *(f"p_{label}" for label in LABELS),
    "rules", "status", "error",
)  # fmt: skip
_NO_SCORE = (None,) * (len(LABELS) + 3)  # label, confidence, probabilities, rules
_new_tuple = tuple.__new__
STANDARD = "-"  # as an output, standard output; as an input, standard input


def _delimited(dialect: str) -> Callable[[Iterable[Sequence[Any]], tuple[str, ...]], str]:
    def render(rows: Iterable[Sequence[Any]], columns: tuple[str, ...]) -> str:
        text = io.StringIO()
        csv.writer(text, dialect=dialect).writerows(rows)
        return text.getvalue()

    return render


def _jsonl(rows: Iterable[Sequence[Any]], columns: tuple[str, ...]) -> str:
    return "".join(
        json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n"
        for row in rows
    )


@dataclass(frozen=True, slots=True)
class Writer:
    """One output format: its ``name``, the ``suffixes`` that choose it, ``render`` (rows and
    their column names to text), whether it starts with a ``header`` row and, in a named
    file, with a ``bom``."""

    name: str
    suffixes: tuple[str, ...]
    render: Callable[[Iterable[Sequence[Any]], tuple[str, ...]], str]
    header: bool
    bom: bool


WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (
        Writer("csv", (".csv",), _delimited("excel"), header=True, bom=True),
        Writer("tsv", (".tsv", ".tab"), _delimited("excel-tab"), header=True, bom=True),
        Writer("jsonl", (".jsonl", ".ndjson"), _jsonl, header=False, bom=False),
    )
}
_BY_SUFFIX = {suffix: writer for writer in WRITERS.values() for suffix in writer.suffixes}
_STREAM_WRITER = WRITERS["csv"]  # for stdout, devices and FIFOs


@dataclass(frozen=True, slots=True)
class Target:
    """Where rows go, as checked by :func:`plan_output`.

    ``path`` is the file to write in the end (``None``: stdout); ``direct`` says it is
    written in place (stdout, a device, a FIFO) rather than renamed into place.
    """

    path: str | None
    writer: Writer
    direct: bool


def plan_output(path: str | None, inputs: Sequence[str] = ()) -> Target:
    """Check an output path against the ``inputs`` (``-`` is stdin) before reading them.

    ``None`` or ``-`` is standard output. Raises ``UsageError`` for an empty name, a folder,
    a missing folder, an unknown suffix, or a file that is one of the inputs.
    """
    if path is None or path == STANDARD:
        return Target(None, _STREAM_WRITER, direct=True)
    if not path:
        raise UsageError("the output path is empty")
    info = _stat(path)  # through symlinks
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"the output {path} is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):  # a device, FIFO or socket
        return Target(path, _writer_for(path, default=_STREAM_WRITER), direct=True)
    real = os.path.realpath(path)
    if not os.path.isdir(os.path.dirname(real)):
        raise UsageError(f"the folder of the output {path} does not exist")
    for given in inputs:
        other = _stdin_stat() if given == STANDARD else _stat(given)
        same_file = info is not None and other is not None and (
            (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino))
        if same_file or (given != STANDARD and os.path.realpath(given) == real):
            shown = "stdin" if given == STANDARD else given
            raise UsageError(f"the output {path} is the input {shown}: it would be destroyed")
    return Target(real, _writer_for(path), direct=False)


def _writer_for(path: str, default: Writer | None = None) -> Writer:
    suffix = os.path.splitext(path)[1].lower()
    writer = _BY_SUFFIX.get(suffix, default)
    if writer is None:
        known = ", ".join(_BY_SUFFIX)
        raise UsageError(
            f"the output {path}: unknown suffix {suffix or '(none)'!r}; use one of {known}"
        )
    return writer


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):  # missing, or unreadable: reading it will say so
        return None


def _stdin_stat() -> os.stat_result | None:
    try:
        return os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdin (a test's, say)
        return None


#: Decimals kept of the probabilities in every scored row (``score``, Spark).
SCORE_DIGITS = 4


def verdict_fields(verdict: Verdict) -> tuple:
    """``label, confidence, p_…, rules`` of a verdict, as every scored row holds them: the
    rule ids joined by ``;``, each once, in order."""
    rules = ";".join(dict.fromkeys(verdict.rule_ids))
    return (verdict.label, verdict.confidence, *verdict.probabilities, rules)


class RowFormat:
    """The columns of the output rows and the named tuple type they fill.

    ``file`` (the input a row came from) follows ``row`` when several inputs are scored;
    ``text`` comes last with ``include_text``.
    """

    def __init__(self, *, include_text: bool = False, several_inputs: bool = False) -> None:
        self.include_text = include_text
        self.several_inputs = several_inputs
        self.columns: tuple[str, ...] = (
            (COLUMNS[0], "file", *COLUMNS[1:]) if several_inputs else COLUMNS
        ) + (("text",) if include_text else ())
        self.Row = namedtuple("Row", self.columns)

    def row(self, number: int, record: Record, verdict: Verdict | None) -> tuple:
        """The output row of a record (numbered across inputs) and its verdict, if any."""
        scored = _NO_SCORE if verdict is None else verdict_fields(verdict)
        head = (number, record.source) if self.several_inputs else (number,)
        tail = (record.status, record.error, record.text) if self.include_text else (
            record.status, record.error)  # fmt: skip
        values = (*head, record.id, record.sender, record.time, *scored, *tail)
        return _new_tuple(self.Row, values)  # Row._make without its length check


class Output:
    """Where rows go: a :class:`Target` from :func:`plan_output`.

    Use it as a context manager: leaving it normally renames the partial file into place,
    leaving it by an exception (``KeyboardInterrupt`` included) keeps the partial file.
    ``rows`` counts the rows written; ``partial`` names the file that holds them until the
    end (``None`` for stdout).
    """

    def __init__(self, target: Target, row_format: RowFormat) -> None:
        self.target = target
        self.format = row_format
        self.rows = 0
        writer = target.writer
        if target.path is None:
            self.partial = None
            sys.stdout.flush()
            self._file = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        elif target.direct:
            self.partial = target.path
            self._file = open(target.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        else:
            self.partial = _temporary(target.path)
            self._file = open(self.partial, "w", encoding="utf-8", newline="")  # noqa: SIM115
            if writer.bom:
                self._file.write("\ufeff")
        if writer.header:
            self._file.write(writer.render([row_format.columns], row_format.columns))

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Render and write ``rows``; ``self.rows`` counts them once they are written."""
        self._file.write(self.target.writer.render(rows, self.format.columns))
        self.rows += len(rows)

    def close(self, *, keep: bool) -> None:
        """Finish: with ``keep``, move the partial file into place; without, leave it."""
        if self.target.path is None:
            self._file.flush()
            self._file.detach()
            return
        self._file.close()
        if keep and not self.target.direct:
            os.replace(self.partial, self.target.path)
            self.partial = self.target.path  # where the rows are, should Ctrl-C come now

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.close(keep=kind is None)


def _temporary(path: str) -> str:
    """A new file beside ``path``, named after it, with the permissions it would get."""
    folder, name = os.path.split(path)
    fd, partial = tempfile.mkstemp(prefix=f"{name}.", suffix=".partial", dir=folder)
    try:
        os.fchmod(fd, _mode_for(path))
    finally:
        os.close(fd)
    return partial


def _mode_for(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
