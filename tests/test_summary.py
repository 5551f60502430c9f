from __future__ import annotations

from scamcheck.formats.record import Record
from scamcheck.labels import Label
from scamcheck.summary import Summary
from scamcheck.verdict import Verdict

SCAM = Verdict(Label.LIKELY_SCAM, [0.0, 0.0, 1.0, 0.0], ())
NIGHT = Verdict(Label.AGGRESSIVE_COLLECTION, [0.0, 1.0, 0.0, 0.0], ())


def test_top_senders_never_list_a_missing_sender() -> None:
    summary = Summary()
    for sender in ("", "", "", "13800000000"):
        summary.add(Record(1, "转账", sender=sender), SCAM)
    report = summary.report()
    assert "top senders of likely_scam: 13800000000 (1)" in report
    assert "no sender" not in report


def test_night_messages_and_statuses_are_counted() -> None:
    summary = Summary()
    summary.add(Record(1, "老赖", time="2026-11-03T23:15:00+08:00"), NIGHT)
    summary.add(Record(2, "老赖", time="2026-11-03T12:15:00+08:00"), NIGHT)
    summary.add(Record(3, None, status="empty", error="empty message"), None)
    report = summary.report()
    assert "3 records read" in report
    assert "aggressive_collection between 22:00 and 08:00: 1 of 2" in report
    assert summary.statuses["empty"] == 1
