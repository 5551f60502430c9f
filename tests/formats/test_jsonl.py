from __future__ import annotations

import io

import pytest

from scamcheck.formats import EMPTY, ERROR, OK, ColumnSpec, Input, ReaderOptions
from scamcheck.formats.jsonl import read_jsonl
from scamcheck.formats.record import LONE_SURROGATE
from scamcheck.formats.sms_xml import read_sms_xml


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
        OK, OK, ERROR, ERROR, ERROR, EMPTY, ERROR, EMPTY, OK, OK, OK,
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
    assert records[9].text == "\ufffd broken escape"
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


@pytest.mark.parametrize(
    ("escape", "reference", "mended"),
    [
        ("\\ud800", "&#55296;", "\ufffd"),  # a lone high surrogate
        # also how decoding marks an undecodable byte: the escape must not pass for one
        ("\\udc80", "&#xdc80;", "\ufffd"),
        ("\\ud83d\\u0041", "&#55357;&#65;", "\ufffdA"),  # a high one followed by no low one
        ("\\ud83d\\ude06", "&#55357;&#56838;", "\U0001f606"),  # a whole pair: the emoji
    ],
)
def test_surrogate_escapes_are_read_as_the_xml_reader_reads_them(
    escape: str, reference: str, mended: str
) -> None:
    (jsonl,) = read(f'{{"from": "95188", "text": "花呗{escape}逾期"}}\n')
    xml = f'<smses><sms address="95188" date="" body="花呗{reference}逾期" /></smses>'
    (from_xml,) = read_sms_xml(io.BytesIO(xml.encode()), "utf-8")
    assert jsonl == from_xml
    assert (jsonl.status, jsonl.text) == (OK, f"花呗{mended}逾期")
    assert jsonl.error == ("" if mended == "\U0001f606" else LONE_SURROGATE)
    assert "encoding" not in LONE_SURROGATE


def test_a_broken_escape_in_a_key_never_leaves_the_record() -> None:
    (record,) = read('{"\\ud800": "x"}\n')
    assert record.status == ERROR
    assert record.error == "line 1: no text field among \ufffd"
    record.error.encode("utf-8")  # can be written


def test_undecodable_bytes_beside_an_escape_still_make_an_error_record(tmp_path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_bytes(b'{"text": "\\ud800 ' + "坏".encode("gbk") + b'"}\n{"text": "ok"}\n')
    with Input(str(path), ReaderOptions(encoding="utf-8")) as messages:
        records = list(messages)
    assert [r.status for r in records] == [ERROR, OK]
    assert "undecodable bytes" in records[0].error
