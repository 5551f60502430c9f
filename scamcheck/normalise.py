"""Text normalisation with an offset map back to the original text.

Rules and the model see the normalised text; rule hits are reported against the original
text. The steps, in order, each named as ``Normalised.steps`` records it when it changed
the text (``_STEPS`` runs them):

1. ``surrogates``: lone surrogates become U+FFFD;
2. ``invisible``: zero-width, bidi and other control characters are removed;
3. ``nfkc``: Unicode NFKC (full-width letters, digits and punctuation become ASCII, ①
   becomes 1 …);
4. ``lower_case``: Latin letters are lower-cased;
5. ``tones``: pinyin's tone marks go ("jièkuǎn yūqī" → "jiekuan yuqi", ü → v as pinyin
   is typed), and so do tone numbers in a text that writes them ("jie4kuan3", see
   ``pinyin``), so that steps 10 and 11 read it, and before step 9 would join a tone to a
   count ("qi1 9 tian");
6. ``traditional``: traditional Chinese becomes simplified (OpenCC ``t2s``);
7. ``ellipsis``: an ellipsis ("……", "...", "。。。") becomes one "…": as dots it would read
   like a link's;
8. ``lookalike_digits``: look-alike letters inside digit runs become digits ("9S1O8" →
   "95108");
9. ``separators``: separators used to split words apart are removed: any run of spaces and
   symbols between two CJK characters or between a CJK character and a digit ("逾 期",
   "征*信", "转.账", "减-免"), and spaces between digits ("9 5 1 8 8");
10. ``canonical_forms`` (``data/canonical.toml``, see ``canonical``): pinyin, abbreviations,
    homophones, English and Cantonese words become the Standard Chinese term they stand for
    ("hb yq" → "花呗逾期"), and separators around the new terms go as in step 9;
11. ``pinyin``: the rest of a text typed in pinyin is read as the Chinese words it most
    likely spells ("mei 10 fenzhong da yi ci" → "没10分钟打一次", see ``pinyin``), and the
    spaces between them go as in step 9;
12. ``repeats``: a CJK character repeated three or more times is cut to two ("哈哈哈哈" →
    "哈哈"): the repeats carry no meaning for the labels, and they are where jieba and
    jieba-rs break ties between equally likely segmentations differently.

Each step takes the whole batch (one message is a batch of one): it runs over the batch
joined into one string (``joined.Joined``: one regex scan or one OpenCC call per step per
batch), and only the messages it changes are handled one by one. The offset map is a list
of breakpoints kept only when a step changes lengths.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import NamedTuple

from .canonical import load_forms
from .joined import JOIN, RULES_SEPARATOR, Joined
from .pinyin import read_pinyin, tone_numbers

__all__ = ["EVASIONS", "Normalised", "normalise", "normalise_many"]

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
# The digit before is consumed rather than looked behind at, for the same reason as below.
_LOOKALIKE_RUN = re.compile(r"[0-9]([olisbz]+)(?=[0-9])")

# A separator. Double quotes are not separators: they mark quoted speech, which the rules
# set apart (see ``quotes``).
_SEP = r"[\s*\-_.·•|/\\~^+=#'`’‘•・·ˉ¯…]"
# A run of separators that goes (see ``_separator_cuts``). It starts with a separator, and
# looks behind only from there, so that re skips ahead to separators in C: a pattern that
# starts by looking at the character before tries every CJK character of the text. No
# separator is a CJK character or a digit, so a run found so is whole: a look-behind from
# inside a run sees a separator.
_SEPARATOR_CUT = re.compile(
    rf"{_SEP}(?:(?<=[{_CJK}].){_SEP}*(?=[{_CJK}0-9])"
    rf"|(?<=[0-9].)(?:{_SEP}*(?=[{_CJK}])|(?<=[ \t])[ \t]*(?=[0-9])))",
    re.DOTALL,
)
# An ellipsis, which NFKC spells "...": as dots it would read like the dots of a link, which
# the model learns as a sign of phishing. Spelt ``\.\.+`` rather than ``\.{2,}``: re skips
# ahead to a literal first character, but tries a repeat at every position of the text.
_ELLIPSIS = re.compile(r"\.\.+|。。+")
_REPEATS = re.compile(rf"([{_CJK}])\1(\1+)")
# Full-width ASCII forms and the ideographic space: NFKC maps each to one ASCII character,
# so the common case needs no full NFKC pass.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_FULL_WIDTH_MAP = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_COMMON_FULL_WIDTH = "，：？！（）；"
# The steps after ``invisible`` join a batch with ``joined.JOIN``: that step removes it, so
# no text contains it by then, no step's pattern matches it, and OpenCC leaves it alone.
# The first two join with a newline, which neither removes.


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


class Normalised(NamedTuple):
    """A normalised text and the map from its positions back to the original's.

    ``breaks`` is a sorted tuple of ``(normalised_start, original_start)`` pairs: a
    normalised position ``p`` maps to ``original_start + (p - normalised_start)`` for the
    last break at or before ``p``. Identity when empty.
    """

    text: str
    original: str
    breaks: tuple[tuple[int, int], ...] = ()
    #: The ids of the canonical forms that mapped a variant in this text, in order.
    forms: tuple[str, ...] = ()
    #: The steps that changed this text, in order (see the module's list).
    steps: tuple[str, ...] = ()

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
        if not self.breaks:
            return start, end
        if start >= end:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


class _Builder:
    """Accumulates the text through the steps, composing the offset maps.

    The map is kept as breakpoints, like ``Normalised.breaks`` (``None``: identity), so that
    deleting a few separators costs a few list operations, not one per character.
    """

    __slots__ = ("breaks", "forms", "steps", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks: list[tuple[int, int]] | None = None
        self.forms: tuple[str, ...] = ()
        self.steps: list[str] = []

    def _origin(self, pos: int) -> int:
        if self.breaks is None:
            return pos
        n0, o0 = self.breaks[bisect.bisect_right(self.breaks, (pos, _AFTER)) - 1]
        return o0 + pos - n0

    def delete(self, cuts: Sequence[tuple[int, int]]) -> None:
        """Remove the spans ``cuts`` (sorted, not overlapping) from the text."""
        if cuts:
            self.substitute([(start, end, "") for start, end in cuts])

    def substitute(self, edits: Sequence[tuple[int, int, str]]) -> None:
        """Replace the spans of ``edits`` (``(start, end, new)``, sorted, not overlapping).

        A replacement's first character maps to the span's first original character and the
        rest to its last, so that a hit on the replacement covers the whole span it replaced.
        """
        if not edits:
            return
        text = self.text
        old = self.breaks or [(0, 0)]
        # The edits come in order, so the old breakpoints are walked once, with ``j`` at the
        # last one at or before the position in hand, rather than bisected for each edit:
        # a text read from pinyin has dozens of edits.
        j, final_break = 0, len(old) - 1
        kept_text: list[str] = []
        breaks: list[tuple[int, int]] = []
        pos = last = 0
        for start, end, new in [*edits, (len(text), len(text), "")]:
            if start > last:
                kept_text.append(text[last:start])
                while j < final_break and old[j + 1][0] <= last:
                    j += 1
                n0, o0 = old[j]
                origin = o0 + last - n0
                if not breaks or origin != breaks[-1][1] + pos - breaks[-1][0]:
                    breaks.append((pos, origin))  # not the continuation of the last run
                while j < final_break and old[j + 1][0] < start:  # breaks in the kept part
                    j += 1
                    n1, o1 = old[j]
                    at = pos + n1 - last
                    if o1 != breaks[-1][1] + at - breaks[-1][0]:
                        breaks.append((at, o1))
                pos += start - last
            if new:
                kept_text.append(new)
                while j < final_break and old[j + 1][0] <= start:
                    j += 1
                n0, o0 = old[j]
                first = o0 + start - n0
                breaks.append((pos, first))
                if len(new) > 1:
                    if end > start + 1:
                        while j < final_break and old[j + 1][0] < end:
                            j += 1
                        n0, o0 = old[j]
                        final = o0 + end - 1 - n0
                    else:  # a span of one character, or none (an insertion)
                        final = first if end > start else self._origin(end - 1)
                    breaks += [(p, final) for p in range(pos + 1, pos + len(new))]
                pos += len(new)
            last = end
        self.text = "".join(kept_text)
        self.breaks = breaks

    def per_char(self, convert) -> None:
        """Replace each character by ``convert(char)`` (which may be longer or empty)."""
        out: list[str] = []
        breaks: list[tuple[int, int]] = []
        pos = 0
        for i, ch in enumerate(self.text):
            rep = convert(ch)
            out.append(rep)
            origin = self._origin(i)
            for k in range(len(rep)):  # every character of a replacement maps to ``origin``
                _add_break(breaks, pos + k, origin, keep_run=k == 0)
            pos += len(rep)
        self.text = "".join(out)
        self.breaks = breaks

    def replace_same_length(self, new_text: str) -> None:
        self.text = new_text

    def result(self, original: str) -> Normalised:
        return Normalised(self.text, original, tuple(self.breaks or ()), self.forms,
                          tuple(self.steps))


_AFTER = float("inf")


def _add_break(breaks: list[tuple[int, int]], pos: int, origin: int, keep_run=True) -> None:
    """Append a breakpoint unless it continues the last one's run (when ``keep_run``)."""
    if breaks and keep_run:
        n0, o0 = breaks[-1]
        if origin == o0 + pos - n0:
            return
    breaks.append((pos, origin))


