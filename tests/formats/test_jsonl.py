from __future__ import annotations

import io

from scamcheck.formats import EMPTY, ERROR, OK, ColumnSpec, Input
from scamcheck.formats.jsonl import read_jsonl


def read(data: str, **columns) -> list:
    return list(read_jsonl(io.StringIO(data), columns=ColumnSpec(**columns)))


def test_objects_strings_and_bad_lines() -> None:
    lines = [
        '{"id": 7, "from": "95188", "timestamp": 1793668360000, "message": "花呗逾期"}',
        '"a bare string"',
        "{not json",
        "[1, 2]",
        '{"id": "x", "note": "no text here"}',
        '{"text": null}',
        '{"text": ["a list"]}',
        "",
        '{"内容": "中文键", "号码": "10086", "时间": "2026年11月3日 下午11:15"}',
        '{"text": "\\ud83d broken escape"}',
        '{"text": 12345}',
    ]
    records = read("\n".join(lines) + "\n")
    assert [r.status for r in records] == [
        OK, OK, ERROR, ERROR, ERROR, EMPTY, ERROR, EMPTY, OK, ERROR, OK,
    ]  # fmt: skip
    first = records[0]
    assert (first.id, first.sender, first.time, first.text) == (
        "7", "95188", "2026-11-03T09:12:40+08:00", "花呗逾期",
    )  # fmt: skip
    assert records[2].error.startswith("line 3: malformed JSON")
    assert records[3].error == "line 4: list, not an object"
    assert records[4].error == "line 5: no text field among id, note"
    assert records[6].error == "line 7: the text field holds a list"
    assert (records[8].text, records[8].sender, records[8].time) == (
        "中文键", "10086", "2026-11-03T23:15:00",
    )  # fmt: skip
    assert records[10].text == "12345"


def test_a_given_key() -> None:
    (record,) = read('{"text": "not this", "sms_body": "this"}\n', text="SMS_BODY")
    assert record.text == "this"


def test_example_file() -> None:
    with Input("examples/messages.jsonl") as messages:
        records = list(messages)
    assert messages.format == "jsonl"
    assert len(records) == 14 and {r.status for r in records} == {OK}
    assert records[8].id == "" and records[8].text.startswith("【滴滴出行】")
