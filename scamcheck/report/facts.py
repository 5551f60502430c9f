"""The facts of an evidence report, gathered from scored messages (how they look: ``render``).

A ``Gatherer`` reads each input's stream of ``(Record, Result | None)`` pairs (``None`` for
an empty or unreadable record) and keeps counts, not messages: per counterpart (the other
party's number, see ``counterpart``) the labels, a tally per local day and the messages
that are evidence — every ``aggressive_collection`` and ``likely_scam`` message, whole.
Nothing here depends on the direction of the messages: ``Scope.direction`` chooses which
are read (received by default), and the same checks serve a view of sent messages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..channels import Lender, lenders, named_lenders
from ..formats import FormatError
from ..formats.record import EMPTY, OK, RECEIVED, SENT, Record
from ..labels import LABEL_IDS, LABELS, Label
from ..result import Result
from .counterpart import counterpart
from .provenance import InputFile, Tool

__all__ = [
    "BUSY_DAY",
    "Day",
    "Facts",
    "Gatherer",
    "InputFacts",
    "LenderFacts",
    "Quote",
    "RuleRef",
    "Scope",
    "SenderFacts",
    "Totals",
    "is_night",
]

#: Collection messages: a lawful reminder or an unlawful one.
COLLECTION = (Label.OFFICIAL_REMINDER, Label.AGGRESSIVE_COLLECTION)
#: The messages quoted in full as evidence; an official reminder is quoted too when it came
#: at night, which the quiet hours forbid however lawful its words.
QUOTED = (Label.AGGRESSIVE_COLLECTION, Label.LIKELY_SCAM)
#: A busy day has more than this many collection messages from one counterpart.
BUSY_DAY = 3
#: Collection is not allowed from 22:00 to 08:00 without the debtor's consent (the CBA
#: guideline and GB/T 45251—2025, see ``research/collection-rules.md``).
NIGHT_FROM, NIGHT_UNTIL = 22, 8
#: How many of the worst days the summary names.
WORST_DAYS = 5

_COLLECTION = tuple(LABELS.index(label) for label in COLLECTION)
_OFFICIAL = LABELS.index(Label.OFFICIAL_REMINDER)
_AGGRESSIVE = LABELS.index(Label.AGGRESSIVE_COLLECTION)
_SCAM = LABELS.index(Label.LIKELY_SCAM)
_UNRELATED = LABELS.index(Label.UNRELATED)
_NIGHT = len(LABELS)  # a day's tally: one count per label, then night collection messages


def is_night(moment: datetime) -> bool:
    """22:00 to 07:59 local time."""
    return moment.hour >= NIGHT_FROM or moment.hour < NIGHT_UNTIL


def _by_label(counts: Sequence[int]) -> dict[str, int]:
    return dict(zip(LABEL_IDS, counts[: len(LABELS)], strict=True))


def _collection(counts: Sequence[int]) -> int:
    return sum(counts[i] for i in _COLLECTION)


class _Counted:
    """Sums over ``labels``, a count per label in ``LABELS`` order."""

    __slots__ = ()
    labels: tuple[int, ...]

    @property
    def messages(self) -> int:
        return sum(self.labels)

    @property
    def collection(self) -> int:
        return _collection(self.labels)

    @property
    def unlawful(self) -> int:
        return self.labels[_AGGRESSIVE]

    @property
    def scams(self) -> int:
        return self.labels[_SCAM]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which messages the report reads: their direction, local dates and counterparts.

    Dates are local dates in ``timezone``, both ends included; ``senders`` are counterparts
    as ``counterpart()`` writes them (empty: all).
    """

    timezone: str = "Asia/Shanghai"
    date_from: date | None = None
    date_to: date | None = None
    senders: frozenset[str] = frozenset()
    direction: str = RECEIVED

    def to_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "senders": sorted(self.senders),
        }


@dataclass(frozen=True, slots=True)
class RuleRef:
    """A rule a quoted message breaks, as the user reads it."""

    rule_id: str
    description: str
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "description": self.description, "basis": self.basis}


