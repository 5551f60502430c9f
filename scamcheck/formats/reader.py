"""Opening one input: its encoding and format chosen, its records streamed."""

from __future__ import annotations

import io
from collections.abc import Iterator

from .columns import ColumnSpec
from .decoding import decoding_codec
from .delimited import read_delimited, sniff_delimiter, sniff_quoting
from .detect import FORMATS, detect_format
from .encoding import MARK, choose_encoding, decode_head
from .errors import UsageError
from .jsonl import read_jsonl
from .plaintext import read_plaintext
from .record import Record
from .sms_xml import read_sms_xml
from .source import Source

__all__ = ["Input"]


class Input:
    """One input file (``-`` for stdin) opened for reading.

    ``fmt`` is one of ``FORMATS`` or ``auto``, ``encoding`` a Python codec name or
    ``auto``, ``columns`` the columns (or JSON keys) named by the user. ``self.encoding``
    is the file's encoding; the lines that do not fit it are decoded as ``decoding`` says.
    Opening reads the head and chooses encoding, format and, for CSV/TSV, the columns, so
    that usage errors (``UsageError``) and unreadable files (``OSError``) surface here,
    before any record.
    Iterating yields the records in input order; a malformed XML file raises
    ``FormatError`` after its last good record. ``bytes_read`` and ``size`` (``None`` for
    a pipe) measure progress.
    """

    def __init__(
        self,
        path: str,
        *,
        fmt: str = "auto",
        encoding: str = "auto",
        columns: ColumnSpec | None = None,
    ) -> None:
        if fmt != "auto" and fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}: use auto or one of {', '.join(FORMATS)}")
        columns = columns or ColumnSpec()
        self.source = Source(path)
        self.name = self.source.name
        try:
            head, complete = self.source.head, self.source.complete
            self.encoding = choose_encoding(encoding, head, complete=complete)
            self._codec = decoding_codec(self.encoding, detected=encoding == "auto")
            text = decode_head(head, self._codec)
            self.format = fmt
            if fmt == "auto":
                self.format = detect_format(text, complete=complete, name=path, columns=columns)
            self._records = self._open(text, complete, columns)
        except BaseException:
            self.source.close()
            raise

    def _open(self, head: str, complete: bool, columns: ColumnSpec) -> Iterator[Record]:
        if self.format == "xml":
            return read_sms_xml(self.source, self._codec)
        delimited = self.format in ("csv", "tsv")
        stream = io.TextIOWrapper(
            io.BufferedReader(self.source),
            encoding=self._codec,
            errors=MARK,
            newline="" if delimited else None,
        )
        if self.format == "jsonl":
            return read_jsonl(stream, columns=columns)
        if self.format == "txt":
            return read_plaintext(stream)
        delimiter = "\t"
        if self.format == "csv":
            delimiter = sniff_delimiter(head, complete=complete, given=columns)[0] or ","
        quoting = sniff_quoting(head, delimiter=delimiter, complete=complete)
        return read_delimited(stream, delimiter=delimiter, columns=columns, quoting=quoting)

    def __iter__(self) -> Iterator[Record]:
        return self._records

    @property
    def bytes_read(self) -> int:
        return self.source.bytes_read

    @property
    def size(self) -> int | None:
        return self.source.size

    def close(self) -> None:
        self.source.close()

    def __enter__(self) -> Input:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
