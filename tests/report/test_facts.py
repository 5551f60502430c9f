from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scamcheck.formats import FormatError
from scamcheck.formats.record import RECEIVED, SENT, make_record
from scamcheck.labels import Label
from scamcheck.report.facts import Gatherer, Scope, is_night
from scamcheck.report.provenance import InputFile, Tool

FILE = InputFile("inbox.xml", "xml", "utf-8", "0" * 64)
TOOL = Tool("0.0.0", "1" * 64, "2" * 64)
GENERATED = datetime(2026, 12, 1, tzinfo=timezone(timedelta(hours=8)))

AGGRESSIVE = "你这个老赖，欠钱不还，后果自负！"
OFFICIAL = "【支付宝】您的花呗已逾期3天，请登录支付宝App还款。"
SCAM = "您的花呗可减免本金，今天转账到指定账户6217000012345678即可结清"
UNRELATED = "快递到了"


def scored(classifier, records):
    ok = [r for r in records if r.status == "ok"]
    results = iter(classifier.classify_many([r.text for r in ok], [r.sender for r in ok]))
    return [(r, next(results) if r.status == "ok" else None) for r in records]


def gather(classifier, records, scope=None):
    gatherer = Gatherer(scope or Scope(), TOOL, GENERATED)
    gatherer.read(FILE, scored(classifier, records))
    return gatherer.facts()


def sms(row, text, sender="13700001234", time="2026-11-03T10:00:00+08:00", direction=RECEIVED):
    return make_record(row, text, sender=sender, time=time, direction=direction)


def test_only_received_messages_are_read_and_the_rest_counted(fake_classifier):
    records = [
        sms(1, AGGRESSIVE),
        sms(2, "我在想办法", direction=SENT),
        sms(3, "草稿", direction="draft"),
        sms(4, OFFICIAL, direction=""),  # the export does not say: read
        make_record(5, "", sender="1", direction=RECEIVED),
        make_record(6, None, error="line 6: expected 4 fields", direction=RECEIVED),
    ]
    facts = gather(fake_classifier, records)
    (counted,) = facts.inputs
    assert (counted.records, counted.received, counted.sent, counted.other) == (6, 4, 1, 1)
    assert (counted.empty, counted.errors) == (1, 1)
    assert facts.totals.messages == 2
    assert facts.totals.left_out == {"sent": 1, "other": 1, "empty": 1, "errors": 1,
                                     "other_senders": 0, "outside_period": 0}


def test_the_same_number_written_differently_is_one_counterpart(fake_classifier):
    facts = gather(fake_classifier, [sms(1, AGGRESSIVE, "+86 137 0000 1234"),
                                     sms(2, AGGRESSIVE, "137-0000-1234"),
                                     sms(3, SCAM, "8613700001234")])
    (sender,) = facts.senders
    assert sender.sender == "13700001234"
    assert (sender.messages, sender.unlawful, sender.scams) == (3, 2, 1)


@pytest.mark.parametrize(("hour", "minute", "night"),
                         [(21, 59, False), (22, 0, True), (0, 0, True), (7, 59, True),
                          (8, 0, False), (12, 0, False)])
def test_night_is_22_to_8(hour, minute, night):
    assert is_night(datetime(2026, 11, 3, hour, minute)) is night