@dataclass(frozen=True, slots=True)
class Quote:
    """A message quoted in full: where it is in its input, when, and why it is evidence
    (unlawful, a scam, or an official reminder sent at night; ``rules`` are those that
    made it unlawful or a scam).

    ``time`` is local ISO 8601 (with the offset) when the export's time was recognised,
    otherwise the time exactly as exported (``time_recognised`` is then false). ``spans``
    are the ``(start, end)`` offsets of the matched words in ``text``, merged and sorted.
    """

    input: int
    row: int
    time: str
    time_recognised: bool
    night: bool
    label: Label
    text: str
    spans: tuple[tuple[int, int], ...]
    rules: tuple[RuleRef, ...]
    lenders: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "row": self.row,
            "time": self.time,
            "time_recognised": self.time_recognised,
            "night": self.night,
            "label": str(self.label),
            "rules": [rule.rule_id for rule in self.rules],
            "matched": [self.text[start:end] for start, end in self.spans],
            "lenders": list(self.lenders),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Day(_Counted):
    """One local day: messages per label and collection messages at night."""

    date: str
    labels: tuple[int, ...]
    night_collection: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "labels": _by_label(self.labels),
            "collection": self.collection,
            "night_collection": self.night_collection,
        }


@dataclass(frozen=True, slots=True)
class SenderFacts(_Counted):
    """Everything the report says about one counterpart.

    ``days`` are the days with messages, in order; ``undated`` counts messages without a
    recognised date; ``first`` and ``last`` are local ISO times (or dates).
    """

    sender: str
    labels: tuple[int, ...]
    night_collection: int
    days: tuple[Day, ...]
    undated: int
    first: str
    last: str
    quotes: tuple[Quote, ...]

    @property
    def busy_days(self) -> tuple[Day, ...]:
        return tuple(day for day in self.days if day.collection > BUSY_DAY)

    @property
    def rules_broken(self) -> tuple[tuple[RuleRef, int], ...]:
        """The rules the unlawful messages break, with how many break each, most first."""
        counts = Counter(rule for quote in self.quotes
                         if quote.label == Label.AGGRESSIVE_COLLECTION for rule in quote.rules)
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0].rule_id)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "sender": self.sender,
            "messages": self.messages,
            "labels": _by_label(self.labels),
            "night_collection": self.night_collection,
            "busy_days": [{"date": d.date, "collection": d.collection} for d in self.busy_days],
            "first": self.first,
            "last": self.last,
            "undated": self.undated,
            "days": [day.to_dict() for day in self.days],
            "rules_broken": [{**rule.to_dict(), "messages": n} for rule, n in self.rules_broken],
            "messages_quoted": [quote.to_dict() for quote in self.quotes],
        }


@dataclass(frozen=True, slots=True)
class InputFacts:
    """One input file: what it is and how many of its records the report read.

    ``received`` counts the records in the report's direction (received, or not stated by
    the export); ``sent`` and ``other`` (drafts, outbox, failed) those left out for theirs.
    ``fault`` says why reading stopped early (malformed XML), if it did.
    """

    file: InputFile
    records: int
    received: int
    sent: int
    other: int
    empty: int
    errors: int
    fault: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.file.path,
            "format": self.file.format,
            "encoding": self.file.encoding,
            "sha256": self.file.sha256,
            "records": self.records,
            "received": self.received,
            "sent": self.sent,
            "other": self.other,
            "empty": self.empty,
            "errors": self.errors,
            "fault": self.fault,
        }


@dataclass(frozen=True, slots=True)
class LenderFacts:
    """A lender the messages name, with its own channels (``official_channels.toml``)."""

    lender: Lender
    messages: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.lender.id,
            "name": self.lender.brand,
            "hotlines": list(self.lender.hotlines),
            "apps": list(self.lender.apps),
            "messages": self.messages,
        }


@dataclass(frozen=True, slots=True)
class Totals(_Counted):
    """Counts over every input.

    ``records`` is every record read; ``labels`` counts the messages the report covers;
    ``left_out`` counts, by reason, the records it does not (``sent``, ``other`` boxes,
    ``empty``, ``errors``, ``other_senders``, ``outside_period``). Every record is in
    exactly one of the two.
    """

    records: int
    labels: tuple[int, ...]
    night_collection: int
    left_out: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "messages": self.messages,
            "labels": _by_label(self.labels),
            "collection": self.collection,
            "unlawful": self.unlawful,
            "scams": self.scams,
            "night_collection": self.night_collection,
            "left_out": dict(self.left_out),
        }


@dataclass(frozen=True, slots=True)
class Facts:
    """The whole report as data. ``senders`` are the counterparts that sent anything but
    unrelated messages, worst first; ``quiet_senders`` and ``quiet_messages`` count the rest."""

    tool: Tool
    timezone: str
    generated: str
    scope: Scope
    inputs: tuple[InputFacts, ...]
    totals: Totals
    first: str
    last: str
    senders: tuple[SenderFacts, ...]
    quiet_senders: int
    quiet_messages: int
    worst_days: tuple[Day, ...]
    lenders: tuple[LenderFacts, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scamcheck": self.tool.to_dict(),
            "timezone": self.timezone,
            "generated": self.generated,
            "scope": self.scope.to_dict(),
            "period": {"first": self.first, "last": self.last},
            "inputs": [item.to_dict() for item in self.inputs],
            "totals": self.totals.to_dict(),
            "worst_days": [day.to_dict() for day in self.worst_days],
            "lenders": [item.to_dict() for item in self.lenders],
            "senders": [sender.to_dict() for sender in self.senders],
            "unrelated_only": {"senders": self.quiet_senders, "messages": self.quiet_messages},
        }