def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def _lower_keep_length(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _wide_to_ascii(text: str) -> str:
    # The punctuation of nearly every Chinese message goes by str.replace, a C loop; the
    # regex, with a Python call per character it replaces, then finds little else.
    for wide in _COMMON_FULL_WIDTH:
        if wide in text:
            text = text.replace(wide, _FULL_WIDTH_MAP[wide])
    return _FULL_WIDTH.sub(lambda m: _FULL_WIDTH_MAP[m.group()], text)


# Each step takes a batch's builders and returns those whose text it changed.
_Step = Callable[[Sequence["_Builder"]], Sequence["_Builder"]]


def _changed(builders: Sequence[_Builder], *patterns: re.Pattern[str],
             separator: str = JOIN) -> list[_Builder]:
    """The builders whose text one of ``patterns`` matches, in order, with one scan of the
    batch per pattern (an alternation of them would be one slower scan: re could no longer
    skip ahead to the characters each starts with)."""
    if len(builders) <= 1:
        return [b for b in builders if any(p.search(b.text) for p in patterns)]
    batch = Joined([b.text for b in builders], separator)
    found = sorted({i for pattern in patterns for i, _ in batch.first_matches(pattern)})
    return [builders[i] for i in found]


def _each_slice(batch: Joined, rewritten: str) -> Iterator[str]:
    """Each text of ``batch`` as it is in ``rewritten``, the batch's joined text rewritten
    one character for one (so that every text keeps its place)."""
    return map(rewritten.__getitem__, batch.slices())


def _replace_surrogates(builders: Sequence[_Builder]) -> list[_Builder]:
    changed = _changed(builders, _SURROGATE, separator=RULES_SEPARATOR)
    for b in changed:
        b.replace_same_length(_SURROGATE.sub("\ufffd", b.text))
    return changed


def _remove_invisible(builders: Sequence[_Builder]) -> list[_Builder]:
    changed = _changed(builders, _INVISIBLE, separator=RULES_SEPARATOR)  # JOIN is invisible itself
    for b in changed:
        b.delete([m.span() for m in _INVISIBLE.finditer(b.text)])
    return changed


def _apply_nfkc(builders: Sequence[_Builder]) -> list[_Builder]:
    """Full-width forms become ASCII in one pass over the batch (one character for one);
    the texts that NFKC still changes then take it one by one."""
    batch = Joined([b.text for b in builders])
    joined = _wide_to_ascii(batch.text)
    changed = _take(builders, _each_slice(batch, joined), _nfkc)  # one for one: never per char
    if unicodedata.is_normalized("NFKC", joined):
        return changed
    for b in builders:
        if unicodedata.is_normalized("NFKC", b.text):
            continue
        before, nfkc = b.text, unicodedata.normalize("NFKC", b.text)
        if len(nfkc) == len(before) and b.breaks is None:
            b.replace_same_length(nfkc)
        else:
            b.per_char(_nfkc)
        if b.text != before and b not in changed:
            changed.append(b)
    return changed


def _lower_case(builders: Sequence[_Builder]) -> list[_Builder]:
    batch = Joined([b.text for b in builders])
    joined = batch.text.lower()
    # Where lower-casing changes a length, positions move: then each text on its own.
    lowered = (_each_slice(batch, joined) if len(joined) == len(batch.text)
               else (b.text.lower() for b in builders))
    return _take(builders, lowered, _lower_keep_length)


# Pinyin's tone-marked vowels (and ü, typed v), each one character for one.
_TONE_MARKS = str.maketrans({ch: base for base, marked in (
    ("a", "āáǎà"), ("e", "ēéěè"), ("i", "īíǐì"), ("o", "ōóǒò"), ("u", "ūúǔù"),
    ("v", "ǖǘǚǜü"), ("n", "ńňǹ"), ("m", "ḿ")) for ch in marked})
# Where pinyin's tones may be: a tone-marked vowel, or a letter and a digit 1-5.
_TONE_MARKED = re.compile(f"[{''.join(chr(c) for c in _TONE_MARKS)}]")
# (Spelt from the digit, which re skips ahead to: most texts have fewer digits than letters.)
_LETTER_DIGIT = re.compile("[1-5](?<=[a-z][1-5])")


def _remove_tones(builders: Sequence[_Builder]) -> list[_Builder]:
    changed = []
    for b in _changed(builders, _TONE_MARKED, _LETTER_DIGIT):
        before = b.text
        b.replace_same_length(before.translate(_TONE_MARKS))  # one character for one
        cuts = tone_numbers(b.text)
        if cuts:
            b.delete(cuts)
        if b.text != before:
            changed.append(b)
    return changed


def _simplify(builders: Sequence[_Builder]) -> list[_Builder]:
    """Traditional → simplified Chinese, with one OpenCC call for the whole batch."""
    todo = [b for b in builders if not b.text.isascii()]
    if not todo:
        return []
    batch = Joined([b.text for b in todo])
    converted = batch.split(_t2s().convert(batch.text))
    if len(converted) != len(todo):  # pragma: no cover - OpenCC keeps control characters
        converted = [_t2s().convert(b.text) for b in todo]
    return _take(todo, converted, _t2s().convert)


def _take(builders: Sequence[_Builder], converted: Iterable[str],
          convert_char: Callable[[str], str]) -> list[_Builder]:
    """Give each builder its converted text: as it is where it keeps the length (and with
    it the offset map), else converted again character by character; the builders whose
    text changed."""
    changed = []
    for b, new in zip(builders, converted, strict=True):
        before = b.text
        if new == before:
            continue
        if len(new) == len(before):
            b.replace_same_length(new)
        else:
            b.per_char(convert_char)
        if b.text != before:
            changed.append(b)
    return changed


def _separator_cuts(text: str) -> list[tuple[int, int]]:
    """The separator runs to remove: between two CJK characters, between a CJK character
    and a digit (either way round), and between two digits when they are only whitespace.
    """
    return [m.span() for m in _SEPARATOR_CUT.finditer(text)]


def _replace_ellipses(builders: Sequence[_Builder]) -> list[_Builder]:
    changed = _changed(builders, _ELLIPSIS)
    for b in changed:
        b.substitute([(*m.span(), "…") for m in _ELLIPSIS.finditer(b.text)])
    return changed


def _lookalike_digits(builders: Sequence[_Builder]) -> list[_Builder]:
    changed = _changed(builders, _LOOKALIKE_RUN)
    for b in changed:
        b.replace_same_length(
            _LOOKALIKE_RUN.sub(lambda m: m.group()[0] + m.group(1).translate(_LOOKALIKE), b.text)
        )
    return changed


def _remove_separators(builders: Sequence[_Builder]) -> list[_Builder]:
    batch = Joined([b.text for b in builders])
    cuts: dict[int, list[tuple[int, int]]] = {}
    for start, end in _separator_cuts(batch.text):
        i, offset = batch.locate(start)
        cuts.setdefault(i, []).append((offset, offset + end - start))
    for i, spans in cuts.items():
        builders[i].delete(spans)
    return [builders[i] for i in cuts]


def _canonical_forms(builders: Sequence[_Builder]) -> list[_Builder]:
    found = load_forms().found_many([b.text for b in builders])
    canonical = [builders[i] for i in found]
    for b, variants in zip(canonical, found.values(), strict=True):
        b.substitute([(start, end, form.canonical) for start, end, form in variants])
        b.forms = tuple(form.id for _start, _end, form in variants)
    # A canonical term may now stand between separators ("ni de 花呗 逾期 le").
    _remove_separators(canonical)
    return canonical


# Two Latin words with a vowel beside another letter in one text: a text with fewer is not
# read as pinyin (``pinyin.MIN_WORDS``; every syllable has a vowel), and most texts, among
# them those with ids and numbers masked as "xxxx", are ruled out by one scan of the batch.
# Words and the runs between them are taken whole (possessive), and a word is tried only
# from its start: the scan is linear, where a lazy ".*?" between two words took seconds on
# a text of 50,000 letters.
_VOWEL_WORD = "(?<![a-z])(?=[a-z]*?(?:[aeiouv][a-z]|[a-z][aeiouv]))[a-z]++"
_TWO_LATIN_WORDS = re.compile(
    f"{_VOWEL_WORD}(?:[^a-z{JOIN}]++[a-z]*+)*?[^a-z{JOIN}]++{_VOWEL_WORD}")


def _read_pinyin(builders: Sequence[_Builder]) -> list[_Builder]:
    changed = []
    for b in _changed(builders, _TWO_LATIN_WORDS):
        edits = read_pinyin(b.text)
        if edits:
            b.substitute(edits)
            changed.append(b)
    # Spaces between a word read and a CJK character that stood beside the pinyin (a
    # canonical form's term) go as in the separators step.
    _remove_separators(changed)
    return changed


def _cut_repeats(builders: Sequence[_Builder]) -> list[_Builder]:
    changed = _changed(builders, _REPEATS)
    for b in changed:
        b.delete([m.span(2) for m in _REPEATS.finditer(b.text)])
    return changed


#: The steps, in the order of the module's list, by the names ``Normalised.steps`` records.
_STEPS: tuple[tuple[str, _Step], ...] = (
    ("surrogates", _replace_surrogates),
    ("invisible", _remove_invisible),
    ("nfkc", _apply_nfkc),
    ("lower_case", _lower_case),
    ("tones", _remove_tones),
    ("traditional", _simplify),
    ("ellipsis", _replace_ellipses),
    ("lookalike_digits", _lookalike_digits),
    ("separators", _remove_separators),
    ("canonical_forms", _canonical_forms),
    ("pinyin", _read_pinyin),
    ("repeats", _cut_repeats),
)
#: The steps that undo a disguise a sender may use to dodge a filter, in plain words: an
#: attempt to dodge one is itself evidence worth showing (``Result.notes``).
EVASIONS = {
    "invisible": "zero-width or other invisible characters removed",
    "traditional": "traditional characters read as simplified",
    "lookalike_digits": "look-alike letters in numbers read as digits",
    "separators": "separators between characters removed",
    "pinyin": "pinyin read as Chinese words",
}


def normalise(text: str) -> Normalised:
    """Normalise ``text`` for matching; never raises on any ``str``."""
    return normalise_many([text])[0]


def normalise_many(texts: Sequence[str]) -> list[Normalised]:
    """:func:`normalise` of each text; the same results, batched (see the module's notes)."""
    builders = [_Builder(t) for t in texts]
    for name, step in _STEPS:
        for b in step(builders):
            b.steps.append(name)
    return [b.result(t) for b, t in zip(builders, texts, strict=True)]
