"""The record every reader yields, and how one is built from raw field values."""

from __future__ import annotations

from typing import NamedTuple

from .encoding import SURROGATE, undecodable
from .times import parse_time

__all__ = ["EMPTY", "ERROR", "LONE_SURROGATE", "OK", "RECEIVED", "SENT", "Record", "make_record"]

OK = "ok"
EMPTY = "empty"
ERROR = "error"

#: The note on a record whose escape or reference to half a surrogate pair (usually half
#: an emoji, cut by the exporting app) was read as U+FFFD: the rest of the text is sound.
LONE_SURROGATE = "half a UTF-16 surrogate pair (a broken emoji?) read as U+FFFD"
_TIME_KEPT = "time not recognised, kept as given"
#: ``Record.direction`` of a message the export marks as received or as sent; other
#: boxes (draft, outbox, failed, queued) are named as such, and ``""`` means the export
#: does not say (every format but SMS Backup & Restore).
RECEIVED = "received"
SENT = "sent"


class Record(NamedTuple):
    """One input message (a named tuple: cheap to build and to send to worker processes).

    ``row`` is its 1-based number within its input, in input order. ``status`` is ``ok``
    (``text`` is to be classified), ``empty`` (no text; ``error`` says why) or ``error``
    (``error`` says what is wrong; ``text`` is what could be read, or ``None``).
    ``time`` is ISO 8601 when ``time_ok``, otherwise the raw value as found; an
    unrecognised time or a repaired character leaves the status ``ok`` and says so in
    ``error``. ``direction`` is ``RECEIVED``, ``SENT``, another box's name or ``""`` when
    the export does not say; ``sender`` is then the other party's number either way.
    ``source`` names the input it came from when a scoring stream
    (``scamcheck.iter_scored``) gave it; it stays the last field (see ``scoring``).
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
    source: str = ""


def make_record(
    row: int,
    text: str | None,
    *,
    id: str = "",
    sender: str = "",
    time: str = "",
    error: str = "",
    note: str = "",
    escaped: bool = False,
    empty_reason: str = "empty message",
    direction: str = "",
) -> Record:
    """Build a record from raw field values, deciding its status.

    ``error`` makes it an error record. Undecodable bytes in any field make it one too,
    with the bytes shown and the field values cleaned so that the row can still be written.
    ``escaped`` says that the fields' lone surrogates come from escapes (JSON ``\\ud83d``
    without its other half), not undecodable bytes: they are read as U+FFFD too, but the
    record is scored, with a note. ``note`` is kept in ``error`` if the record is ``ok``
    (what the reader repaired).
    """
    fields = f"{text or ''}{id}{sender}{time}"
    if SURROGATE.search(fields):
        if escaped:
            note = LONE_SURROGATE
        else:
            error = error or undecodable(fields)
        text, id, sender, time = (
            None if value is None else SURROGATE.sub("\ufffd", value)
            for value in (text, id, sender, time)
        )
    if error and SURROGATE.search(error):  # a reader's message quoting a JSON key, say
        error = SURROGATE.sub("\ufffd", error)
    iso, time_ok = parse_time(time)
    if error:
        status = ERROR
    elif text is None or not text.strip():
        status, error = EMPTY, empty_reason
    else:
        status, error = OK, note
        if not time_ok:
            error = f"{note}; {_TIME_KEPT}" if note else _TIME_KEPT
    return Record(
        row, text, id, sender, iso if time_ok else time, time_ok, status, error, direction
    )
