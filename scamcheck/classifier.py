"""The pipeline: normalise → rules → features → model → fusion → result."""

from __future__ import annotations

import gc
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, partial
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .advice import ADVICE
from .canonical import load_forms
from .fusion import evidence, fuse, softmax, summed
from .labels import LABELS, Label
from .model import LinearModel
from .normalise import EVASIONS, Normalised, normalise_many
from .quotes import unquoted
from .result import ByLabel, Result, RuleHit
from .rule_engine import Match, RuleResults
from .rules import RuleSet, load_rules
from .verdict import Verdict

__all__ = ["Classifier", "RulesChangedWarning", "classify", "classify_many"]

_CONTENT = re.compile(r"[0-9a-z\u3400-\u9fff]")
#: Longer texts are judged on their first MAX_CHARS characters (SpamAssassin scans only the
#: first 50,000 characters of a body part for the same reason): no SMS or MMS text comes
#: near it, and it bounds the time a pathological input can take.
MAX_CHARS = 50_000
#: A batch is decided this many texts at a time. The rules keep one integer per rule as a
#: bit set of the texts it fired on, and an operation on such an integer costs more the
#: longer it is; larger slices also outgrow the CPU caches. On the test split, slices of
#: 250-1,000 texts are the fastest, and one call with 40,000 texts is 17 % slower than the
#: same texts in slices of 500 (measured on the 2-core benchmark machine).
SLICE = 500
#: ... and at most this many characters (each text counted up to MAX_CHARS): deciding holds
#: about a hundred bytes per character at once (offset maps, joined copies, tokens), so
#: 500 texts of MAX_CHARS would take gigabytes. Typical SMS (500 of them are ~35,000
#: characters) never reach it.
SLICE_CHARS = 500_000


def _as_str_list(values: Iterable, what: str) -> list:
    if isinstance(values, str | bytes):
        raise TypeError(f"{what} must be a sequence of str, not a single {type(values).__name__}")
    items = list(values)
    for i, v in enumerate(items):
        if not isinstance(v, str):
            raise TypeError(f"{what}[{i}] must be str, not {type(v).__name__}")
    return items


def _hits(norm: Normalised, found: list[Match], sender: str | None) -> tuple[RuleHit, ...]:
    """The rule hits of one message, their spans mapped back to its original text."""
    original, breaks = norm.original, norm.breaks
    hits = []
    for rule, start, end in found:
        if start < 0:
            start = end = -1
            matched = (sender or "") if rule.check else ""
        else:
            if breaks:
                start, end = norm.span(start, end)
            matched = original[start:end]
        hits.append(RuleHit(rule.id, rule.label, rule.weight, start, end, matched,
                            rule.description, rule.basis, rule.decisive))
    return tuple(hits)


class RulesChangedWarning(UserWarning):
    """The rules in use differ from those the model was calibrated with."""


