"""The input formats, as one table: name, file suffixes, and how to open one.

``READERS`` drives detection (``detect`` falls back on the suffixes), opening (``reader``)
and the command line's ``--format`` choices; a new format is one more entry.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .columns import ColumnSpec
from .delimited import read_delimited, sniff_delimiter, sniff_quoting
from .encoding import MARK
from .jsonl import read_jsonl
from .plaintext import read_plaintext
from .record import Record
from .sms_xml import read_sms_xml
from .source import Source

__all__ = ["FORMATS", "READERS", "Opening", "ReaderFormat"]


@dataclass(frozen=True, slots=True)
class Opening:
    """What opening an input has found out: its source, the codec that decodes it (see
    ``decoding``) and its decoded head."""

    source: Source
    encoding: str
    head: str
    complete: bool
    columns: ColumnSpec

    def text_stream(self, *, newline: str | None = None) -> io.TextIOWrapper:
        """The source as text; undecodable bytes become marks (see ``encoding``)."""
        return io.TextIOWrapper(
            io.BufferedReader(self.source), encoding=self.encoding, errors=MARK, newline=newline
        )


@dataclass(frozen=True, slots=True)
class ReaderFormat:
    """One input format: its ``name`` (for ``--format``), the file ``suffixes`` that name it
    when the content does not tell, and ``open``, which gives its records."""

    name: str
    suffixes: tuple[str, ...]
    open: Callable[[Opening], Iterator[Record]]


def _xml(opening: Opening) -> Iterator[Record]:
    return read_sms_xml(opening.source, opening.encoding)


def _delimited(delimiter: str | None) -> Callable[[Opening], Iterator[Record]]:
    """CSV (``delimiter`` None: sniffed, comma by default) or TSV (a tab)."""

    def open_delimited(opening: Opening) -> Iterator[Record]:
        found = delimiter
        if found is None:
            found = sniff_delimiter(
                opening.head, complete=opening.complete, given=opening.columns
            )[0] or ","
        quoting = sniff_quoting(opening.head, delimiter=found, complete=opening.complete)
        return read_delimited(opening.text_stream(newline=""), delimiter=found,
                              columns=opening.columns, quoting=quoting)

    return open_delimited


def _jsonl(opening: Opening) -> Iterator[Record]:
    return read_jsonl(opening.text_stream(), columns=opening.columns)


def _txt(opening: Opening) -> Iterator[Record]:
    return read_plaintext(opening.text_stream())


READERS: dict[str, ReaderFormat] = {
    reader.name: reader
    for reader in (
        ReaderFormat("xml", (".xml",), _xml),
        ReaderFormat("csv", (".csv",), _delimited(None)),
        ReaderFormat("tsv", (".tsv", ".tab"), _delimited("\t")),
        ReaderFormat("jsonl", (".jsonl", ".ndjson"), _jsonl),
        ReaderFormat("txt", (".txt",), _txt),
    )
}
#: The names of the input formats, for ``--format``.
FORMATS: tuple[str, ...] = tuple(READERS)
