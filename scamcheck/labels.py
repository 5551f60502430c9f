"""The four labels, their stable ids and their order in probability vectors."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["LABELS", "LABEL_IDS", "PRECEDENCE", "Label"]


class Label(StrEnum):
    """A message's label; ``str(label)`` is its stable id."""

    OFFICIAL_REMINDER = "official_reminder"
    AGGRESSIVE_COLLECTION = "aggressive_collection"
    LIKELY_SCAM = "likely_scam"
    UNRELATED = "unrelated"


#: The order of labels in every probability vector, weight vector and model bundle.
LABELS: tuple[Label, ...] = tuple(Label)
#: ``LABELS`` as plain strings, in the same order.
LABEL_IDS: tuple[str, ...] = tuple(str(label) for label in LABELS)

#: Highest first: a message that asks to pay anywhere but the official channel is a scam
#: even if it threatens; one unlawful threat makes an otherwise lawful notice aggressive.
PRECEDENCE: tuple[Label, ...] = (
    Label.LIKELY_SCAM,
    Label.AGGRESSIVE_COLLECTION,
    Label.OFFICIAL_REMINDER,
    Label.UNRELATED,
)
