"""What scoring decides for one message, without the evidence: label, probabilities, rules.

Light on purpose (no NumPy): front ends that only pass verdicts along, such as a Spark UDF,
import it without loading the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .labels import LABEL_IDS, LABELS, Label

__all__ = ["Verdict"]

_POSITION = {label: position for position, label in enumerate(LABELS)}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A message's label, its fused probabilities and the ids of the rules that fired.

    ``probabilities`` are in ``LABELS`` order (they sum to 1, up to rounding when the
    producer rounded them); ``rule_ids`` follow the order of the full result's hits, so a
    rule that fired twice is named twice. :meth:`Classifier.classify` gives the same label
    and probabilities with the evidence (spans, descriptions, advice).
    """

    label: Label
    probabilities: list[float]
    rule_ids: tuple[str, ...]

    @property
    def confidence(self) -> float:
        """The probability of ``label``."""
        return self.probabilities[_POSITION[self.label]]

    def __reduce__(self) -> tuple:
        # Sent back from every worker process: pickled as the label's position and two
        # plain values it takes less than half the time of the default (each field's
        # state, and the label through the enum's own pickling).
        return _verdict, (_POSITION[self.label], self.probabilities, self.rule_ids)

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-serialisable dict with stable keys."""
        return {
            "label": str(self.label),
            "confidence": self.confidence,
            "probabilities": dict(zip(LABEL_IDS, self.probabilities, strict=True)),
            "rule_ids": list(self.rule_ids),
        }


def _verdict(label: int, probabilities: list[float], rule_ids: tuple[str, ...]) -> Verdict:
    return Verdict(LABELS[label], probabilities, rule_ids)