class Classifier:
    """A loaded model and rule set. Thread-safe for reading; cheap to share across forks."""

    def __init__(self, model: LinearModel, rules: RuleSet) -> None:
        self.model = model
        self.rules = rules
        if model.calibrated_with and rules.sha256 and model.calibrated_with != rules.sha256:
            warnings.warn(
                "the model's probabilities were calibrated with other rules (rules.toml "
                f"SHA-256 {model.calibrated_with[:12]}…, in use {rules.sha256[:12]}…): "
                "labels still follow the rules in use, but retrain (`scamcheck train`) for "
                "calibrated probabilities", RulesChangedWarning, stacklevel=2)

    @classmethod
    def load(cls, path: str | Path | None = None, rules: str | Path | None = None) -> Classifier:
        """Load a model folder (``None``: the shipped model) and a rule file (``None``: shipped)."""
        return cls(LinearModel.load(path), load_rules(rules))

    def classify(self, text: str, sender: str | None = None) -> Result:
        """Label one message; never raises for any ``str``.

        A text longer than ``MAX_CHARS`` is judged on its first ``MAX_CHARS`` characters.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if sender is not None and not isinstance(sender, str):
            raise TypeError(f"sender must be str or None, not {type(sender).__name__}")
        # classify_many's checks, slicing and collector pause serve batches: one message
        # needs none of them.
        return self._results([text], None if sender is None else [sender])[0]

    def classify_many(
        self, texts: Iterable[str], senders: Iterable[str | None] | None = None
    ) -> list[Result]:
        """Label many messages at once; the same results as :meth:`classify` one by one."""
        return self._in_slices(self._results, texts, senders)

    def _in_slices(self, handle: Callable[[list, list | None], list], texts, senders) -> list:
        """``handle(texts, senders)`` for the checked inputs, ``SLICE`` texts (``SLICE_CHARS``
        characters) at a time, with the cyclic garbage collector paused; the outputs joined
        in order."""
        texts, senders = _checked(texts, senders)
        with _collection_paused():
            return [
                out
                for at, end in _slices(texts)
                for out in handle(texts[at:end], None if senders is None else senders[at:end])
            ]

    def _results(self, texts: list[str], senders: list[str | None] | None) -> list[Result]:
        d = self._decide(texts, senders)
        by_scores = summed(d.model_logits, d.rules.scores, d.support,
                           d.rules.absent).argmax(axis=1)
        shares = evidence(d.support).tolist()
        results = []
        append = results.append
        # Whole matrices to Python lists once, rather than row by row.
        for best, p, mp, sc, norm, found, sender, by_sums, support, share in zip(
            d.best, d.probs.tolist(), softmax(d.model_logits).tolist(),
            d.rules.scores.tolist(), d.norms, d.rules.matches, senders or [None] * len(texts),
            by_scores.tolist(), d.support.tolist(), shares, strict=True,
        ):
            label = LABELS[best]
            hits = _hits(norm, found, sender) if found else ()
            decided_by = "" if by_sums == best else _decider(label, hits)
            notes = _notes(label, decided_by, LABELS[by_sums], support, share, norm, found)
            append(Result(label, ByLabel(p), hits, ADVICE[label], ByLabel(mp), ByLabel(sc),
                          decided_by, notes))
        return results

    def verdicts(
        self,
        texts: Iterable[str],
        senders: Iterable[str | None] | None = None,
        digits: int | None = None,
    ) -> list[Verdict]:
        """What :meth:`classify_many` decides, without the evidence: for scoring files.

        Each verdict is the label, the probabilities in ``LABELS`` order and the ids of the
        rules that fired, in the order of the result's hits; with ``digits``, the
        probabilities are rounded to that many decimals (half to even). Building full results
        (spans, descriptions, advice) adds about a fifth to the time of deciding.
        """
        return self._in_slices(partial(self._verdicts, digits=digits), texts, senders)

    def _verdicts(
        self, texts: list[str], senders: list[str | None] | None, digits: int | None
    ) -> list[Verdict]:
        d = self._decide(texts, senders)
        probs = d.probs if digits is None else np.round(d.probs, digits)
        return [
            Verdict(LABELS[best], p, tuple([m.rule.id for m in hits]))
            for best, p, hits in zip(d.best, probs.tolist(), d.rules.matches, strict=True)
        ]

    def _decide(self, texts: list[str], senders: list[str | None] | None) -> _Decisions:
        norms = normalise_many([t[:MAX_CHARS] for t in texts])
        normalised = [n.text for n in norms]
        found = self.rules.evaluate(normalised, senders)
        logits, support = self.model.text_logits(unquoted(normalised, found.quoted))
        content = [_CONTENT.search(t) is not None for t in normalised]
        probs = fuse(logits, found.scores, self.model.temperature,
                     None if all(content) else np.array(content), found.decisive, support,
                     found.absent)
        return _Decisions(norms, found, probs, logits, support, probs.argmax(axis=1).tolist())


def _slices(texts: list[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive slices of at most ``SLICE`` texts and, unless a single
    text is longer, ``SLICE_CHARS`` characters."""
    at, chars = 0, 0
    for i, text in enumerate(texts):
        size = min(len(text), MAX_CHARS)
        if i > at and (i - at == SLICE or chars + size > SLICE_CHARS):
            yield at, i
            at, chars = i, 0
        chars += size
    if at < len(texts):
        yield at, len(texts)


class _Decisions(NamedTuple):
    norms: list[Normalised]
    rules: RuleResults
    probs: np.ndarray
    model_logits: np.ndarray
    support: np.ndarray
    best: list[int]


