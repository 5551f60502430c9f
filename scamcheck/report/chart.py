"""A counterpart's timeline as SVG geometry: one bar per day, stacked by label, nights marked.

Only numbers leave this module; the template draws them, so no message text can reach the
SVG. Coordinates are rounded to one decimal, which keeps the page small and its bytes stable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..labels import LABEL_IDS, Label
from .facts import Day

__all__ = ["STACK", "Bar", "Chart", "Segment", "timeline"]

#: Bottom to top: the unlawful messages first, so that they line up along the axis.
STACK = (Label.AGGRESSIVE_COLLECTION, Label.LIKELY_SCAM, Label.OFFICIAL_REMINDER, Label.UNRELATED)
_ORDER = tuple(LABEL_IDS.index(str(label)) for label in STACK)

WIDTH, HEIGHT = 720.0, 150.0
LEFT, RIGHT, TOP = 34.0, 8.0, 10.0
PLOT_BOTTOM = 112.0  # the bars stand on this line; night marks and dates go below it
NIGHT_MARK_Y = 120.0
DATE_Y = 142.0
MAX_BAR = 18.0  # a short timeline keeps thin bars, read as days rather than blocks


@dataclass(frozen=True, slots=True)
class Segment:
    label: str
    y: float
    height: float
    count: int


@dataclass(frozen=True, slots=True)
class Bar:
    date: str
    x: float
    width: float
    segments: tuple[Segment, ...]
    night: int
    total: int

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True, slots=True)
class Chart:
    """``bars`` for the days with messages; ``days`` is the number of days the axis spans."""

    first: str
    last: str
    days: int
    peak: int
    bars: tuple[Bar, ...]
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    bottom: float = PLOT_BOTTOM
    night_y: float = NIGHT_MARK_Y
    date_y: float = DATE_Y


def timeline(days: Sequence[Day]) -> Chart | None:
    """The chart of ``days`` (in date order), or ``None`` when there is no dated message."""
    if not days:
        return None
    first, last = date.fromisoformat(days[0].date), date.fromisoformat(days[-1].date)
    span = (last - first).days + 1
    step = (WIDTH - LEFT - RIGHT) / span
    width = min(step * 0.8, MAX_BAR) if step >= 3 else step
    peak = max(day.messages for day in days)
    scale = (PLOT_BOTTOM - TOP) / peak
    bars = []
    for day in days:
        x = LEFT + (date.fromisoformat(day.date) - first).days * step
        segments, y = [], PLOT_BOTTOM
        for index in _ORDER:
            count = day.labels[index]
            if count:
                height = count * scale
                y -= height
                segments.append(Segment(LABEL_IDS[index], round(y, 1), round(height, 1), count))
        bars.append(Bar(day.date, round(x, 1), round(max(width, 0.5), 1), tuple(segments),
                        day.night_collection, day.messages))
    return Chart(days[0].date, days[-1].date, span, peak, tuple(bars))
