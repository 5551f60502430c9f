"""JSON Lines: one object per line with a text field (named as in ``columns``), or a bare
JSON string. A malformed line, a non-string text or an object without a text field is an
error record; a blank line an empty one. An escape of half a surrogate pair (``\\ud83d``
without its other half: an emoji cut short) is read as U+FFFD, as the XML reader reads
the same reference, and the record is scored with a note."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from .columns import ColumnSpec, find_columns
from .encoding import SURROGATE
from .record import Record, make_record

__all__ = ["read_jsonl"]


def read_jsonl(stream: TextIO, *, columns: ColumnSpec) -> Iterator[Record]:
    """The records of a JSON Lines text stream, one per line."""
    layouts: dict[tuple[str, ...], dict[str, int | None]] = {}
    for number, line in enumerate(stream, 1):
        if not line.strip():
            yield make_record(number, None, empty_reason=f"line {number}: blank line")
            continue
        try:
            value = json.loads(line)
        except ValueError as error:  # JSONDecodeError, or a number too large to convert
            yield make_record(number, None, error=f"line {number}: malformed JSON: {error}")
            continue
        # Decoding marks undecodable bytes as surrogates (see ``encoding``); in a line
        # without any (an ASCII line has none), a surrogate can only come from an escape.
        escaped = "\\u" in line and (line.isascii() or not SURROGATE.search(line))
        if isinstance(value, str):
            yield make_record(number, value, escaped=escaped)
        elif isinstance(value, dict):
            yield _from_object(number, value, layouts, columns, escaped=escaped)
        else:
            kind = type(value).__name__
            yield make_record(number, None, error=f"line {number}: {kind}, not an object")


def _from_object(
    number: int,
    value: dict,
    layouts: dict[tuple[str, ...], dict],
    columns: ColumnSpec,
    *,
    escaped: bool,
) -> Record:
    keys = tuple(value)
    layout = layouts.get(keys)
    if layout is None:
        layout = layouts.setdefault(keys, find_columns(keys, columns))
    fields = {role: None if index is None else value[keys[index]] for role, index in layout.items()}
    text = fields.pop("text")
    if layout["text"] is None:
        error = f"line {number}: no text field among {', '.join(keys) or 'no keys'}"
    elif text is not None and not isinstance(text, str | int | float):
        error = f"line {number}: the text field holds a {type(text).__name__}"
    else:
        error = ""
    return make_record(
        number,
        None if text is None or error else str(text),
        error=error,
        escaped=escaped,
        **{role: _scalar(field) for role, field in fields.items()},
    )


def _scalar(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
