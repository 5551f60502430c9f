"""The scores of records, as every scoring front end writes them.

``score_records`` classifies the ``ok`` records of a batch and pairs each record with its
``Score`` (``None`` for an empty or error record, or one the classifier failed on, which
becomes an error record). ``scamcheck score`` and the Spark UDF (``scamcheck.spark``)
both call it, so that they give the same values for the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from .formats.record import ERROR, OK, Record

__all__ = ["DIGITS", "Score", "classify_texts", "score_records"]

DIGITS = 4  # decimals kept of probabilities


class Classifier(Protocol):
    def verdicts(
        self, texts: list[str], senders: list[str | None] | None, digits: int | None
    ) -> list: ...


class Score(NamedTuple):
    """The classifier's result for one message (rounded), or why there is none."""

    label: str = ""
    confidence: float = 0.0
    probabilities: Sequence[float] = ()
    rules: str = ""
    error: str = ""


def score_records(
    classifier: Classifier, records: Sequence[Record]
) -> list[tuple[Record, Score | None]]:
    """Each record with its score; a record the classifier failed on becomes an error one."""
    ok = [record for record in records if record.status == OK]
    senders = [record.sender or None for record in ok]
    scores = iter(classify_texts(classifier, [r.text for r in ok],
                                 senders if any(senders) else None))
    scored = []
    for record in records:
        result = next(scores) if record.status == OK else None
        if result is not None and result.error:
            record, result = record._replace(status=ERROR, error=result.error), None
        scored.append((record, result))
    return scored


def classify_texts(
    classifier: Classifier, texts: list[str], senders: list[str | None] | None
) -> list[Score]:
    """Scores for ``texts``; if the classifier fails, one by one, so only the culprit fails."""
    if not texts:
        return []
    try:
        verdicts = classifier.verdicts(texts, senders, digits=DIGITS)
    except Exception as error:
        if len(texts) == 1:
            return [Score(error=f"classifier failed: {type(error).__name__}: {error}")]
        return [
            score
            for i in range(len(texts))
            for score in classify_texts(classifier, texts[i : i + 1],
                                        senders and senders[i : i + 1])
        ]
    # Fields by name: the verdict may be a named tuple or a dataclass.
    return [
        Score(v.label, max(v.probabilities), v.probabilities, ";".join(dict.fromkeys(v.rule_ids)))
        for v in verdicts
    ]
