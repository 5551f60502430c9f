"""Hand-written rules, declared as data in ``data/rules.toml``, and the engine that runs them.

A rule has a stable ``id``, a ``label``, a ``weight`` (log-odds added to that label when it
fires), a Chinese ``description``, an optional legal ``basis`` and ``examples`` that must
and must not fire it. It fires by one of:

* ``pattern`` — a regular expression searched in the normalised text;
* ``requires`` — a list of sub-rules (ids starting with ``__``, weight 0, never shown) that
  must all fire; with a ``pattern`` too, that must match as well (SpamAssassin's meta rules);
  ``unless`` lists sub-rules none of which may fire (``!__RULE``), with any of the above;
* ``check`` — a named function over the normalised text and the sender (see ``channels``),
  for cues a regular expression cannot express, such as "names a lender but gives a number
  that is not the lender's";
* ``absent = true`` with a ``pattern`` — the pattern does *not* occur anywhere in the text
  (SpamAssassin's ``!__RULE``), e.g. "no word about debts, loans, accounts or payments".

Every rule declares the kind of ``cue`` it is (``CUES``). ``off_channel`` (money, codes or
control leave the official channel) and ``unlawful`` (unlawful collection means) are
*decisive*: they settle the label against every label of lower precedence (see
``fusion``), so that a request to pay anywhere but the official channel makes a message
``likely_scam`` however threatening or official the rest of it sounds, and one unlawful
sentence makes it ``aggressive_collection`` however many lawful ones surround it.

Loading validates the whole file and fails loudly with the rule id at fault (the shipped
file's patterns are compiled when first searched; its tests check them all).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .joined import RULES_SEPARATOR, Joined
from .labels import LABELS, PRECEDENCE, Label
from .prefilter import Prefilter
from .quotes import inside, quoted_regions

__all__ = ["CUES", "DECISIVE_CUES", "Check", "Match", "Rule", "RuleError", "RuleResults",
           "RuleSet", "load_rules"]

#: A check returns the normalised span it fired on, ``(-1, -1)`` for a cue outside the
#: text (the sender), or ``None`` when it does not fire. A check may carry a ``guard``: a
#: function returning a pattern that every text it fires on contains, so that the
#: prefilter can spare it the texts that do not; and ``needs_sender = True`` when it never
#: fires on a message without a sender.
Check = Callable[[str, str | None], tuple[int, int] | None]

WEIGHT_RANGE = (-10.0, 10.0)
#: The kinds of cue a rule can be, and the label each belongs to (``None``: sub-rules).
CUES: dict[str, Label | None] = {
    "off_channel": Label.LIKELY_SCAM,
    "unlawful": Label.AGGRESSIVE_COLLECTION,
    "scam_sign": Label.LIKELY_SCAM,
    "collection_sign": Label.AGGRESSIVE_COLLECTION,
    "lawful": Label.OFFICIAL_REMINDER,
    "everyday": Label.UNRELATED,
    "context": None,
}
#: The cues that settle their label against every label of lower precedence.
DECISIVE_CUES = frozenset({"off_channel", "unlawful"})
#: The prefilter (see ``prefilter``) is loaded from its cache at the first evaluation, and
#: built when there is none once this many texts have been evaluated: building takes about
#: a second, which a small file or a one-off ``scamcheck check`` would not repay.
PREFILTER_BUILD_AFTER = 2_000
_ID = re.compile(r"^(?:__)?[A-Z][A-Z0-9_]*$")


class RuleError(ValueError):
    """The rule file is invalid; the message names the rule and the problem."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    label: Label
    weight: float
    description: str
    basis: str
    source: str | None  # the text of ``pattern``
    requires: tuple[str, ...]
    unless: tuple[str, ...]
    check: str | None
    absent: bool
    cue: str
    examples_match: tuple[tuple[str, str | None], ...]  # (text, sender)
    examples_no_match: tuple[tuple[str, str | None], ...]

    @property
    def is_sub_rule(self) -> bool:
        return self.id.startswith("__")

    @property
    def decisive(self) -> bool:
        """Whether the rule settles its label against every label of lower precedence."""
        return self.cue in DECISIVE_CUES

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled pattern (``re`` keeps it compiled once for the process)."""
        return None if self.source is None else re.compile(self.source, re.MULTILINE)


class Match(NamedTuple):
    """A rule that fired, with its span in the *normalised* text.

    The span is ``(-1, -1)`` when the evidence is not a span of the text: a sender check,
    or an ``absent`` rule.
    """

    rule: Rule
    start: int
    end: int


_by_start = attrgetter("start")


def _fail(rule_id: str, problem: str) -> RuleError:
    return RuleError(f"rule {rule_id!r}: {problem}")


def _parse_rule(raw: Mapping, checks: Mapping[str, Check], compile_pattern: bool) -> Rule:
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise _fail(str(rule_id), "id must be UPPER_SNAKE_CASE (sub-rules start with '__')")
    unknown = set(raw) - {
        "id", "label", "pattern", "weight", "description", "basis", "requires", "check",
        "unless", "absent", "cue", "examples",
    }
    if unknown:
        raise _fail(rule_id, f"unknown keys {sorted(unknown)}")
    try:
        label = Label(raw.get("label"))
    except ValueError:
        raise _fail(rule_id, f"label must be one of {[str(x) for x in LABELS]}") from None
    weight = raw.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        raise _fail(rule_id, "weight must be a number")
    if not WEIGHT_RANGE[0] <= weight <= WEIGHT_RANGE[1]:
        raise _fail(rule_id, f"weight {weight} outside {WEIGHT_RANGE}")
    is_sub = rule_id.startswith("__")
    if is_sub and weight != 0:
        raise _fail(rule_id, "sub-rules (id starting with '__') must have weight 0")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(rule_id, "description is required")
    basis = raw.get("basis", "")
    if not isinstance(basis, str):
        raise _fail(rule_id, "basis must be a string")

    pattern = raw.get("pattern")
    if pattern is not None and not isinstance(pattern, str):
        raise _fail(rule_id, "pattern must be a string")
    if pattern is not None and compile_pattern:
        try:
            compiled = re.compile(pattern, re.MULTILINE)
        except re.error as exc:
            raise _fail(rule_id, f"pattern does not compile: {exc}") from None
        if compiled.search("") is not None:
            raise _fail(rule_id, "pattern matches the empty string")
    requires = raw.get("requires", [])
    unless = raw.get("unless", [])
    for key, value in (("requires", requires), ("unless", unless)):
        if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
            raise _fail(rule_id, f"{key} must be a list of sub-rule ids")
    check = raw.get("check")
    if check is not None and check not in checks:
        raise _fail(rule_id, f"unknown check {check!r}; known: {sorted(checks)}")
    if check is not None and (pattern is not None or requires):
        raise _fail(rule_id, "a check rule takes no pattern or requires")
    if pattern is None and not requires and check is None:
        raise _fail(rule_id, "needs a pattern, requires or check")
    cue = raw.get("cue")
    if cue not in CUES:
        raise _fail(rule_id, f"cue must be one of {sorted(CUES)}")
    if (CUES[cue] is None) != is_sub or (not is_sub and CUES[cue] != label):
        raise _fail(rule_id, f"cue {cue!r} does not fit a {'sub-rule' if is_sub else label} "
                    "rule")
    if cue in DECISIVE_CUES and weight <= 0:
        raise _fail(rule_id, f"a {cue} cue needs a positive weight")
    absent = raw.get("absent", False)
    if not isinstance(absent, bool) or (absent and (pattern is None or requires)):
        raise _fail(rule_id, "absent = true takes a pattern and no requires")

    examples = raw.get("examples", {})
    match = tuple(_example(rule_id, x) for x in examples.get("match", ()))
    no_match = tuple(_example(rule_id, x) for x in examples.get("no_match", ()))
    if not is_sub and (not match or not no_match):
        raise _fail(rule_id, "needs at least one example that matches and one that does not")
    return Rule(
        id=rule_id, label=label, weight=float(weight), description=description.strip(),
        basis=basis.strip(), source=pattern, requires=tuple(requires), unless=tuple(unless),
        check=check,
        absent=absent, cue=cue, examples_match=match, examples_no_match=no_match,
    )


def _example(rule_id: str, raw) -> tuple[str, str | None]:
    """An example is a message, or ``{text = "…", sender = "…"}`` for sender checks."""
    if isinstance(raw, str):
        return raw, None
    if isinstance(raw, dict) and set(raw) <= {"text", "sender"} and isinstance(
        raw.get("text"), str
    ):
        return raw["text"], raw.get("sender")
    raise _fail(rule_id, f"example {raw!r} must be a string or {{text, sender}}")


class RuleSet:
    """A validated, compiled set of rules."""

    def __init__(
        self, rules: Sequence[Rule], checks: Mapping[str, Check], prefilter: bool = True
    ) -> None:
        seen: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in seen:
                raise _fail(rule.id, "duplicate id")
            seen[rule.id] = rule
        for rule in rules:
            for req in (*rule.requires, *rule.unless):
                if req not in seen or not seen[req].is_sub_rule:
                    raise _fail(rule.id, f"requires unknown sub-rule {req!r}")
        self.rules: tuple[Rule, ...] = tuple(rules)
        #: SHA-256 of the rule file, when loaded from one (see ``load_rules``).
        self.sha256 = ""
        self.by_id: dict[str, Rule] = seen
        self._checks = dict(checks)
        index = {rule.id: r for r, rule in enumerate(self.rules)}
        self._pattern_idx = [r for r, rule in enumerate(self.rules) if rule.source is not None]
        # Compiled patterns, by rule, compiled when first searched: a one-off check that the
        # prefilter narrows to a few rules compiles only those.
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self.rules)
        self._use_prefilter = prefilter
        self._prefilter: Prefilter | None = None
        self._guarded: list[list[int]] = []  # check rules sharing each guard, in order
        self._texts_seen = 0
        self._absent_idx = [r for r, rule in enumerate(self.rules) if rule.absent]
        self._check_idx = [r for r, rule in enumerate(self.rules) if rule.check is not None]
        self._sender_check_idx = frozenset(
            r for r in self._check_idx
            if getattr(checks[self.rules[r].check], "needs_sender", False)
        )
        self._apply_meta = _compile_meta(
            (r, [index[x] for x in rule.requires], [index[x] for x in rule.unless],
             rule.source is not None)
            for r, rule in enumerate(self.rules) if rule.requires or rule.unless
        )
        # A meta rule without a pattern reports the span of its last required sub-rule.
        self._span_from = [index[rule.requires[-1]] if rule.requires else r
                           for r, rule in enumerate(self.rules)]
        # What a shown rule adds when it fires: (label index, weight, rank of its label in
        # PRECEDENCE if decisive, else None).
        # In order of rule id, so that each message's matches are found in that order and a
        # stable sort by start gives the reported order: by start, then id.
        self._shown_idx = sorted((r for r, rule in enumerate(self.rules) if not rule.is_sub_rule),
                                 key=lambda r: self.rules[r].id)
        # The LABELS index of each PRECEDENCE rank, and -1 for "no decisive rule".
        self._label_of_rank = np.array([LABELS.index(label) for label in PRECEDENCE] + [-1],
                                       dtype=np.intp)
        self._effects = {
            r: (LABELS.index(rule.label), rule.weight,
                PRECEDENCE.index(rule.label) if rule.decisive else None)
            for r, rule in enumerate(self.rules) if not rule.is_sub_rule
        }

    def __len__(self) -> int:
        return len(self.rules)

    def evaluate(
        self, texts: Sequence[str], senders: Sequence[str | None] | None = None
    ) -> RuleResults:
        """Run every rule over normalised texts; see :class:`RuleResults`.

        Once the prefilter is built, each pattern is searched only in the messages where it
        may match, and each check runs only where its guard may match. Before that (and for
        a pattern Hyperscan cannot take) a pattern runs once over the batch joined by
        newlines, one regex scan per rule per batch instead of one Python call per rule per
        message; a match that crosses a message boundary is discarded and that message
        searched on its own. Which messages a rule fired on is one integer per rule used as
        a bit set, so that ``absent``, ``requires`` and ``unless`` are a few integer
        operations per rule for the whole batch, and cost next to nothing for one message.
        """
        n = len(texts)
        everyone = (1 << n) - 1
        fired = [0] * len(self.rules)
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        joined = Joined(texts, RULES_SEPARATOR)
        prefilter = self._prefilter_for(n)
        pattern_idx = self._pattern_idx
        # Positions past the patterns are the checks' guards (see _prefilter_for).
        unfiltered = pattern_idx if prefilter is None else [
            pattern_idx[k] for k in prefilter.unfiltered if k < len(pattern_idx)]
        for r in unfiltered:
            bits = 0
            for i, span in joined.first_matches(self._pattern(r)):
                bits |= 1 << i
                spans[i, r] = span
            fired[r] = bits
        # The messages each check runs on: all, or those its guard may match.
        checked: dict[int, Iterable[int]] = dict.fromkeys(self._check_idx, range(n))
        with_sender = [i for i, s in enumerate(senders) if s] if senders is not None else []
        checked.update(dict.fromkeys(self._sender_check_idx, with_sender))
        if prefilter is not None:
            n_patterns = len(pattern_idx)
            found = prefilter.candidates(texts)
            for k, messages in found.items():
                if k >= n_patterns:
                    continue  # a guard
                r = pattern_idx[k]
                search = self._pattern(r).search
                bits = 0
                for i in messages:
                    m = search(texts[i])
                    if m is not None:
                        bits |= 1 << i
                        spans[i, r] = m.span()
                fired[r] = bits
            for g, rs in enumerate(self._guarded, n_patterns):
                if g in prefilter.unfiltered:
                    continue  # a guard Hyperscan could not take: its checks run everywhere
                messages = set(found.get(g, ()))
                for r in rs:
                    runs_on = messages.intersection(with_sender) if (
                        r in self._sender_check_idx) else messages
                    checked[r] = sorted(runs_on)
        for r in self._absent_idx:
            fired[r] = everyone & ~fired[r]
        for r, messages in checked.items():
            check = self._checks[self.rules[r].check]
            for i in messages:
                span = check(texts[i], senders[i] if senders is not None else None)
                if span is not None:
                    fired[r] |= 1 << i
                    spans[i, r] = span
        self._apply_meta(fired, everyone)

        matches: list[list[Match]] = [[] for _ in range(n)]
        scores = [[0.0] * len(LABELS) for _ in range(n)]
        rank = [len(PRECEDENCE)] * n
        effects = self._effects
        quoted = quoted_regions(texts)
        for r in compress(self._shown_idx, map(fired.__getitem__, self._shown_idx)):
            label, weight, decisive_rank = effects[r]
            rule, span_from = self.rules[r], self._span_from[r]
            bits = fired[r]
            while bits:
                low = bits & -bits
                i = low.bit_length() - 1
                bits ^= low
                s, e = spans.get((i, r)) or spans.get((i, span_from), (-1, -1))
                if s >= 0 and i in quoted and inside(quoted[i], s, e):
                    continue  # the quoted message's words, not this one's
                matches[i].append(Match(rule, s, e))
                scores[i][label] += weight
                if decisive_rank is not None and decisive_rank < rank[i]:
                    rank[i] = decisive_rank
        for hits in matches:
            if len(hits) > 1:
                hits.sort(key=_by_start)
        decisive = self._label_of_rank[np.array(rank, dtype=np.intp)]
        return RuleResults(matches, np.array(scores).reshape(n, len(LABELS)), decisive)

    def _prefilter_for(self, n: int) -> Prefilter | None:
        """The prefilter, once enough texts have been seen to repay loading or building it."""
        seen_before, self._texts_seen = self._texts_seen, self._texts_seen + n
        if self._prefilter is not None or not self._use_prefilter:
            return self._prefilter
        build = self._texts_seen >= PREFILTER_BUILD_AFTER
        if build or seen_before == 0:  # look in the cache once, then build at the mark
            guards: dict[re.Pattern[str], list[int]] = {}
            for r in self._check_idx:
                guard = getattr(self._checks[self.rules[r].check], "guard", None)
                if guard is not None:
                    guards.setdefault(guard(), []).append(r)
            self._guarded = list(guards.values())
            self._prefilter = Prefilter.load(
                [self.rules[r].source for r in self._pattern_idx]
                + [guard.pattern for guard in guards], build=build)
        return self._prefilter

    def _pattern(self, r: int) -> re.Pattern[str]:
        pattern = self._compiled[r]
        if pattern is None:
            pattern = self._compiled[r] = self.rules[r].pattern
        return pattern

    def match_many(
        self, texts: Sequence[str], senders: Sequence[str | None] | None = None
    ) -> list[list[Match]]:
        """The rules that fire on each normalised text, first match per rule."""
        return self.evaluate(texts, senders).matches

    def match(self, text: str, sender: str | None = None) -> list[Match]:
        return self.match_many([text], [sender])[0]


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



@dataclass(frozen=True, slots=True)
class RuleResults:
    """What the rules found in a batch of texts.

    ``matches[i]`` are the shown rules that fired on text ``i``, by position; ``scores`` the
    summed weights per label (``n × len(LABELS)``, ``LABELS`` order); ``decisive[i]`` the
    index in ``LABELS`` of the highest-precedence label of a decisive rule that fired, or -1.
    """

    matches: list[list[Match]]
    scores: np.ndarray
    decisive: np.ndarray


def _default_path():
    return resources.files("scamcheck") / "data" / "rules.toml"


def load_rules(
    path: str | Path | None = None, checks: Mapping[str, Check] | None = None
) -> RuleSet:
    """Load and validate a rule file (default: the shipped ``data/rules.toml``).

    A file given by ``path`` has every pattern compiled and checked now. The shipped file's
    patterns are compiled when first searched (the test suite checks them all), which takes
    a tenth of a second off the start of ``scamcheck check``.
    """
    if checks is None:
        from .channels import CHECKS

        checks = CHECKS
    source = Path(path) if path is not None else _default_path()
    raw = source.read_bytes()
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(f"{source}: not valid TOML: {exc}") from None
    raw_rules = doc.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleError(f"{source}: no [[rule]] tables")
    ruleset = RuleSet([_parse_rule(r, checks, path is not None) for r in raw_rules], checks)
    # Which rules a model was calibrated with, and a report was made with.
    ruleset.sha256 = hashlib.sha256(raw).hexdigest()
    return ruleset