def _decider(label: Label, hits: tuple[RuleHit, ...]) -> str:
    """The rule whose precedence gave ``label`` where the summed scores gave another: the
    strongest decisive cue for ``label``, else (scam cues kept the message from being
    official) the strongest scam cue."""
    for wanted in ((h for h in hits if h.decisive and h.label == label),
                   (h for h in hits if h.label == Label.LIKELY_SCAM and h.weight > 0)):
        best = max(wanted, key=lambda h: h.weight, default=None)
        if best is not None:
            return best.rule_id
    return ""


def _notes(label: Label, decided_by: str, by_sums: Label, support: int, weight: float,
           norm: Normalised, found: list[Match]) -> tuple[str, ...]:
    undone = _undone(norm.steps)
    framed = _framed(found)
    if not (decided_by or weight < 1 or norm.forms or undone or framed):
        return ()  # most messages: nothing to say, and nothing built to say it
    notes = []
    if decided_by:
        notes.append(f"precedence decided: {decided_by} makes this {label}, where the summed "
                     f"scores favoured {by_sums}")
    if framed:
        notes.append(framed)
    if weight < 1:
        # A rule that fired on something the text says, not on what it lacks.
        cues = any(m.rule.weight and not m.rule.absent for m in found)
        rest = "the rules that fired" if cues else (
            "little but the absence of any debt, payment or collection word")
        notes.append(f"little to go on: the model knew {support} of this text's words and "
                     f"word pairs, so its opinion counts {weight:.0%}; the label rests on {rest}")
    if norm.forms:
        forms = load_forms().by_id
        read = ", ".join(dict.fromkeys(f"{forms[f].canonical} ({forms[f].kind})"
                                       for f in norm.forms))
        notes.append(f"disguised or other-language words read as: {read}")
    if undone:
        notes.append(undone)
    return tuple(notes)


def _framed(found: list[Match]) -> str:
    """The note on a frame cue that kept the decisive cues of a text from deciding, or ""."""
    decisive = [m.rule.id for m in found if m.rule.decisive]
    if not decisive:
        return ""
    frames = [m.rule.id for m in found if m.rule.frames]
    if not frames:
        return ""
    return (f"precedence suspended: {', '.join(frames)} (the text talks about a message or "
            f"about collection); {', '.join(decisive)} weighed in but did not decide")


@cache
def _undone(steps: tuple[str, ...]) -> str:
    """The note on the disguises that normalisation ``steps`` undid, or "" (by steps: a
    batch has only a few different ones)."""
    # An attempt to dodge a filter is itself evidence worth showing.
    undone = [EVASIONS[step] for step in steps if step in EVASIONS]
    return f"read through a possible disguise: {', '.join(undone)}" if undone else ""


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a batch, if it is on.

    A batch builds tens of thousands of small containers (results, hits, mappings), none in
    a reference cycle; the collector would traverse them, and everything a caller keeps,
    over and over: about 15 % of the time of a caller who keeps every result. Reference
    counting frees memory as usual meanwhile, and the collector resumes afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _checked(
    texts: Iterable[str], senders: Iterable[str | None] | None
) -> tuple[list[str], list[str | None] | None]:
    texts = _as_str_list(texts, "texts")
    if senders is not None:
        if isinstance(senders, str | bytes):
            raise TypeError("senders must be a sequence of str or None, "
                            f"not a single {type(senders).__name__}")
        senders = list(senders)
        if len(senders) != len(texts):
            raise ValueError(f"{len(senders)} senders for {len(texts)} texts")
        for i, s in enumerate(senders):
            if s is not None and not isinstance(s, str):
                raise TypeError(f"senders[{i}] must be str or None, not {type(s).__name__}")
    return texts, senders


_default: Classifier | None = None


def default_classifier() -> Classifier:
    """The shipped model and rules, loaded on first use."""
    global _default
    if _default is None:
        _default = Classifier.load()
    return _default


def classify(text: str, sender: str | None = None) -> Result:
    """Label one message with the shipped model; see :meth:`Classifier.classify`."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return default_classifier().classify(text, sender)


def classify_many(
    texts: Iterable[str], senders: Sequence[str | None] | None = None
) -> list[Result]:
    """Label many messages with the shipped model; see :meth:`Classifier.classify_many`."""
    return default_classifier().classify_many(texts, senders)
