"""Plain text: one message per line (a blank line is an empty record)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from .record import Record, make_record

__all__ = ["read_plaintext"]


def read_plaintext(stream: TextIO) -> Iterator[Record]:
    """The records of a text stream opened with universal newlines, one per line."""
    for number, line in enumerate(stream, 1):
        text = line.rstrip("\n")
        if text.strip():
            yield make_record(number, text)
        else:  # the reason only where it is needed: formatting it costs a tenth of a record
            yield make_record(number, text, empty_reason=f"line {number}: blank line")