def test_busy_days_and_night_collection(fake_classifier):
    times = ["07:30", "09:00", "12:00", "21:00", "23:10"]
    records = [sms(i, AGGRESSIVE, time=f"2026-11-03T{t}:00+08:00") for i, t in enumerate(times, 1)]
    records += [sms(6, OFFICIAL, time="2026-11-04T23:00:00+08:00"),
                sms(7, UNRELATED, time="2026-11-04T23:30:00+08:00"),
                sms(8, SCAM, time="2026-11-05T01:00:00+08:00")]
    facts = gather(fake_classifier, records)
    (sender,) = facts.senders
    assert [(d.date, d.collection) for d in sender.busy_days] == [("2026-11-03", 5)]
    # Collection only: the unrelated and the scam message at night are not counted.
    assert sender.night_collection == facts.totals.night_collection == 3
    assert [d.date for d in sender.days] == ["2026-11-03", "2026-11-04", "2026-11-05"]
    assert (sender.first, sender.last) == ("2026-11-03T07:30:00+08:00",
                                           "2026-11-05T01:00:00+08:00")
    assert facts.worst_days[0].date == "2026-11-03"
    # The official reminder at 23:00 is quoted: lawful words, but in the quiet hours.
    reminders = [q for q in sender.quotes if q.label == Label.OFFICIAL_REMINDER]
    assert [(q.row, q.night, q.rules, q.spans) for q in reminders] == [(6, True, (), ())]


def test_times_are_local_to_the_report_time_zone(fake_classifier):
    records = [sms(1, AGGRESSIVE, time="2026-11-03T15:30:00+00:00"),  # 23:30 in Shanghai
               sms(2, AGGRESSIVE, time="2026-11-03T23:30:00"),  # no offset: local already
               sms(3, AGGRESSIVE, time="2026-11-03")]  # a date: no hour, not at night
    (sender,) = gather(fake_classifier, records).senders
    assert [q.time for q in sender.quotes] == ["2026-11-03", "2026-11-03T23:30:00+08:00",
                                               "2026-11-03T23:30:00+08:00"]
    assert [q.night for q in sender.quotes] == [False, True, True]
    (sender,) = gather(fake_classifier, records, Scope(timezone="UTC")).senders
    assert sender.night_collection == 1  # 15:30 UTC is not night; 23:30 (taken as UTC) is


def test_a_quote_has_its_words_rules_and_lenders(fake_classifier):
    records = [sms(1, AGGRESSIVE), sms(2, SCAM + "，详询支付宝"), sms(3, OFFICIAL),
               sms(4, AGGRESSIVE, time="not a time")]
    (sender,) = gather(fake_classifier, records).senders
    unlawful, scam, untimed = sender.quotes
    assert unlawful.label == Label.AGGRESSIVE_COLLECTION
    assert [r.rule_id for r in unlawful.rules] == ["AGG_INSULT_LAORAI", "AGG_MENACE_CONSEQUENCES",
                                                   "AGG_VEILED_THREAT"]
    assert [unlawful.text[s:e] for s, e in unlawful.spans] == ["老赖", "后果自负"]
    assert all(r.basis for r in unlawful.rules)
    assert all(r.rule_id.startswith("SCAM_") for r in scam.rules)
    assert scam.lenders == ("alipay",)
    # Overlapping matches are merged into one highlighted stretch.
    assert all(a[1] < b[0] for a, b in zip(scam.spans, scam.spans[1:], strict=False))
    assert (untimed.time, untimed.time_recognised, untimed.row) == ("not a time", False, 4)
    assert sender.undated == 1
    assert [lender.lender.id for lender in gather(fake_classifier, records).lenders] == ["alipay"]


def test_period_and_sender_filters(fake_classifier):
    records = [sms(1, AGGRESSIVE, time="2026-11-01T10:00:00+08:00"),
               sms(2, AGGRESSIVE, time="2026-11-02T23:59:59+08:00"),
               sms(3, AGGRESSIVE, time="2026-11-03T00:00:00+08:00"),
               sms(4, AGGRESSIVE, time=""),
               sms(5, AGGRESSIVE, sender="13900000000", time="2026-11-02T10:00:00+08:00")]
    scope = Scope(date_from=date(2026, 11, 2), date_to=date(2026, 11, 2),
                  senders=frozenset({"13700001234"}))
    facts = gather(fake_classifier, records, scope)
    assert [q.row for s in facts.senders for q in s.quotes] == [2]
    assert facts.totals.left_out["outside_period"] == 3
    assert facts.totals.left_out["other_senders"] == 1
    assert facts.to_dict()["scope"] == {"direction": "received", "from": "2026-11-02",
                                        "to": "2026-11-02", "senders": ["13700001234"]}


