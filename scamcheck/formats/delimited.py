"""CSV and TSV exports: delimiter and header found, then one record per row.

The first row is a header when it names a known column (see ``columns``) and holds no
number, phone number or time. Without a header, columns named by the user must be 1-based
numbers; otherwise the time column is the one whose values all read as times, the sender
column the one of phone numbers and the text column the one with the longest values.
A row with the wrong number of fields (extra empty fields excepted) is an error record;
a blank line an empty one. Quotes follow CSV rules unless the file shows they do not
(see ``sniff_quoting``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from itertools import chain, islice
from typing import NamedTuple, TextIO

from .columns import NAMES, ColumnSpec, find_columns
from .errors import UsageError
from .record import Record, make_record
from .times import parse_time

__all__ = ["DELIMITERS", "read_delimited", "sniff_delimiter", "sniff_quoting"]

DELIMITERS = (",", "\t", ";", "|")
_SAMPLE_ROWS = 20
_PHONE = re.compile(r"\+?[\d\s()-]{3,20}")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?")


class _Row(NamedTuple):
    line: int
    fields: list[str]
    error: str = ""


def sniff_delimiter(sample: str, *, complete: bool, given: ColumnSpec) -> tuple[str | None, bool]:
    """``(delimiter, header_found)`` for the start of a delimited file.

    The delimiter splitting the first row into a header with most columns wins;
    otherwise the one giving most sample rows the same number (two or more) of fields;
    ``None`` if none does.
    """
    header: tuple[int, str] | None = None
    best, best_share = None, 0.0
    for delimiter in DELIMITERS:
        rows = [fields for fields in _sample(sample, delimiter, complete=complete) if fields]
        if not rows:
            continue
        if _is_header(rows[0], given) and (header is None or len(rows[0]) > header[0]):
            header = len(rows[0]), delimiter
        width, count = Counter(len(row) for row in rows).most_common(1)[0]
        if width >= 2 and count / len(rows) > best_share:
            best, best_share = delimiter, count / len(rows)
    return (header[1], True) if header else (best, False)


def sniff_quoting(sample: str, *, delimiter: str, complete: bool) -> int:
    """``csv.QUOTE_MINIMAL`` if the sample follows CSV quoting, else ``csv.QUOTE_NONE``.

    Raw exports (TSV above all) often hold messages that merely start with a quote mark;
    read as CSV quoting, one would swallow the lines after it. So quotes are taken for
    CSV quoting only if every quoted field in the sample is closed properly, and, when
    the sample has none, only for commas and semicolons, not tabs.
    """
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, strict=True)
    last_line = sample.count("\n") + 1
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error:
        if complete or start < last_line:  # not merely the sample's last row, cut short
            return csv.QUOTE_NONE
    quoted = re.search(f'(?:^|{re.escape(delimiter)})"', sample, re.MULTILINE)
    return csv.QUOTE_MINIMAL if quoted or delimiter != "\t" else csv.QUOTE_NONE


def read_delimited(
    stream: TextIO, *, delimiter: str, columns: ColumnSpec, quoting: int = csv.QUOTE_MINIMAL
) -> Iterator[Record]:
    """The records of a delimited text stream (opened with ``newline=""``).

    The header is read and the columns resolved before returning, so that a missing
    column is a ``UsageError`` here and not halfway through.
    """
    rows = _rows(stream, delimiter, quoting)
    first = next(rows, None)
    if first is None:
        return iter(())
    if _is_header(first.fields, columns):
        layout = _header_layout(first.fields, columns)
        return _records(rows, layout, width=len(first.fields))
    sample = [first, *islice(rows, _SAMPLE_ROWS - 1)]
    width, layout = _guess_layout([row.fields for row in sample if row.fields], columns)
    return _records(chain(sample, rows), layout, width)


def _rows(stream: TextIO, delimiter: str, quoting: int) -> Iterator[_Row]:
    """Rows with the line they start on. A row that breaks CSV quoting (a message that
    merely starts with a quote mark) is read again from its lines, taking quotes as text;
    a row the reader refuses otherwise becomes an error row."""
    lines = _Lines(stream)
    reader = csv.reader(lines, delimiter=delimiter, quoting=quoting, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raw = lines.take()
            again = None if quoting == csv.QUOTE_NONE else _reread(raw, delimiter)
            if again is None:
                yield _Row(line, [], f"line {line}: {error}")
            else:
                yield from (_Row(line + i, fields) for i, fields in enumerate(again))
        else:
            lines.take()
            yield _Row(line, fields)


def _reread(lines: list[str], delimiter: str) -> list[list[str]] | None:
    try:
        return list(csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE))
    except csv.Error:
        return None


class _Lines:
    """The lines of a stream, keeping those read since the last ``take()``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._read: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._stream)
        self._read.append(line)
        return line

    def take(self) -> list[str]:
        read, self._read = self._read, []
        return read


