"""Choosing an input's text encoding, and marking the bytes that do not decode.

Detection: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; otherwise text that is UTF-8
is UTF-8 — also when a few of its bytes are not (at most 10 % of the non-ASCII ones: a
corrupt record, not another encoding, in which as good as none would be); only then is
charset-normalizer asked. GB18030 (the superset of GBK and GB2312, which are widened to
it) is preferred whenever it fits as well as the detector's best guess: on a short sample
of Chinese text the detector may rank Big5 or CP949 as high, but Chinese exports are GBK.

Decoding never guesses silently: each undecodable byte becomes a lone surrogate
``U+DC00 + byte`` (the ``MARK`` error handler), which no valid decoded text contains, so
the record holding it is reported as an error instead of being classified as mojibake.
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
    "normalise_encoding",
    "undecodable_bytes",
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
_MARKED = re.compile("[\udc80-\udcff]")
_ASCII = bytes(range(0x80))
_MOSTLY = 0.1  # the share of non-ASCII bytes that may be undecodable in a UTF-8 file
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
    if _mostly_utf8(head, complete=complete):
        return "utf-8"
    from charset_normalizer import from_bytes  # imported only when needed: it is slow to load

    matches = from_bytes(head)
    best = matches.best()
    if best is None or any(
        normalise_encoding(match.encoding) == "gb18030" and match.chaos <= best.chaos
        for match in matches
    ):
        return "gb18030"
    return normalise_encoding(best.encoding)


def _mostly_utf8(head: bytes, *, complete: bool) -> bool:
    text = codecs.getincrementaldecoder("utf-8")(errors=MARK).decode(head, final=complete)
    bad = len(_MARKED.findall(text))
    return bad == 0 or bad <= _MOSTLY * len(head.translate(None, _ASCII))


def decode_head(head: bytes, encoding: str, *, complete: bool) -> str:
    """``head`` as text, for format detection (undecodable bytes become U+FFFD)."""
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=complete)


def undecodable_bytes(text: str) -> str:
    """The marked bytes (and other lone surrogates) in ``text``, shown as escapes."""
    found = SURROGATE.findall(text)
    shown = "".join(
        f"\\x{ord(c) - 0xDC00:02x}" if "\udc00" <= c <= "\udcff" else f"\\u{ord(c):04x}"
        for c in found[:_SHOWN]
    )
    return shown + ("…" if len(found) > _SHOWN else "")
