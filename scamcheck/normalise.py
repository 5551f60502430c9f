"""Text normalisation with an offset map back to the original text.

Rules and the model see the normalised text; rule hits are reported against the original
text. The steps, in order:

1. lone surrogates become U+FFFD; zero-width, bidi and other control characters are removed;
2. Unicode NFKC (full-width letters, digits and punctuation become ASCII, ① becomes 1 …);
3. Latin letters are lower-cased;
4. traditional Chinese becomes simplified (OpenCC ``t2s``);
5. look-alike letters inside digit runs become digits ("9S1O8" → "95108");
6. separators used to split words apart are removed: any run of spaces and symbols between
   two CJK characters or between a CJK character and a digit ("逾 期", "征*信", "转.账",
   "减-免"), and spaces between digits ("9 5 1 8 8");
7. a CJK character repeated three or more times is cut to two ("哈哈哈哈" → "哈哈"): the
   repeats carry no meaning for the labels, and they are where jieba and jieba-rs break
   ties between equally likely segmentations differently.

The common case (plain text that needs none of this) takes a fast path with one regex
search per step and no per-character Python loop; the offset map is a list of breakpoints
kept only when a step changes lengths.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

__all__ = ["Normalised", "normalise"]

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Zero-width, bidi controls, BOM, soft hyphen, variation selectors and C0/C1 controls
# other than the whitespace ones (which the separator step handles).
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")

_LOOKALIKE = str.maketrans({"o": "0", "l": "1", "i": "1", "s": "5", "b": "8", "z": "2"})
# Applied after lower-casing, so only lower-case forms are needed.
_LOOKALIKE_RUN = re.compile(r"(?<=\d)[olisbz]+(?=\d)")

_SEP = r"[\s*\-_.·•|/\\~^+=#'\"`’‘“”•・·ˉ¯…]+"
# The separator is the group that matched; the character before it is consumed rather than
# looked behind at, which lets the regex engine scan for a character class (several times
# faster than a lookbehind at every position).
_SEPARATORS = re.compile(
    rf"[{_CJK}]({_SEP})(?=[{_CJK}0-9])"
    rf"|[0-9]({_SEP})(?=[{_CJK}])"
    r"|[0-9]([ \t]+)(?=[0-9])"
)
_REPEATS = re.compile(rf"([{_CJK}])\1(\1+)")
# Full-width ASCII forms and the ideographic space: NFKC maps each to one ASCII character,
# so the common case needs no full NFKC pass.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_FULL_WIDTH_MAP = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised text and the map from its positions back to the original's.

    ``breaks`` is a sorted tuple of ``(normalised_start, original_start)`` pairs: a
    normalised position ``p`` maps to ``original_start + (p - normalised_start)`` for the
    last break at or before ``p``. Identity when empty.
    """

    text: str
    original: str
    breaks: tuple[tuple[int, int], ...] = ()

    def to_original(self, pos: int) -> int:
        """Original index of normalised index ``pos`` (``len(text)`` maps to the end)."""
        if not self.breaks:
            return pos
        if pos >= len(self.text):
            return len(self.original)
        i = bisect.bisect_right(self.breaks, (pos, float("inf"))) - 1
        if i < 0:
            return pos
        n0, o0 = self.breaks[i]
        return o0 + (pos - n0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``."""
        if start >= end:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


class _Builder:
    """Accumulates the text through the steps, composing the offset maps."""

    __slots__ = ("origin", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.origin: list[int] | None = None  # origin[i] = original index of text[i]

    def _origins(self) -> list[int]:
        if self.origin is None:
            self.origin = list(range(len(self.text)))
        return self.origin

    def delete(self, pattern: re.Pattern[str]) -> None:
        """Remove every match of ``pattern`` (its matching group, if it has groups)."""
        spans = [m.span(m.lastindex or 0) for m in pattern.finditer(self.text)]
        if not spans:
            return
        origin = self._origins()
        keep_text: list[str] = []
        keep_origin: list[int] = []
        last = 0
        for start, end in spans:
            keep_text.append(self.text[last:start])
            keep_origin.extend(origin[last:start])
            last = end
        keep_text.append(self.text[last:])
        keep_origin.extend(origin[last:])
        self.text = "".join(keep_text)
        self.origin = keep_origin

    def per_char(self, convert) -> None:
        """Replace each character by ``convert(char)`` (which may be longer or empty)."""
        origin = self._origins()
        out: list[str] = []
        new_origin: list[int] = []
        for ch, o in zip(self.text, origin, strict=True):
            rep = convert(ch)
            out.append(rep)
            new_origin.extend([o] * len(rep))
        self.text = "".join(out)
        self.origin = new_origin

    def replace_same_length(self, new_text: str) -> None:
        self.text = new_text

    def result(self, original: str) -> Normalised:
        if self.origin is None:
            return Normalised(self.text, original)
        breaks: list[tuple[int, int]] = []
        prev = None
        for i, o in enumerate(self.origin):
            if prev is None or o != prev + 1:
                breaks.append((i, o))
            prev = o
        return Normalised(self.text, original, tuple(breaks))


def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def _lower_keep_length(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def normalise(text: str) -> Normalised:
    """Normalise ``text`` for matching; never raises on any ``str``."""
    b = _Builder(text)
    if _SURROGATE.search(b.text):
        b.replace_same_length(_SURROGATE.sub("\ufffd", b.text))
    if _INVISIBLE.search(b.text):
        b.delete(_INVISIBLE)
    if _FULL_WIDTH.search(b.text):
        b.replace_same_length(_FULL_WIDTH.sub(lambda m: _FULL_WIDTH_MAP[m.group()], b.text))
    if not unicodedata.is_normalized("NFKC", b.text):
        nfkc = unicodedata.normalize("NFKC", b.text)
        if len(nfkc) == len(b.text) and b.origin is None:
            b.replace_same_length(nfkc)
        else:
            b.per_char(_nfkc)
    low = b.text.lower()
    if low != b.text:
        if len(low) == len(b.text):
            b.replace_same_length(low)
        else:
            b.per_char(_lower_keep_length)
    if not b.text.isascii():
        simplified = _t2s().convert(b.text)
        if len(simplified) == len(b.text):
            b.replace_same_length(simplified)
        else:
            b.per_char(_t2s().convert)
    if _LOOKALIKE_RUN.search(b.text):
        b.replace_same_length(
            _LOOKALIKE_RUN.sub(lambda m: m.group().translate(_LOOKALIKE), b.text)
        )
    if _SEPARATORS.search(b.text):
        b.delete(_SEPARATORS)
    if _REPEATS.search(b.text):
        b.delete(_REPEATS)
    return b.result(text)