def _sample(sample: str, delimiter: str, *, complete: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    rows: list[list[str]] = []
    with contextlib.suppress(csv.Error):
        rows.extend(islice(reader, _SAMPLE_ROWS))
    return rows if complete or len(rows) < 2 else rows[:-1]  # the last row may be cut short


def _is_header(fields: list[str], given: ColumnSpec) -> bool:
    found = find_columns(fields, given)
    return any(index is not None for index in found.values()) and not any(
        _is_value(field) for field in fields
    )


def _is_value(field: str) -> bool:
    return _NUMBER.fullmatch(field.strip()) is not None or _is_time(field) or _is_phone(field)


def _is_time(value: str) -> bool:
    return bool(value.strip()) and parse_time(value)[1]


def _is_phone(value: str) -> bool:
    return _PHONE.fullmatch(value.strip()) is not None


def _header_layout(header: list[str], given: ColumnSpec) -> dict[str, int | None]:
    layout = find_columns(header, given)
    for role in NAMES:
        wanted = getattr(given, role)
        if wanted is not None and layout[role] is None:
            layout[role] = _column_number(wanted, len(header), f"header {header}")
    if layout["text"] is None:
        raise UsageError(f"no text column in header {header}; name it with --text-column")
    return layout


def _guess_layout(sample: list[list[str]], given: ColumnSpec) -> tuple[int, dict[str, int | None]]:
    """Width and columns of a file without a header, from its first rows."""
    width = Counter(len(fields) for fields in sample).most_common(1)[0][0] if sample else 1
    rows = [fields for fields in sample if len(fields) == width]
    layout: dict[str, int | None] = {
        role: None if getattr(given, role) is None
        else _column_number(getattr(given, role), width, "no header")
        for role in NAMES
    }  # fmt: skip
    free = [i for i in range(width) if i not in layout.values()]
    for role, test in (("time", _is_time), ("sender", _is_phone)):
        if layout[role] is None:
            layout[role] = next((i for i in free if _all_are(rows, i, test)), None)
            if layout[role] is not None:
                free.remove(layout[role])
    if layout["text"] is None:
        if not free:
            raise UsageError("no column left for the text; name it with --text-column")
        layout["text"] = max(free, key=lambda i: sum(len(row[i]) for row in rows))
    return width, layout


def _all_are(rows: list[list[str]], index: int, test) -> bool:
    values = [row[index] for row in rows if row[index].strip()]
    return bool(values) and all(test(value) for value in values)


def _column_number(wanted: str, width: int, context: str) -> int:
    if wanted.isdigit() and 1 <= int(wanted) <= width:
        return int(wanted) - 1
    raise UsageError(f"column {wanted!r} not found ({context})")


def _records(rows: Iterator[_Row], layout: dict[str, int | None], width: int) -> Iterator[Record]:
    def field(fields: list[str], role: str) -> str:
        index = layout[role]
        return "" if index is None else fields[index]

    for number, row in enumerate(rows, 1):
        fields = row.fields
        if row.error:
            yield make_record(number, None, error=row.error)
        elif not fields:
            yield make_record(number, None, empty_reason=f"line {row.line}: blank line")
        elif len(fields) < width or any(fields[width:]):
            yield make_record(
                number, None,
                error=f"line {row.line}: expected {width} fields, found {len(fields)}",
            )  # fmt: skip
        else:
            yield make_record(
                number,
                field(fields, "text"),
                id=field(fields, "id"),
                sender=field(fields, "sender"),
                time=field(fields, "time"),
            )
