"""Choosing an input's text encoding, and marking the bytes that do not decode.

Detection: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; otherwise text that is UTF-8
is UTF-8 — also when a few of its bytes are not (at most 10 % of the non-ASCII ones, or
one damaged character: a corrupt record, not another encoding, in which as good as none
would be; see ``mostly_utf8``); only then is
charset-normalizer asked, about the lines that are not UTF-8 (a file may mix both, and
``decoding`` then reads each line in its own). GB18030 (the superset of GBK and GB2312,
which are widened to it) is preferred whenever it fits as well as the detector's best
guess: on a short sample of Chinese text the detector may rank Big5 or CP949 as high, but
Chinese exports are GBK.

Decoding never guesses silently: each undecodable byte becomes a lone surrogate
``U+DC00 + byte`` (the ``MARK`` error handler), which no valid decoded text contains, so
the record holding it is reported as an error instead of being classified as mojibake;
``decoding`` marks the bytes of a line that would decode only as mojibake the same way.
"""

from __future__ import annotations

import codecs
import re

from .errors import UsageError

__all__ = [
    "MARK",
    "SURROGATE",
    "choose_encoding",
    "decode_head",
    "gbk_text",
    "mostly_utf8",
    "normalise_encoding",
    "shown_bytes",
    "undecodable",
    "utf8_text",
]

#: Name of the decode error handler that marks undecodable bytes.
MARK = "scamcheck-mark"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDER = {"gbk": "gb18030", "gb2312": "gb18030", "hz": "gb18030", "utf-8": "utf-8-sig"}
#: A lone surrogate: what an undecodable byte becomes, or what a JSON ``\\ud83d`` escape or
#: an XML ``&#55357;`` reference without its other half means. It cannot be written as
#: UTF-8, so it never leaves a record.
SURROGATE = re.compile("[\ud800-\udfff]")
_WIDE = re.compile("[\u0800-\ud7ff\ue000-\uffff\U00010000-\U0010ffff]")  # 3-4 UTF-8 bytes
_ASCII = bytes(range(0x80))
#: A GB2312 character: its symbol rows (punctuation, full-width forms…) and its 6,763 hanzi.
_GB2312 = re.compile(rb"[\xa1-\xa9\xb0-\xf7][\xa1-\xfe]")
_MOSTLY = 0.1  # the share of non-ASCII bytes that may be undecodable in a UTF-8 file
_CHARACTER = 3  # the undecodable bytes of one damaged UTF-8 character, at most
_SHOWN = 16


def _mark(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(MARK, _mark)


def normalise_encoding(name: str) -> str:
    """The Python codec for ``name``; GBK/GB2312 widen to GB18030, UTF-8 also takes a BOM."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise UsageError(f"unknown encoding {name!r}") from None
    return _WIDER.get(codec, codec)


def choose_encoding(requested: str, head: bytes, *, complete: bool) -> str:
    """The codec to read an input with: ``requested`` unless it is ``auto``, else detected.

    ``head`` is the start of the input, ``complete`` says whether it is all of it (so that
    a multi-byte character cut at its end is not held against UTF-8).
    """
    if requested != "auto":
        return normalise_encoding(requested)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    if mostly_utf8(head, complete=complete):
        return "utf-8"
    from charset_normalizer import from_bytes  # imported only when needed: it is slow to load

    lines = head.splitlines(keepends=True)
    matches = from_bytes(b"".join(line for line in lines if not utf8_text(line)) or head)
    best = matches.best()
    if best is None or any(
        normalise_encoding(match.encoding) == "gb18030" and match.chaos <= best.chaos
        for match in matches
    ):
        return "gb18030"
    return normalise_encoding(best.encoding)


def mostly_utf8(data: bytes, *, complete: bool, wide: bool = False) -> bool:
    """Whether ``data`` is UTF-8 but for a few bytes: at most 10 % of the non-ASCII ones,
    or one damaged character (up to 3 bytes) among as many characters beyond U+07FF, if
    they are at most a quarter of the non-ASCII bytes. In GBK text read as UTF-8 nearly
    every non-ASCII byte is wrong, and the rest pass for two-byte characters; ``wide``
    asks for a character beyond U+07FF in any case (see ``utf8_text``).

    ``complete`` says whether it is all of the input (else a character cut at its end is
    not held against it).
    """
    if complete:
        text = data.decode("utf-8", "surrogateescape")
    else:
        text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(data)
    read = len(data) if complete else len(text.encode("utf-8", "surrogateescape"))
    bad = read - len(text.encode("utf-8", "ignore"))  # surrogateescape: one per bad byte
    non_ascii = len(data.translate(None, _ASCII))
    damaged = bad > _MOSTLY * non_ascii  # more than a few bad bytes: one damaged character?
    if damaged and (bad > _CHARACTER or bad > non_ascii / 4):
        return False
    if wide and not _WIDE.search(text):
        return False
    return not damaged or len(_WIDE.findall(text)) >= bad


def utf8_text(data: bytes, *, wide: bool = False) -> bool:
    """Whether ``data`` is UTF-8 with characters beyond ASCII — with ``wide``, with one
    beyond U+07FF, as Chinese has: GBK bytes pass for UTF-8 by chance now and then, but
    only as two-byte characters (Latin, Greek, Hebrew…). (A UTF-16 line without a BOM can
    be valid UTF-8 too, but then only as ASCII and NULs.)"""
    if data.isascii():
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not wide or _WIDE.search(text) is not None


def decode_head(head: bytes, encoding: str) -> str:
    """``head`` as text, for format detection (undecodable bytes become U+FFFD).

    All of it, as if it were all of the input: a line-by-line decoder (see ``decoding``)
    would otherwise hold back a head without a line break (XML on one line). Where the head
    is not the whole input, its last line may end in U+FFFD for a character cut short;
    detection leaves that line out.
    """
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=True)


def shown_bytes(text: str) -> str:
    """The marked bytes (and other lone surrogates) in ``text``, shown as escapes."""
    found = SURROGATE.findall(text)
    return "".join(
        f"\\x{ord(c) - 0xDC00:02x}" if "\udc00" <= c <= "\udcff" else f"\\u{ord(c):04x}"
        for c in found[:_SHOWN]
    ) + ("…" if len(found) > _SHOWN else "")


def undecodable(text: str) -> str:
    """Why a record whose ``text`` holds marked bytes is an error: the bytes, shown as
    escapes, and the encoding they look like when they are text in one."""
    found = SURROGATE.findall(text)
    shown = shown_bytes(text)  # finds them again: this runs only for rows in error
    marked = bytes(ord(c) - 0xDC00 for c in found if "\udc80" <= c <= "\udcff")
    if len(marked) == len(found):
        for looks_like, codec, test in (("UTF-8", "utf-8", utf8_text), ("GBK", "gbk", gbk_text)):
            if test(marked):
                return (f"bytes {shown} are {looks_like} text read in another encoding "
                        f"(use --encoding {codec}, or leave it out to detect it)")
    return f"undecodable bytes {shown} (wrong --encoding?)"


def gbk_text(data: bytes) -> bool:
    """Whether at least 80 % of the non-ASCII bytes of ``data`` are GB2312 characters
    (everyday hanzi and full-width punctuation), two or more: GBK Chinese. UTF-8 bytes
    pass for them about half the time."""
    pairs = len(_GB2312.findall(data))
    return pairs >= 2 and 2 * pairs >= 0.8 * len(data.translate(None, _ASCII))
