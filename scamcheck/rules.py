"""Hand-written rules, declared as data in ``data/rules.toml``: what a rule is, and its validation.

The engine that runs them is ``rule_engine``.

A rule has a stable ``id``, a ``label``, a ``weight`` (log-odds added to that label when it
fires), a Chinese ``description``, an optional legal ``basis`` and ``examples`` that must
and must not fire it. It fires by one of:

* ``pattern`` — a regular expression searched in the normalised text;
* ``requires`` — a list of sub-rules (ids starting with ``__``, weight 0, never shown) that
  must all fire; with a ``pattern`` too, that must match as well (SpamAssassin's meta rules);
  ``unless`` lists sub-rules none of which may fire (``!__RULE``), with any of the above;
* ``check`` — a named function over the normalised text and the sender, declared in
  ``checks`` (the shipped ones are in ``channels``), for cues a regular expression cannot
  express, such as "names a lender but gives a number that is not the lender's";
* ``absent = true`` with a ``pattern`` — the pattern does *not* occur anywhere in the text
  (SpamAssassin's ``!__RULE``), e.g. "no word about debts, loans, accounts or payments".

Every rule declares the kind of ``cue`` it is (``CUES``). ``off_channel`` (money, codes or
control leave the official channel) and ``unlawful`` (unlawful collection means) are
*decisive*: they settle the label against every label of lower precedence (see
``fusion``), so that a request to pay anywhere but the official channel makes a message
``likely_scam`` however threatening or official the rest of it sounds, and one unlawful
sentence makes it ``aggressive_collection`` however many lawful ones surround it.
``frame`` cues say that the text talks *about* such a message rather than being one: a
debtor telling a friend what the collectors do, someone asking whether a message is a
scam, advice, news. The threat or request such a text reports is not made to its reader,
so in a framed text no cue decides by precedence; every cue still weighs in, and the scam
veto (a message with scam cues is never ``official_reminder``) still holds.

Loading validates the whole file and fails loudly with the rule id at fault (the shipped
file's patterns are compiled when first searched; its tests check them all).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .checks import CheckSpec
from .labels import LABELS, Label
from .rule_engine import Match, RuleEngine, RuleResults

__all__ = ["CUES", "DECISIVE_CUES", "FRAME_CUE", "Rule", "RuleError", "RuleSet", "load_rules"]

WEIGHT_RANGE = (-10.0, 10.0)
#: The kinds of cue a rule can be, and the label each belongs to (``None``: sub-rules).
CUES: dict[str, Label | None] = {
    "off_channel": Label.LIKELY_SCAM,
    "unlawful": Label.AGGRESSIVE_COLLECTION,
    "scam_sign": Label.LIKELY_SCAM,
    "collection_sign": Label.AGGRESSIVE_COLLECTION,
    "lawful": Label.OFFICIAL_REMINDER,
    "everyday": Label.UNRELATED,
    "frame": Label.UNRELATED,
    "context": None,
}
#: The cues that settle their label against every label of lower precedence.
DECISIVE_CUES = frozenset({"off_channel", "unlawful"})
#: The cue that a text talks *about* a message or about collection, which suspends them.
FRAME_CUE = "frame"
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
    def frames(self) -> bool:
        """Whether the rule says the text talks about a message, which no cue then decides."""
        return self.cue == FRAME_CUE

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled pattern (``re`` keeps it compiled once for the process)."""
        return None if self.source is None else re.compile(self.source, re.MULTILINE)


def _fail(rule_id: str, problem: str) -> RuleError:
    return RuleError(f"rule {rule_id!r}: {problem}")


def _parse_rule(raw: Mapping, checks: Mapping[str, CheckSpec], compile_pattern: bool) -> Rule:
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
    """A validated set of rules: ids unique, every sub-rule named in ``requires`` or
    ``unless`` defined. :meth:`evaluate` runs them (see ``rule_engine``)."""

    def __init__(
        self, rules: Sequence[Rule], checks: Mapping[str, CheckSpec], prefilter: bool = True
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
        self.engine = RuleEngine(self.rules, checks, prefilter=prefilter)

    def __len__(self) -> int:
        return len(self.rules)

    def evaluate(
        self, texts: Sequence[str], senders: Sequence[str | None] | None = None
    ) -> RuleResults:
        """Run every rule over normalised texts; see ``rule_engine`` for what comes back."""
        return self.engine.evaluate(texts, senders)

    def match_many(
        self, texts: Sequence[str], senders: Sequence[str | None] | None = None
    ) -> list[list[Match]]:
        """The rules that fire on each normalised text, first match per rule."""
        return self.evaluate(texts, senders).matches

    def match(self, text: str, sender: str | None = None) -> list[Match]:
        return self.match_many([text], [sender])[0]


def _default_path():
    return resources.files("scamcheck") / "data" / "rules.toml"


def load_rules(
    path: str | Path | None = None, checks: Mapping[str, CheckSpec] | None = None
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