class _Moment:
    """A message's local time: ``key`` orders moments (a date alone before its day's times),
    ``text`` is what the report shows."""

    __slots__ = ("day", "key", "night", "value")

    def __init__(self, value: datetime | date) -> None:
        self.value = value
        if isinstance(value, datetime):
            self.day, self.night = value.date(), is_night(value)
            self.key = (self.day, value.hour * 3600 + value.minute * 60 + value.second)
        else:
            self.day, self.night, self.key = value, False, (value, -1)

    @property
    def text(self) -> str:
        # Formatting a zoned time is slow: only the times the report shows are formatted.
        return self.value.isoformat()


def _moment(record: Record, zone: ZoneInfo) -> _Moment | None:
    """The local time of ``record``; a time the export wrote without an offset is a wall-clock
    time, taken to be in ``zone``. ``None`` when there is none or it was not recognised."""
    if not record.time or not record.time_ok:
        return None
    if "T" not in record.time:
        return _Moment(date.fromisoformat(record.time))
    moment = datetime.fromisoformat(record.time)
    return _Moment(moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone))


@dataclass
class _Tally:
    """What is kept of one counterpart while reading."""

    labels: list[int] = field(default_factory=lambda: [0] * len(LABELS))
    days: dict[date, list[int]] = field(default_factory=dict)
    undated: int = 0
    first: _Moment | None = None
    last: _Moment | None = None
    quotes: list[Quote] = field(default_factory=list)

    def add(self, label: int, moment: _Moment | None) -> None:
        self.labels[label] += 1
        if moment is None:
            self.undated += 1
            return
        day = self.days.get(moment.day)
        if day is None:
            day = self.days[moment.day] = [0] * (len(LABELS) + 1)
        day[label] += 1
        day[_NIGHT] += moment.night and label in _COLLECTION
        if self.first is None or moment.key < self.first.key:
            self.first = moment
        if self.last is None or moment.key > self.last.key:
            self.last = moment

    def facts(self, sender: str) -> SenderFacts:
        days = tuple(_day(when, counts) for when, counts in sorted(self.days.items()))
        # Quotes in time order; those without a recognised time last, in input order.
        quotes = tuple(sorted(self.quotes, key=lambda q: (
            not q.time_recognised, q.time if q.time_recognised else "", q.input, q.row)))
        return SenderFacts(
            sender=sender,
            labels=tuple(self.labels),
            night_collection=sum(day.night_collection for day in days),
            days=days,
            undated=self.undated,
            first=self.first.text if self.first else "",
            last=self.last.text if self.last else "",
            quotes=quotes,
        )


def _day(when: date, counts: list[int]) -> Day:
    return Day(when.isoformat(), tuple(counts[: len(LABELS)]), counts[_NIGHT])


def _quote(number: int, record: Record, result: Result, moment: _Moment | None) -> Quote:
    # The rules that make the message what it is; an official reminder breaks none.
    hits = [hit for hit in result.hits
            if hit.label == result.label and result.label != Label.OFFICIAL_REMINDER]
    rules = tuple({hit.rule_id: RuleRef(hit.rule_id, hit.description, hit.basis)
                   for hit in hits}.values())
    return Quote(
        input=number,
        row=record.row,
        time=moment.text if moment else record.time,
        time_recognised=moment is not None,
        night=moment is not None and moment.night,
        label=result.label,
        text=record.text or "",
        spans=_merged((hit.start, hit.end) for hit in hits if hit.start >= 0),
        rules=rules,
        lenders=tuple(lender.id for lender in named_lenders(record.text or "")),
    )


