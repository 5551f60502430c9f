"""Message times in the forms exports use, turned into ISO 8601.

Accepted: epoch milliseconds or seconds (rendered in China Standard Time, UTC+08:00, the
time zone of the messages this tool is for), ISO 8601 (offset kept), and the common
Chinese forms ``2026-11-03 23:15:02``, ``2026/11/3 23:15``, ``2026.11.3 23:15``,
``2026年11月3日 23:15`` and ``2026年11月3日 下午11:15`` (上午/下午/中午/晚上/凌晨/早上
or AM/PM, before or after the clock). A date alone stays a date. Times without an offset
stay without one: they are wall-clock times as the export wrote them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

__all__ = ["CHINA_TZ", "parse_time"]

CHINA_TZ = timezone(timedelta(hours=8))

#: Epoch values outside these years are not taken for times.
_YEARS = range(1990, 2101)
_EPOCH = re.compile(r"\d{9,14}(?:\.\d*)?")

_CHINESE = re.compile(
    r"""(?P<y>\d{4})\s*+[-/.年]\s*+(?P<m>\d{1,2})\s*+[-/.月]\s*+(?P<d>\d{1,2})[日号]?
    (?:[\sT,，]*+(?:(?P<p1>上午|下午|中午|晚上|凌晨|早上|AM|PM)\s*+)?
       (?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2})(?:\.\d+)?)?
       (?:\s*+(?P<p2>AM|PM))?)?""",
    re.VERBOSE | re.IGNORECASE,
)
_AFTERNOON = {"下午", "晚上", "PM"}
_MORNING = {"上午", "凌晨", "早上", "AM"}


@lru_cache(maxsize=4096)  # exports with minute resolution repeat times a lot
def parse_time(raw: str) -> tuple[str, bool]:
    """``(iso, True)`` for a recognised time, ``(raw, False)`` if not, ``("", True)`` if blank."""
    text = raw.strip()
    if not text:
        return "", True
    parsed = _epoch(text) if _EPOCH.fullmatch(text) else _chinese(text) or _iso(text)
    if parsed is None:
        return raw, False
    if isinstance(parsed, datetime):
        return parsed.isoformat(timespec="seconds"), True
    return parsed.isoformat(), True


def _epoch(text: str) -> datetime | None:
    value = float(text)
    if value > 1e11:  # more than 5000 years in seconds: milliseconds
        value /= 1000
    try:
        moment = datetime.fromtimestamp(value, CHINA_TZ)
    except (OverflowError, OSError, ValueError):
        return None
    return moment if moment.year in _YEARS else None


def _iso(text: str) -> datetime | date | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:  # YYYY-MM-DD: a date, not midnight
        return moment.date()
    return moment


def _chinese(text: str) -> datetime | date | None:
    match = _CHINESE.fullmatch(text)
    if match is None:
        return None
    year, month, day = map(int, match.group("y", "m", "d"))
    try:
        if match["H"] is None:
            return date(year, month, day)
        hour = int(match["H"])
        period = (match["p1"] or match["p2"] or "").upper()
        if (period in _AFTERNOON and hour < 12) or (period == "中午" and hour < 11):
            hour += 12
        elif period in _MORNING and hour == 12:
            hour = 0
        return datetime(year, month, day, hour, int(match["M"]), int(match["S"] or 0))
    except ValueError:
        return None
