"""Opening one input: its encoding and format chosen, its records streamed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .columns import ColumnSpec
from .decoding import decoding_codec
from .detect import detect_format
from .encoding import choose_encoding, decode_head
from .errors import UsageError
from .readers import FORMATS, READERS, Opening
from .record import Record
from .source import Source

__all__ = ["Input", "ReaderOptions"]


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """How to read inputs: ``format`` is one of ``FORMATS`` or ``auto``, ``encoding`` a
    Python codec name or ``auto``, the ``*_column`` options name the columns (or JSON keys)
    holding each field (``None``: found by their usual names)."""

    format: str = "auto"
    encoding: str = "auto"
    text_column: str | None = None
    sender_column: str | None = None
    time_column: str | None = None
    id_column: str | None = None

    @property
    def columns(self) -> ColumnSpec:
        return ColumnSpec(self.text_column, self.sender_column, self.time_column, self.id_column)


class Input:
    """One input file (``-`` for stdin) opened for reading as ``options`` say.

    ``self.encoding`` is the file's encoding; the lines that do not fit it are decoded as
    ``decoding`` says.
    Opening reads the head and chooses encoding, format and, for CSV/TSV, the columns, so
    that usage errors (``UsageError``) and unreadable files (``OSError``) surface here,
    before any record.
    Iterating yields the records in input order; a malformed XML file raises
    ``FormatError`` after its last good record. ``bytes_read`` and ``size`` (``None`` for
    a pipe) measure progress.
    """

    def __init__(self, path: str, options: ReaderOptions | None = None) -> None:
        options = options or ReaderOptions()
        fmt, encoding, columns = options.format, options.encoding, options.columns
        if fmt != "auto" and fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}: use auto or one of {', '.join(FORMATS)}")
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
            opening = Opening(self.source, self._codec, text, complete, columns)
            self._records = READERS[self.format].open(opening)
        except BaseException:
            self.source.close()
            raise

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
