"""The end-of-run report of ``scamcheck score``, counted from the scored stream."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .formats.record import EMPTY, ERROR, Record
from .labels import LABELS
from .verdict import Verdict

__all__ = ["Summary"]

_TOP_SENDERS = 5
_WATCHED = ("aggressive_collection", "likely_scam")
_NIGHT_LABEL = "aggressive_collection"


@dataclass
class Summary:
    """Counts of records per label and status, top senders, messages sent at night."""

    records: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    senders: dict[str, Counter[str]] = field(
        default_factory=lambda: {label: Counter() for label in _WATCHED}
    )
    clock_times: int = 0
    unrecognised_times: int = 0
    night: int = 0

    def add(self, record: Record, verdict: Verdict | None) -> None:
        self.records += 1
        self.statuses[record.status] += 1
        if not record.time_ok:
            self.unrecognised_times += 1
        if verdict is None:
            return
        label = verdict.label
        self.labels[label] += 1
        if label in self.senders and record.sender:  # no sender is nobody to name
            self.senders[label][record.sender] += 1
        if record.time_ok and "T" in record.time:
            self.clock_times += 1
            hour = int(record.time[11:13])
            self.night += label == _NIGHT_LABEL and (hour >= 22 or hour < 8)

    def report(self) -> str:
        lines = [f"{self.records:,} records read"]
        lines += [f"  {label:<24}{self.labels[label]:>10,}" for label in LABELS]
        lines += [f"  {status:<24}{self.statuses[status]:>10,}" for status in (EMPTY, ERROR)]
        for label, senders in self.senders.items():
            if senders:
                top = ", ".join(f"{s} ({n:,})" for s, n in senders.most_common(_TOP_SENDERS))
                lines.append(f"top senders of {label}: {top}")
        if self.clock_times:
            lines.append(
                f"{_NIGHT_LABEL} between 22:00 and 08:00: {self.night:,}"
                f" of {self.labels[_NIGHT_LABEL]:,}"
            )
        if self.unrecognised_times:
            lines.append(f"times not recognised (kept as given): {self.unrecognised_times:,}")
        return "\n".join(lines)
