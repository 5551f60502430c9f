"""The rule engine: runs a validated set of rules (see ``rules``) over a batch of texts.

Contract: :meth:`RuleEngine.evaluate` takes normalised texts (and, optionally, their
senders) and gives, for each text, every shown rule (not a sub-rule) that fired on it —
once, with the span of its first match in the normalised text, or ``(-1, -1)`` when the
evidence is not a span (a sender check, an ``absent`` rule) — leaving out a match that lies
inside a quotation (see ``quotes``) unless the rule is a frame cue, ordered by start, then
rule id; the summed weights per label; the highest-precedence label of a decisive rule that
fired, unless a frame rule fired too (the text talks about such a message; see ``rules``);
and the quoted spans. The answer for a text depends on that text and its sender alone: not
on the rest of the batch, and not on whether the prefilter is used (``tests/test_rules.py``
checks it on the corpus and the real data sets).

It works in four steps, one method each:

1. **search** the patterns: with the prefilter (see ``prefilter``), each pattern only in the
   messages where it may match; the rest once over the batch joined by newlines
   (``joined.Joined``);
2. **checks**: each code check (``checks``) on the messages where its guard may match, and
   that have a sender if it needs one;
3. **combine**: ``absent`` rules, then the meta rules (``requires``, ``unless``);
4. **score**: the hits, the summed weights and the decisive label of each message.

Which messages a rule fired on is one integer per rule used as a bit set, so that
``absent``, ``requires`` and ``unless`` are a few integer operations per rule for the whole
batch, and cost next to nothing for one message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .joined import RULES_SEPARATOR, Joined
from .labels import LABELS, PRECEDENCE
from .prefilter import Prefilter, WhenRepaid
from .quotes import inside, quoted_regions

if TYPE_CHECKING:
    from .checks import CheckSpec
    from .rules import Rule

__all__ = ["Match", "RuleEngine", "RuleResults"]

#: Which messages each rule fired on (a bit set per rule, by rule index), and the span of
#: each firing by ``(message, rule)``.
_Fired = list[int]
_Spans = dict[tuple[int, int], tuple[int, int]]


class Match(NamedTuple):
    """A rule that fired, with its span in the *normalised* text.

    The span is ``(-1, -1)`` when the evidence is not a span of the text: a sender check,
    or an ``absent`` rule.
    """

    rule: Rule
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RuleResults:
    """What the rules found in a batch of texts.

    ``matches[i]`` are the shown rules that fired on text ``i``, by position; ``scores`` the
    summed weights per label (``n × len(LABELS)``, ``LABELS`` order); ``decisive[i]`` the
    index in ``LABELS`` of the highest-precedence label of a decisive rule that fired, or -1
    (also when a frame rule fired); ``absent`` the part of ``scores`` that rules firing on
    an absence added (``None`` when none fired), which fusion weighs by the model's
    evidence; ``quoted`` the quoted spans of each text that has any
    (``quotes.quoted_regions``), which the model reads as a mark.
    """

    matches: list[list[Match]]
    scores: np.ndarray
    decisive: np.ndarray
    absent: np.ndarray | None = None
    quoted: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


_by_start = attrgetter("start")


class RuleEngine:
    """Runs ``rules`` (validated, with every sub-rule they name) with ``checks`` by name."""

    def __init__(
        self, rules: Sequence[Rule], checks: Mapping[str, CheckSpec], prefilter: bool = True
    ) -> None:
        self.rules = tuple(rules)
        index = {rule.id: r for r, rule in enumerate(self.rules)}
        self._pattern_idx = [r for r, rule in enumerate(self.rules) if rule.source is not None]
        # Compiled patterns, by rule, compiled when first searched: a one-off check that the
        # prefilter narrows to a few rules compiles only those.
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self.rules)
        # Loaded from the cache at the first evaluation, built when there is none once it
        # repays (see prefilter.WhenRepaid).
        self._prefilter_for = WhenRepaid(self._prefilter_patterns) if prefilter else None
        # What each position of the prefilter's pattern list stands for: a rule's pattern,
        # or the guard of one or more checks (see _prefilter_patterns).
        self._rule_at: dict[int, int] = {}
        self._guarded_at: dict[int, list[int]] = {}
        self._absent_idx = [r for r, rule in enumerate(self.rules) if rule.absent]
        self._check_of = {r: checks[rule.check] for r, rule in enumerate(self.rules)
                          if rule.check is not None}
        self._sender_check_idx = frozenset(
            r for r, spec in self._check_of.items() if spec.needs_sender)
        self._apply_meta = _compile_meta(
            (r, [index[x] for x in rule.requires], [index[x] for x in rule.unless],
             rule.source is not None)
            for r, rule in enumerate(self.rules) if rule.requires or rule.unless
        )
        # A meta rule without a pattern reports the span of its last required sub-rule.
        self._span_from = [index[rule.requires[-1]] if rule.requires else r
                           for r, rule in enumerate(self.rules)]
        # In order of rule id, so that each message's matches are found in that order and a
        # stable sort by start gives the reported order: by start, then id.
        self._shown_idx = sorted((r for r, rule in enumerate(self.rules) if not rule.is_sub_rule),
                                 key=lambda r: self.rules[r].id)
        # The LABELS index of each PRECEDENCE rank, and -1 for "no decisive rule".
        self._label_of_rank = np.array([LABELS.index(label) for label in PRECEDENCE] + [-1],
                                       dtype=np.intp)
        # What a shown rule adds when it fires: (label index, weight, rank of its label in
        # PRECEDENCE if decisive, else None, whether it frames the text).
        self._effects = {
            r: (LABELS.index(rule.label), rule.weight,
                PRECEDENCE.index(rule.label) if rule.decisive else None, rule.frames)
            for r, rule in enumerate(self.rules) if not rule.is_sub_rule
        }

    def evaluate(
        self, texts: Sequence[str], senders: Sequence[str | None] | None = None
    ) -> RuleResults:
        """Run every rule over normalised texts; see the module's contract."""
        prefilter = self._prefilter_for(len(texts)) if self._prefilter_for else None
        candidates = prefilter.candidates(texts) if prefilter is not None else {}
        fired: _Fired = [0] * len(self.rules)
        spans: _Spans = {}
        self._search(texts, prefilter, candidates, fired, spans)
        self._run_checks(texts, senders, prefilter, candidates, fired, spans)
        self._combine(fired, len(texts))
        return self._score(texts, fired, spans)

    def _search(self, texts: Sequence[str], prefilter: Prefilter | None,
                candidates: Mapping[int, list[int]], fired: _Fired, spans: _Spans) -> None:
        """Step 1: the patterns. One the prefilter cannot take is searched once over the
        batch joined by newlines (one regex scan per rule per batch rather than one Python
        call per message); the others only in the messages the prefilter names."""
        rule_at = self._rule_at
        unfiltered = self._pattern_idx if prefilter is None else [
            rule_at[k] for k in prefilter.unfiltered if k in rule_at]
        if unfiltered:
            joined = Joined(texts, RULES_SEPARATOR)
            for r in unfiltered:
                bits = 0
                for i, span in joined.first_matches(self._pattern(r)):
                    bits |= 1 << i
                    spans[i, r] = span
                fired[r] = bits
        for k, messages in candidates.items():
            r = rule_at.get(k)
            if r is None:
                continue  # a guard: see _checked_messages
            search = self._pattern(r).search
            bits = 0
            for i in messages:
                m = search(texts[i])
                if m is not None:
                    bits |= 1 << i
                    spans[i, r] = m.span()
            fired[r] = bits

    def _checked_messages(
        self, n: int, senders: Sequence[str | None] | None, prefilter: Prefilter | None,
        candidates: Mapping[int, list[int]],
    ) -> dict[int, Iterable[int]]:
        """The messages each check rule runs on: all of them, or only those with a sender
        if it needs one, narrowed to those where its guard may match."""
        with_sender = [i for i, s in enumerate(senders) if s] if senders is not None else []
        checked: dict[int, Iterable[int]] = {
            r: with_sender if r in self._sender_check_idx else range(n) for r in self._check_of}
        if prefilter is None:
            return checked
        for g, rs in self._guarded_at.items():
            if g in prefilter.unfiltered:
                continue  # a guard Hyperscan could not take: its checks run everywhere
            messages = set(candidates.get(g, ()))
            for r in rs:
                runs_on = messages.intersection(with_sender) if (
                    r in self._sender_check_idx) else messages
                checked[r] = sorted(runs_on)
        return checked

    def _run_checks(self, texts: Sequence[str], senders: Sequence[str | None] | None,
                    prefilter: Prefilter | None, candidates: Mapping[int, list[int]],
                    fired: _Fired, spans: _Spans) -> None:
        """Step 2: the code checks, each on the messages it may fire on."""
        checked = self._checked_messages(len(texts), senders, prefilter, candidates)
        for r, messages in checked.items():
            run = self._check_of[r].run
            for i in messages:
                span = run(texts[i], senders[i] if senders is not None else None)
                if span is not None:
                    fired[r] |= 1 << i
                    spans[i, r] = span

    def _combine(self, fired: _Fired, n: int) -> None:
        """Step 3: ``absent`` rules fire where their pattern did not; then meta rules."""
        everyone = (1 << n) - 1
        for r in self._absent_idx:
            fired[r] = everyone & ~fired[r]
        self._apply_meta(fired, everyone)

    def _score(self, texts: Sequence[str], fired: _Fired, spans: _Spans) -> RuleResults:
        """Step 4: each message's hits outside quotations, summed weights, decisive label."""
        n = len(texts)
        matches: list[list[Match]] = [[] for _ in range(n)]
        scores = [[0.0] * len(LABELS) for _ in range(n)]
        absent: list[list[float]] | None = None
        rank = [len(PRECEDENCE)] * n
        framed: set[int] = set()
        effects = self._effects
        quoted = quoted_regions(texts)
        for r in compress(self._shown_idx, map(fired.__getitem__, self._shown_idx)):
            label, weight, decisive_rank, frames = effects[r]
            rule, span_from = self.rules[r], self._span_from[r]
            if rule.absent and absent is None:
                absent = [[0.0] * len(LABELS) for _ in range(n)]
            bits = fired[r]
            while bits:
                low = bits & -bits
                i = low.bit_length() - 1
                bits ^= low
                s, e = spans.get((i, r)) or spans.get((i, span_from), (-1, -1))
                if s >= 0 and i in quoted and not frames and inside(quoted[i], s, e):
                    # The quoted message's words, not this one's; a frame cue counts
                    # anywhere: reported speech runs to the sentence's end, over the
                    # comment after it ("他说要去我单位，这合法吗").
                    continue
                matches[i].append(Match(rule, s, e))
                scores[i][label] += weight
                if rule.absent:
                    absent[i][label] += weight
                if decisive_rank is not None and decisive_rank < rank[i]:
                    rank[i] = decisive_rank
                if frames:
                    framed.add(i)
        for hits in matches:
            if len(hits) > 1:
                hits.sort(key=_by_start)
        for i in framed:
            rank[i] = len(PRECEDENCE)
        decisive = self._label_of_rank[np.array(rank, dtype=np.intp)]
        return RuleResults(matches, np.array(scores).reshape(n, len(LABELS)), decisive,
                           None if absent is None else np.array(absent), quoted)

    @property
    def _prefilter(self) -> Prefilter | None:
        return self._prefilter_for.prefilter if self._prefilter_for else None

    def _prefilter_patterns(self) -> list[str]:
        """The prefilter's pattern list: every rule pattern, then every distinct check
        guard; the positions are recorded in ``_rule_at`` and ``_guarded_at``."""
        guards: dict[re.Pattern[str], list[int]] = {}
        for r, spec in self._check_of.items():
            if spec.guard is not None:
                guards.setdefault(spec.guard(), []).append(r)
        self._rule_at = dict(enumerate(self._pattern_idx))
        self._guarded_at = dict(enumerate(guards.values(), len(self._pattern_idx)))
        return [self.rules[r].source for r in self._pattern_idx] + [g.pattern for g in guards]

    def _pattern(self, r: int) -> re.Pattern[str]:
        pattern = self._compiled[r]
        if pattern is None:
            pattern = self._compiled[r] = self.rules[r].pattern
        return pattern


def _compile_meta(meta) -> Callable[[list[int], int], None]:
    """One straight-line function for all meta rules, in file order (SpamAssassin compiles
    its rules to code the same way): ``f[r] = f[r] & f[a] & f[b] & ~f[c]`` per rule, on the
    bit sets of fired messages, skipped (0) as soon as a required set is empty, which is
    most of them for one message. Only rule indices, which are integers, enter the code.
    """
    lines = ["def apply(f, everyone):"]
    for r, requires, unless, has_pattern in meta:
        needed = [f"f[{q}]" for q in ([r] if has_pattern else []) + list(requires)]
        terms = (needed or ["everyone"]) + [f"~f[{q}]" for q in unless]
        value = " & ".join(terms)
        if needed:
            value = f"({value}) if {' and '.join(needed)} else 0"
        lines.append(f"    f[{r}] = {value}")
    lines.append("    return None")
    namespace: dict = {}
    exec("\n".join(lines), namespace)
    return namespace["apply"]