def _merged(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return tuple(merged)


class Gatherer:
    """Reads scored inputs one after another, then gives their ``Facts``."""

    def __init__(self, scope: Scope, tool: Tool, generated: datetime) -> None:
        self.scope = scope
        self._zone = ZoneInfo(scope.timezone)
        self._tool = tool
        self._generated = generated.isoformat()
        self._inputs: list[InputFacts] = []
        self._tallies: dict[str, _Tally] = {}
        self._left_out: Counter[str] = Counter()
        self._lenders: Counter[str] = Counter()

    def read(self, file: InputFile, scored: Iterable[tuple[Record, Result | None]]) -> InputFacts:
        """Take in one input's scored records, in order; a ``FormatError`` part-way (malformed
        XML) ends the input with the records before it kept and the fault noted."""
        number = len(self._inputs) + 1
        boxes: Counter[str] = Counter()
        unread: Counter[str] = Counter()
        fault = ""
        try:
            for record, result in scored:
                box = self._box(record.direction)
                boxes[box] += 1
                if box != "received":
                    self._left_out[box] += 1
                    continue
                if record.status != OK or result is None:
                    unread["empty" if record.status == EMPTY else "errors"] += 1
                    continue
                self._add(number, record, result)
        except FormatError as error:
            fault = str(error)
        self._left_out.update(unread)
        counted = InputFacts(
            file=file,
            records=sum(boxes.values()),
            received=boxes["received"],
            sent=boxes["sent"],
            other=boxes["other"],
            empty=unread["empty"],
            errors=unread["errors"],
            fault=fault,
        )
        self._inputs.append(counted)
        return counted

    def _box(self, direction: str) -> str:
        """``received`` for the records in the report's direction (the export not saying
        counts as being in it), ``sent`` or ``other`` for those left out."""
        if direction in ("", self.scope.direction):
            return "received"
        return "sent" if direction == SENT else "other"

    def _add(self, number: int, record: Record, result: Result) -> None:
        sender = counterpart(record.sender)
        if self.scope.senders and sender not in self.scope.senders:
            self._left_out["other_senders"] += 1
            return
        moment = _moment(record, self._zone)
        if (self.scope.date_from or self.scope.date_to) and not self._in_period(moment):
            self._left_out["outside_period"] += 1
            return
        label = LABELS.index(result.label)
        tally = self._tallies.get(sender)
        if tally is None:
            tally = self._tallies[sender] = _Tally()
        tally.add(label, moment)
        if label == _UNRELATED:
            return
        night_reminder = label == _OFFICIAL and moment is not None and moment.night
        if result.label in QUOTED or night_reminder:
            quote = _quote(number, record, result, moment)
            tally.quotes.append(quote)
            self._lenders.update(quote.lenders)
        else:
            self._lenders.update(lender.id for lender in named_lenders(record.text or ""))

    def _in_period(self, moment: _Moment | None) -> bool:
        if moment is None:
            return False
        start, end = self.scope.date_from, self.scope.date_to
        return (start is None or moment.day >= start) and (end is None or moment.day <= end)

    def facts(self) -> Facts:
        """The facts of everything read so far."""
        senders = [tally.facts(sender) for sender, tally in self._tallies.items()]
        loud = sorted(
            (s for s in senders if s.labels[_UNRELATED] < s.messages),
            key=lambda s: (-s.unlawful, -s.scams, -s.collection, -s.messages, s.sender),
        )
        quiet = [s for s in senders if s.labels[_UNRELATED] == s.messages]
        labels = tuple(sum(s.labels[i] for s in senders) for i in range(len(LABELS)))
        moments = [s.first for s in senders if s.first] + [s.last for s in senders if s.last]
        return Facts(
            tool=self._tool,
            timezone=self.scope.timezone,
            generated=self._generated,
            scope=self.scope,
            inputs=tuple(self._inputs),
            totals=Totals(
                records=sum(item.records for item in self._inputs),
                labels=labels,
                night_collection=sum(s.night_collection for s in senders),
                left_out={reason: self._left_out[reason] for reason in (
                    "sent", "other", "empty", "errors", "other_senders", "outside_period")},
            ),
            first=min(moments, default=""),
            last=max(moments, default=""),
            senders=tuple(loud),
            quiet_senders=len(quiet),
            quiet_messages=sum(s.messages for s in quiet),
            worst_days=_worst_days(senders),
            lenders=tuple(LenderFacts(lender, self._lenders[lender.id])
                          for lender in lenders() if self._lenders[lender.id]),
        )


def _worst_days(senders: Iterable[SenderFacts]) -> tuple[Day, ...]:
    """The days with the most collection messages over all counterparts."""
    totals: dict[str, list[int]] = {}
    for sender in senders:
        for day in sender.days:
            counts = totals.setdefault(day.date, [0] * (len(LABELS) + 1))
            for i, n in enumerate(day.labels):
                counts[i] += n
            counts[_NIGHT] += day.night_collection
    days = [Day(when, tuple(counts[: len(LABELS)]), counts[_NIGHT])
            for when, counts in totals.items()]
    days = [day for day in days if day.collection]
    days.sort(key=lambda day: (-day.collection, -day.unlawful, day.date))
    return tuple(days[:WORST_DAYS])