def test_the_sent_view_uses_the_same_checks(fake_classifier):
    """A lender's compliance team reads its outbox: the counterpart is the recipient."""
    records = [sms(1, AGGRESSIVE, sender="+8613900000000", direction=SENT,
                   time="2026-11-03T23:00:00+08:00"),
               sms(2, OFFICIAL, direction=RECEIVED)]
    facts = gather(fake_classifier, records, Scope(direction=SENT))
    (sender,) = facts.senders
    assert (sender.sender, sender.unlawful, sender.night_collection) == ("13900000000", 1, 1)
    assert facts.totals.left_out["other"] == 1  # the received one, in this view


def test_a_fault_part_way_keeps_the_records_before_it(fake_classifier):
    def broken():
        yield from scored(fake_classifier, [sms(1, AGGRESSIVE)])
        raise FormatError("malformed XML at line 3, column 1: mismatched tag")

    gatherer = Gatherer(Scope(), TOOL, GENERATED)
    counted = gatherer.read(FILE, broken())
    assert counted.records == 1 and "line 3" in counted.fault
    assert gatherer.facts().totals.unlawful == 1


def test_json_has_the_keys_the_issue_lists(fake_classifier):
    data = gather(fake_classifier, [sms(1, AGGRESSIVE), sms(2, UNRELATED, "10086")]).to_dict()
    assert data["scamcheck"] == {"version": "0.0.0", "rules_sha256": "1" * 64,
                                 "model_sha256": "2" * 64}
    assert data["timezone"] == "Asia/Shanghai"
    assert {"path", "format", "sha256", "records", "received"} <= set(data["inputs"][0])
    (sender,) = data["senders"]
    assert {"sender", "messages", "labels", "night_collection", "busy_days", "first", "last",
            "messages_quoted"} <= set(sender)
    assert set(sender["labels"]) == {str(label) for label in Label}
    assert {"row", "time", "label", "rules"} <= set(sender["messages_quoted"][0])
    assert data["unrelated_only"] == {"senders": 1, "messages": 1}


TEXTS = st.one_of(st.sampled_from([AGGRESSIVE, OFFICIAL, SCAM, UNRELATED, "", "  "]),
                  st.text(max_size=30))
TIMES = st.one_of(st.sampled_from(["", "garbage", "2026-11-03", "2026-11-03T23:00:00",
                                   "2026-11-03T05:00:00+00:00", "2026-02-30 10:00"]),
                  st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1))
                  .map(lambda d: d.isoformat(timespec="seconds")))
RECORDS = st.lists(st.tuples(TEXTS, st.sampled_from(["", "95188", "+86 137 0000 1234", "<b>"]),
                             TIMES, st.sampled_from(["", RECEIVED, SENT, "draft"])),
                   max_size=25)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=RECORDS, period=st.booleans())
def test_every_record_is_counted_once_and_no_unlawful_message_is_lost(fake_classifier, rows,
                                                                     period):
    records = [make_record(i, text, sender=sender, time=time, direction=direction)
               for i, (text, sender, time, direction) in enumerate(rows, 1)]
    scope = Scope(date_from=date(2026, 1, 1)) if period else Scope()
    facts = gather(fake_classifier, records, scope)
    totals = facts.totals
    assert totals.messages + sum(totals.left_out.values()) == totals.records == len(records)
    quotes = [q for s in facts.senders for q in s.quotes]
    assert len({q.row for q in quotes}) == len(quotes)
    evidence = [q for q in quotes if q.label != Label.OFFICIAL_REMINDER]
    assert len(evidence) == totals.unlawful + totals.scams
    assert all(q.night for q in quotes if q.label == Label.OFFICIAL_REMINDER)
    assert sum(s.messages for s in facts.senders) + facts.quiet_messages == totals.messages
