"""The record every reader yields, and how one is built from raw field values."""

from __future__ import annotations

import re
from typing import NamedTuple

from .encoding import undecodable_bytes
from .times import parse_time

__all__ = ["EMPTY", "ERROR", "OK", "RECEIVED", "SENT", "Record", "make_record"]

OK = "ok"
EMPTY = "empty"
ERROR = "error"

#: ``Record.direction`` of a message the export marks as received or as sent; other
#: boxes (draft, outbox, failed, queued) are named as such, and ``""`` means the export
#: does not say (every format but SMS Backup & Restore).
RECEIVED = "received"
SENT = "sent"

#: A lone surrogate: what an undecodable byte becomes (see ``encoding``) or a broken
#: ``\\ud83d`` escape in JSON. It cannot be written as UTF-8, so it never leaves a record.
_SURROGATE = re.compile("[\ud800-\udfff]")


class Record(NamedTuple):
    """One input message (a named tuple: cheap to build and to send to worker processes).

    ``row`` is its 1-based number within its input, in input order. ``status`` is ``ok``
    (``text`` is to be classified), ``empty`` (no text; ``error`` says why) or ``error``
    (``error`` says what is wrong; ``text`` is what could be read, or ``None``).
    ``time`` is ISO 8601 when ``time_ok``, otherwise the raw value as found; an
    unrecognised time leaves the status ``ok`` and says so in ``error``. ``direction``
    is ``RECEIVED``, ``SENT``, another box's name or ``""`` when the export does not say;
    ``sender`` is then the other party's number either way.
    """

    row: int
    text: str | None
    id: str = ""
    sender: str = ""
    time: str = ""
    time_ok: bool = True
    status: str = OK
    error: str = ""
    direction: str = ""


def make_record(
    row: int,
    text: str | None,
    *,
    id: str = "",
    sender: str = "",
    time: str = "",
    error: str = "",
    empty_reason: str = "empty message",
    direction: str = "",
) -> Record:
    """Build a record from raw field values, deciding its status.

    ``error`` makes it an error record. Undecodable bytes in any field make it one too,
    with the bytes shown and the field values cleaned so that the row can still be written.
    """
    fields = f"{text or ''}{id}{sender}{time}"
    if _SURROGATE.search(fields):
        shown = undecodable_bytes(fields)
        error = error or f"undecodable bytes {shown} (wrong --encoding?)"
        text, id, sender, time = (
            None if value is None else _SURROGATE.sub("\ufffd", value)
            for value in (text, id, sender, time)
        )
    iso, time_ok = parse_time(time)
    if error:
        status = ERROR
    elif text is None or not text.strip():
        status, error = EMPTY, empty_reason
    else:
        status = OK
        if not time_ok:
            error = "time not recognised, kept as given"
    return Record(
        row, text, id, sender, iso if time_ok else time, time_ok, status, error, direction
    )
