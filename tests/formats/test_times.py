from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scamcheck.formats.times import parse_time


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("1793718902000", "2026-11-03T23:15:02+08:00"),  # epoch ms, shown in UTC+08:00
        ("1793718902", "2026-11-03T23:15:02+08:00"),  # epoch s
        ("1793718902.5", "2026-11-03T23:15:02+08:00"),
        ("2026-11-03T23:15:02+08:00", "2026-11-03T23:15:02+08:00"),
        ("2026-11-03T15:15:02Z", "2026-11-03T15:15:02+00:00"),
        ("2026-11-03 23:15:02", "2026-11-03T23:15:02"),
        ("2026/11/3 23:15", "2026-11-03T23:15:00"),
        ("2026.11.03 23:15:02", "2026-11-03T23:15:02"),
        ("2026年11月3日 23:15", "2026-11-03T23:15:00"),
        ("2026年11月3日 下午11:15", "2026-11-03T23:15:00"),
        ("2026年11月3日 晚上11:15:02", "2026-11-03T23:15:02"),
        ("2026年11月3日 上午9:05:00", "2026-11-03T09:05:00"),
        ("2026年11月3日 凌晨12:30", "2026-11-03T00:30:00"),
        ("2026年11月3日 中午12:30", "2026-11-03T12:30:00"),
        ("2026年11月3日 中午1:30", "2026-11-03T13:30:00"),
        ("2026/11/3 11:15 PM", "2026-11-03T23:15:00"),
        ("2026/11/3 11:15：02", "2026-11-03T11:15:02"),  # full-width colon
        ("2026-11-03", "2026-11-03"),  # a date stays a date
        ("2026年11月3日", "2026-11-03"),
        ("  2026/11/3 23:15 ", "2026-11-03T23:15:00"),
    ],
)
def test_recognised_times_become_iso_8601(raw: str, iso: str) -> None:
    assert parse_time(raw) == (iso, True)


@pytest.mark.parametrize(
    "raw", ["yesterday", "12", "99999999999999", "2026/13/3 10:00", "2026年2月30日 10:00", "25:00"]
)
def test_unrecognised_times_are_kept_raw_and_flagged(raw: str) -> None:
    assert parse_time(raw) == (raw, False)


def test_blank_is_no_time_and_not_a_fault() -> None:
    assert parse_time("") == ("", True)
    assert parse_time("   ") == ("", True)


@given(st.text())
def test_any_string_gives_an_answer(raw: str) -> None:
    value, ok = parse_time(raw)
    assert isinstance(value, str)
    assert ok or value == raw


def test_long_runs_of_separators_do_not_backtrack() -> None:
    raw = "2026年11月3日" + " " * 20_000 + "x"
    assert parse_time(raw) == (raw, False)
