"""Android "SMS Backup & Restore" XML, parsed incrementally.

Each ``<sms>`` is a record (``body``, ``address``, ``date`` in epoch milliseconds, ``type``
the box: 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued). Each
``<mms>`` is one record too: the text of its ``text/plain`` parts joined by newlines is
scored, and ``msg_box`` is its box, numbered as ``type``; an mms with no text part (a
picture alone) is an ``empty`` record. Other elements
are ignored.

The file is decoded and fed to expat in chunks, so memory stays flat however large it is.
Before a chunk reaches the parser, what strict XML refuses but Android exports contain is
made acceptable, always keeping its length so that error positions stay true:

* a character reference pair to UTF-16 surrogates (``&#55357;&#56838;``) becomes one
  zero-padded reference to the character (``&#0000128518;``, the emoji);
* a reference to U+FFFE or U+FFFF becomes U+FFFD; one to a lone surrogate (half an emoji
  cut short) too, with a note on its record (``LONE_SURROGATE``, as the JSON Lines reader
  gives for the same escape);
* a control character, literal or referenced, and an undecodable byte are carried through
  the parser as private-use characters (U+10FD00–U+10FFFF, which SMS do not use) and
  restored afterwards, so that the record with an undecodable byte is an error record.

Chunks are cut before a ``<``, which no reference contains, so a reference is never split.
A malformed file yields its records up to the fault, then raises ``FormatError`` naming
the line and (1-based) column.
"""

from __future__ import annotations

import codecs
import re
import xml.parsers.expat
from collections.abc import Iterator
from typing import BinaryIO

from .encoding import MARK
from .errors import FormatError
from .record import LONE_SURROGATE, RECEIVED, SENT, Record, make_record

__all__ = ["read_sms_xml"]

CHUNK_SIZE = 1 << 20

_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_CARRIED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\udc00-\udcff]")
_SMUGGLED = re.compile("[\U0010fd00-\U0010ffff]")
_FILLER = 0x10FD00
_LONE = chr(0x10FD01)  # stands for a reference to a lone surrogate
_CONTROLS = 0x10FE00
_BYTES = 0x10FF00
_CONTROL_CODES = [c for c in range(0x20) if c not in (0x9, 0xA, 0xD)]
_CARRY = {c: _CONTROLS + c for c in _CONTROL_CODES} | {0xDC00 + b: _BYTES + b for b in range(256)}
_REPLACEMENT = 0xFFFD
_RESTORE = {v: k for k, v in _CARRY.items()} | {_FILLER: None, ord(_LONE): _REPLACEMENT}
_BOXES = {"1": RECEIVED, "2": SENT, "3": "draft", "4": "outbox", "5": "failed", "6": "queued"}


def read_sms_xml(source: BinaryIO, encoding: str) -> Iterator[Record]:
    """The records of an SMS Backup & Restore file read from ``source``."""
    decoder = codecs.getincrementaldecoder(encoding)(errors=MARK)
    handler = _Handler()
    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    carry = ""
    while True:
        chunk = source.read(CHUNK_SIZE)
        text = carry + decoder.decode(chunk or b"", final=not chunk)
        cut = len(text) if not chunk else text.rfind("<")
        if cut > 0:
            carry = text[cut:]
            yield from _parse(parser, handler, _escape(text[:cut]), final=False)
        else:
            carry = text
        if not chunk:
            break
    yield from _parse(parser, handler, "", final=True)


def _parse(parser, handler: _Handler, text: str, *, final: bool) -> Iterator[Record]:
    try:
        parser.Parse(text, final)
    except xml.parsers.expat.ExpatError as error:
        yield from handler.take()
        message = xml.parsers.expat.ErrorString(error.code)
        raise FormatError(
            f"malformed XML at line {error.lineno}, column {error.offset + 1}: {message}"
        ) from None
    yield from handler.take()


class _Handler:
    """Expat callbacks that turn ``sms`` and ``mms`` elements into records."""

    def __init__(self) -> None:
        self._records: list[Record] = []
        self._row = 0
        self._mms: dict[str, str] | None = None
        self._parts: list[str] = []

    def take(self) -> list[Record]:
        records, self._records = self._records, []
        return records

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "sms":
            self._add(attrs.get("body"), attrs, box="type")
        elif name == "mms":
            self._mms, self._parts = attrs, []
        elif name == "part" and self._mms is not None and attrs.get("ct") == "text/plain":
            self._parts.append(attrs.get("text", ""))

    def end(self, name: str) -> None:
        if name == "mms" and self._mms is not None:
            text = "\n".join(self._parts) if self._parts else None
            self._add(text, self._mms, box="msg_box", empty_reason="mms without a text part")
            self._mms = None

    def _add(self, text: str | None, attrs: dict[str, str], *, box: str, **kwargs) -> None:
        self._row += 1
        sender = attrs.get("address", "")
        code = attrs.get(box, "")
        self._records.append(
            make_record(
                self._row,
                None if text is None else _restore(text),
                sender=_restore(sender),
                time=attrs.get("date", ""),
                # O(1) for text without characters beyond the BMP, as nearly all is
                note=LONE_SURROGATE if _LONE in (text or "") or _LONE in sender else "",
                direction=_BOXES.get(code, f"{box}={code}" if code else ""),
                **kwargs,
            )
        )


def _escape(text: str) -> str:
    """``text`` made acceptable to expat, at the same length (see the module docstring)."""
    if "&#" in text:
        text = _fix_references(text)
    if _CARRIED.search(text):
        text = text.translate(_CARRY)
    return text


def _restore(value: str) -> str:
    """Undo what ``_escape`` carried through the parser."""
    return value.translate(_RESTORE) if _SMUGGLED.search(value) else value


def _fix_references(text: str) -> str:
    pieces: list[str] = []
    done = 0
    high = None  # a reference to a high surrogate, waiting for its low half

    def replace(start: int, end: int, by: str) -> None:
        nonlocal done
        pieces.extend((text[done:start], by))
        done = end

    for match in _REFERENCE.finditer(text):
        code = _code(match)
        if high is not None:
            waiting, high = high, None
            if match.start() == waiting.end() and 0xDC00 <= code <= 0xDFFF:
                pair = 0x10000 + ((_code(waiting) - 0xD800) << 10) + (code - 0xDC00)
                length = match.end() - waiting.start()
                replace(waiting.start(), match.end(), _reference(pair, length))
                continue
            replace(*waiting.span(), _substitute(waiting))
        if 0xD800 <= code <= 0xDBFF:
            high = match
        elif not _is_xml_char(code):
            replace(*match.span(), _substitute(match))
    if high is not None:
        replace(*high.span(), _substitute(high))
    pieces.append(text[done:])
    return "".join(pieces)


def _code(match: re.Match) -> int:
    hexadecimal, decimal = match.groups()
    return int(hexadecimal, 16) if hexadecimal else int(decimal)


def _is_xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _substitute(match: re.Match) -> str:
    """What stands in for a reference to a character XML forbids, at the same length."""
    code, length = _code(match), len(match[0])
    if code < 0x20:
        return chr(_CONTROLS + code) + chr(_FILLER) * (length - 1)
    if 0xD800 <= code <= 0xDFFF:
        return _LONE + chr(_FILLER) * (length - 1)
    return _reference(_REPLACEMENT, length)


def _reference(code: int, length: int) -> str:
    """A decimal character reference to ``code``, zero-padded to ``length`` characters."""
    return f"&#{code:0{length - 3}d};"
