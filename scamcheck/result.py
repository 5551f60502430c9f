"""What ``classify()`` returns: a label, calibrated probabilities, the evidence and advice."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import MISSING, dataclass, fields
from typing import Any

from .labels import LABEL_IDS, LABELS, Label

__all__ = ["ByLabel", "Result", "RuleHit"]

_POSITION = {label: k for k, label in enumerate(LABEL_IDS)}


class ByLabel(Mapping[str, float]):
    """A read-only ``{label: value}`` mapping in ``LABELS`` order, over one tuple.

    Cheaper to build than a dict behind a ``MappingProxyType`` (one object, not two), which
    counts when a batch builds three per message; it compares equal to the same dict.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Iterable[float]) -> None:
        self._values = tuple(values)
        if len(self._values) != len(LABEL_IDS):
            raise ValueError(f"{len(self._values)} values for {len(LABEL_IDS)} labels")

    def __getitem__(self, label: str) -> float:
        return self._values[_POSITION[label]]

    def __iter__(self) -> Iterator[str]:
        return iter(LABEL_IDS)

    def __len__(self) -> int:
        return len(LABEL_IDS)

    def __repr__(self) -> str:
        return repr(dict(self))


def _fast_init(cls):
    """Give a frozen, slotted dataclass an ``__init__`` that sets each slot directly.

    The generated one sets every field through ``object.__setattr__`` (the price of
    ``frozen``); a batch builds a result and about two hits per message. Kept because it
    counts: ``python benchmarks/result_init.py`` measured the dataclass way at about twice
    the time per object, 2.9 % of ``classify_many``'s time on the test split. Instances
    stay frozen: only ``__init__`` uses the slots' setters.
    """
    names = [f.name for f in fields(cls)]
    if any(f.default is not MISSING or f.default_factory is not MISSING for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: _fast_init takes no field defaults")
    setters = {f"_set_{name}": cls.__dict__[name].__set__ for name in names}
    body = "; ".join(f"_set_{name}(self, {name})" for name in names)
    namespace: dict = {}
    exec(f"def __init__(self, {', '.join(names)}):\n    {body}", setters, namespace)
    cls.__init__ = namespace["__init__"]
    return cls


@_fast_init
@dataclass(frozen=True, slots=True)
class RuleHit:
    """A rule that fired.

    ``start``/``end`` index into the original text and ``matched`` is ``text[start:end]``.
    For evidence that is not a span of the text they are ``-1``: ``matched`` is then the
    sender for a sender check, and empty for a rule that fires on the *absence* of words.
    ``decisive`` is true for a cue that settles its label by precedence (money, codes or
    control off the official channel; unlawful collection means), whatever else fired.
    """

    rule_id: str
    label: Label
    weight: float
    start: int
    end: int
    matched: str
    description: str
    basis: str
    decisive: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "label": str(self.label),
            "weight": self.weight,
            "start": self.start,
            "end": self.end,
            "matched": self.matched,
            "description": self.description,
            "basis": self.basis,
            "decisive": self.decisive,
        }


@_fast_init
@dataclass(frozen=True, slots=True)
class Result:
    """The label of one message and why.

    ``probabilities`` are the fused, calibrated probabilities (they sum to 1);
    ``model_probabilities`` are the statistical model's alone and ``rule_scores`` the summed
    rule weights per label (log-odds), which is what the fusion combined. ``decided_by`` is
    the id of the rule whose precedence overrode the summed scores (empty when the sums
    alone gave this label); ``notes`` say, in plain words, what else the reader should know:
    that precedence decided, that the text gave the model little to go on, which disguised
    words were read as what (an attempt to dodge a filter is itself worth knowing).
    """

    label: Label
    probabilities: ByLabel
    hits: tuple[RuleHit, ...]
    advice: str
    model_probabilities: ByLabel
    rule_scores: ByLabel
    decided_by: str
    notes: tuple[str, ...]

    @property
    def confidence(self) -> float:
        return self.probabilities[str(self.label)]

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-serialisable dict with stable keys."""
        return {
            "label": str(self.label),
            "confidence": self.confidence,
            "probabilities": dict(self.probabilities),
            "hits": [hit.to_dict() for hit in self.hits],
            "advice": self.advice,
            "model_probabilities": dict(self.model_probabilities),
            "rule_scores": dict(self.rule_scores),
            "decided_by": self.decided_by,
            "notes": list(self.notes),
        }

    def explain(self) -> str:
        """A multi-line, human-readable account of the decision."""
        lines = [f"label: {self.label}  (confidence {self.confidence:.1%})"]
        lines.append(
            "probabilities: "
            + ", ".join(f"{label} {self.probabilities[label]:.1%}" for label in LABELS)
        )
        if self.hits:
            lines.append("rules that fired:")
            lines.append(f"  {'score':>6}  {'rule':<32} {'label':<22} matched → description")
            for hit in self.hits:
                if hit.start >= 0:
                    where = f"「{hit.matched}」"
                else:
                    where = f"sender {hit.matched}" if hit.matched else "(whole message)"
                mark = " [decisive]" if hit.decisive else ""
                lines.append(
                    f"  {hit.weight:>+6.1f}  {hit.rule_id:<32} {hit.label:<22} "
                    f"{where} → {hit.description}{mark}"
                )
                if hit.basis:
                    lines.append(f"  {'':>6}  {'':<32} {'':<22} 依据: {hit.basis}")
        else:
            lines.append("rules that fired: none")
        lines.append(
            "model alone: "
            + ", ".join(f"{label} {self.model_probabilities[label]:.1%}" for label in LABELS)
        )
        lines.append(
            "rule log-odds: "
            + ", ".join(f"{label} {self.rule_scores[label]:+.1f}" for label in LABELS)
        )
        lines.extend(f"note: {note}" for note in self.notes)
        lines.append(f"advice: {self.advice}")
        return "\n".join(lines)
