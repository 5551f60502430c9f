"""Canonical forms: pinyin, abbreviations, homophones, English and Cantonese words mapped to
the standard Chinese term that the rules and the model know, declared as data in
``data/canonical.toml``.

"ni de hb yq le" and "Your credit card is overdue" are the same messages as "你的花呗逾期了"
and "你的信用卡逾期了" in another dress. Normalisation (see ``normalise``) replaces each
variant found in the normalised text by its canonical term, keeping the offset map, so that
a rule hit on "逾期" still points at "yq" in the original.

An entry has a stable ``id``, the ``canonical`` term, a ``kind`` (pinyin, abbreviation,
homophone, english, cantonese, spoken: what a voice message's transcript writes for a
symbol read aloud), a ``description``, a ``source`` and either ``variants``
(literal strings; a space in a Latin variant matches any run of spaces, hyphens or
underscores, or none) or a ``pattern`` (a regular expression, for variants that need
context on either side). A Latin variant only matches a whole word, outside links, ids and
numbers: "hk" maps in "借呗明天hk 500" but not in "hkd" or "hk500". ``context``
(optional) names a pattern that must also occur somewhere else in the text, for
abbreviations that mean a debt word only beside other debt words. ``examples.map`` are
texts in which the entry must map, ``examples.no_map`` texts in which it must not; one test
runs them all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .joined import Joined
from .prefilter import WhenRepaid

__all__ = ["CanonicalError", "Form", "Forms", "load_forms"]

KINDS = ("pinyin", "abbreviation", "homophone", "english", "cantonese", "spoken")
_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
_LATIN = re.compile(r"^[a-z0-9 ']+$")
#: A Latin word is part of a link, an e-mail address or an id when one of LINK_BEFORE stands
#: just before it, or LINK_AFTER matches just after it: a dot only where the link goes on,
#: as a full stop ends a sentence ("ni yq le. kuai huan"). ``pinyin`` reads words so too.
LINK_BEFORE = "./@_-"
LINK_AFTER = r"[_@/-]|\.[a-z0-9]"
# A Latin variant is a whole word, and not part of a link, an e-mail address, an id or a
# number ("tx" in "V:tx98", "loan" in "www.loan-help.com" stay as they are): it starts with
# a letter that no letter, digit or LINK_BEFORE precedes, and neither a letter or digit nor
# LINK_AFTER follows it.
_LATIN_WORD_START = rf"{{letter}}(?<![a-z0-9{LINK_BEFORE}]{{letter}})(?:{{rests}})"
_LATIN_WORD_END = rf"(?![a-z0-9]|{LINK_AFTER})"
_SPACING = re.compile(r"[\s_-]+")
_KEYS = {"id", "canonical", "kind", "description", "source", "variants", "pattern", "context",
         "examples"}


class CanonicalError(ValueError):
    """The canonical-forms file is invalid; the message names the entry and the problem."""


@dataclass(frozen=True, slots=True)
class Form:
    id: str
    canonical: str
    kind: str
    description: str
    source: str
    variants: tuple[str, ...] | None
    regex: str  # the variants as one regular expression
    context: re.Pattern[str] | None
    examples_map: tuple[str, ...]
    examples_no_map: tuple[str, ...]


def _variant_regex(variant: str) -> str:
    if _LATIN.match(variant):
        return r"[\s_-]*".join(re.escape(part) for part in variant.split())
    return re.escape(variant)


def _latin_words(regexes: Sequence[str]) -> str:
    """One pattern for the Latin variants' ``regexes``, in order of preference, as whole
    words: an alternation of one branch per first letter, each holding the rest of its
    variants in their order, which finds the same matches as an alternation of the variants.

    A pattern that starts with literal characters lets re skip ahead to them in C, where a
    look-ahead or look-behind first is tried at every position (about four times slower on
    the test split); one branch per letter spares trying every variant at every word.
    A variant that starts with anything but a letter never starts a word, and is left out.
    """
    rests: dict[str, list[str]] = {}
    for regex in regexes:
        if "a" <= regex[0] <= "z":
            rests.setdefault(regex[0], []).append(regex[1:])
    branches = (_LATIN_WORD_START.format(letter=letter, rests="|".join(group))
                for letter, group in rests.items())
    return f"(?:{'|'.join(branches)}){_LATIN_WORD_END}"


def _key(variant: str) -> str:
    return _SPACING.sub("", variant)


def _fail(form_id: str, problem: str) -> CanonicalError:
    return CanonicalError(f"canonical form {form_id!r}: {problem}")


def _parse(raw: Mapping, contexts: Mapping[str, re.Pattern[str]], check: bool) -> Form:
    form_id = raw.get("id")
    if not isinstance(form_id, str) or not _ID.match(form_id):
        raise _fail(str(form_id), "id must be UPPER_SNAKE_CASE")
    unknown = set(raw) - _KEYS
    if unknown:
        raise _fail(form_id, f"unknown keys {sorted(unknown)}")
    for key in ("canonical", "description", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(form_id, f"{key} is required")
    if raw.get("kind") not in KINDS:
        raise _fail(form_id, f"kind must be one of {KINDS}")
    variants, pattern = raw.get("variants"), raw.get("pattern")
    if (variants is None) == (pattern is None):
        raise _fail(form_id, "needs exactly one of variants or pattern")
    if variants is not None:
        if not variants or not all(isinstance(v, str) and v == v.lower() and v.strip()
                                   for v in variants):
            raise _fail(form_id, "variants must be non-empty lower-case strings")
        regex = "|".join(_variant_regex(v) for v in sorted(variants, key=len, reverse=True))
    else:
        regex = pattern
    if check:
        try:
            compiled = re.compile(regex)
        except re.error as exc:
            raise _fail(form_id, f"pattern does not compile: {exc}") from None
        if compiled.groups:
            raise _fail(form_id, "use (?:…) groups only")
        if compiled.search(""):
            raise _fail(form_id, "matches the empty string")
    context = raw.get("context")
    if context is not None and context not in contexts:
        raise _fail(form_id, f"unknown context {context!r}; known: {sorted(contexts)}")
    examples = raw.get("examples", {})
    match, no_match = tuple(examples.get("map", ())), tuple(examples.get("no_map", ()))
    if not match or not no_match:
        raise _fail(form_id, "needs at least one example that maps and one that does not")
    return Form(form_id, raw["canonical"], raw["kind"], raw["description"].strip(),
                raw["source"].strip(), None if variants is None else tuple(variants), regex,
                None if context is None else contexts[context],
                match, no_match)


class Forms:
    """A validated set of canonical forms, searched in passes whose matches are merged.

    Literal variants are searched as two alternations, CJK and Latin, each longest first, so
    that "debt relief" maps as a whole rather than as "debt"; each form with a pattern of its
    own is a pass of its own. Each pass lets re skip ahead to the characters its variants
    start with, which one alternation of them all could not.
    """

    def __init__(self, forms: list[Form], prefilter: bool = True) -> None:
        ids = [f.id for f in forms]
        if len(set(ids)) != len(ids):
            raise CanonicalError(f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}")
        self.forms = tuple(forms)
        self.by_id = {form.id: form for form in forms}
        self._by_group = {f"f{i}": form for i, form in enumerate(forms) if form.variants is None}
        self._by_literal: dict[str, Form] = {}
        for form in forms:
            for variant in form.variants or ():
                key = _key(variant)
                if self._by_literal.get(key, form) is not form:
                    raise CanonicalError(f"variant {variant!r} of {form.id!r} is also a "
                                         f"variant of {self._by_literal[key].id!r}")
                self._by_literal[key] = form
        # Longest first (see the class notes), then alphabetically: the same pattern text in
        # every process, which the prefilter's cache is keyed on.
        literals = sorted({v for f in forms for v in f.variants or ()}, key=lambda v: (-len(v), v))
        latin = [_variant_regex(v) for v in literals if _LATIN.match(v)]
        cjk = [_variant_regex(v) for v in literals if not _LATIN.match(v)]
        passes = [
            "|".join(cjk),
            _latin_words(latin) if latin else "",
            *(f"(?P<{group}>{form.regex})" for group, form in self._by_group.items()),
        ]
        #: The passes.
        self.patterns = tuple(re.compile(p) for p in passes if p)
        # Few texts hold a variant: a Hyperscan prefilter of all passes names them in one
        # scan of a batch, and only they are searched (see found_many).
        self._prefilter_for = WhenRepaid(lambda: [p.pattern for p in self.patterns],
                                         per_text=False) if prefilter else None

    def found_many(self, texts: Sequence[str]) -> dict[int, list[tuple[int, int, Form]]]:
        """``(start, end, form)`` for each variant found, in order, for each text that has
        one, by index; where two overlap, the one that starts first, then the longer, wins.
        The texts are scanned joined into one string once per pass (no variant matches the
        join character); with the prefilter, only those where a variant may be, except for
        the passes it cannot take. The answer for a text depends on that text alone, with
        or without the prefilter."""
        joined = Joined(texts)
        prefilter = self._prefilter_for(len(texts)) if self._prefilter_for else None
        chosen = prefilter.texts_matched(joined) if prefilter is not None else None
        if chosen is not None:
            among = Joined([texts[i] for i in chosen])
            unfiltered = frozenset(prefilter.unfiltered)
        candidates: dict[int, list[tuple[int, int, Form]]] = {}
        for k, pattern in enumerate(self.patterns):
            everywhere = chosen is None or k in unfiltered
            batch = joined if everywhere else among
            for m in pattern.finditer(batch.text):
                group = m.lastgroup
                form = self._by_group[group] if group else self._by_literal[_key(m.group())]
                start, end = m.span()
                i, offset = batch.locate(start)
                if not everywhere:
                    i = chosen[i]
                candidates.setdefault(i, []).append((offset, offset + end - start, form))
        out = {}
        for i, found in candidates.items():
            kept = self._resolve(texts[i], found)
            if kept:
                out[i] = kept
        return out

    @staticmethod
    def _resolve(text: str, found: list[tuple[int, int, Form]]) -> list[tuple[int, int, Form]]:
        """The candidates that do not overlap an earlier or longer one, and whose context, if
        they need one, occurs elsewhere in ``text``."""
        out: list[tuple[int, int, Form]] = []
        contexts: dict[str, list[tuple[int, int]]] = {}
        last_end = 0
        for start, end, form in sorted(found, key=lambda c: (c[0], -c[1])):
            if start < last_end or text[start:end] == form.canonical:
                continue
            if form.context is not None:
                spans = contexts.get(form.id)
                if spans is None:
                    spans = contexts[form.id] = [c.span() for c in form.context.finditer(text)]
                # The variant itself ("hk") is no context for itself. The spans come in order
                # and do not overlap, so one ends before the variant if the first does, and
                # one starts after it if the last does: two comparisons, not one per span
                # (a text of 20,000 "hk" took 18 s).
                if not spans or (spans[0][1] > start and spans[-1][0] < end):
                    continue
            out.append((start, end, form))
            last_end = end
        return out


def load_forms(path: str | Path | None = None) -> Forms:
    """The canonical forms of ``path`` (``None``: the shipped file), validated."""
    if path is None:
        return _shipped()
    with open(path, "rb") as fh:
        return _from_toml(tomllib.load(fh), check=True)


def _from_toml(data: Mapping, check: bool = True) -> Forms:
    try:
        contexts = {name: re.compile(p) for name, p in data.get("contexts", {}).items()}
    except re.error as exc:
        raise CanonicalError(f"a context pattern does not compile: {exc}") from None
    return Forms([_parse(raw, contexts, check) for raw in data.get("form", ())])


@cache
def _shipped() -> Forms:
    # Each form's own pattern is checked when a path is given (the tests load the shipped
    # file so); here the passes compile them all at once, which spares a one-off
    # `scamcheck check` compiling each twice.
    raw = resources.files("scamcheck.data").joinpath("canonical.toml").read_bytes()
    return _from_toml(tomllib.loads(raw.decode("utf-8")), check=False)
