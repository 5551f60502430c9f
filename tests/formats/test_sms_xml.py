from __future__ import annotations

import io
import tracemalloc

import pytest

from scamcheck.formats import EMPTY, ERROR, OK, FormatError, Input
from scamcheck.formats import record as record_module
from scamcheck.formats import sms_xml as module
from scamcheck.formats.record import RECEIVED, SENT
from scamcheck.formats.sms_xml import read_sms_xml
from scamcheck.formats.times import parse_time

from .writers import sms_xml

GRIN = "\U0001f606"  # written by Android as &#55357;&#56838;


def records(text: str, encoding: str = "utf-8") -> list:
    return list(read_sms_xml(io.BytesIO(text.encode(encoding)), encoding))


def test_sms_fields() -> None:
    (record,) = records(sms_xml(["你好"], senders=["95188"]))
    assert (record.row, record.text, record.sender, record.status) == (1, "你好", "95188", OK)
    assert record.time == "2026-11-03T09:12:40+08:00"


def test_direction_comes_from_the_sms_type_and_the_mms_box() -> None:
    text = (
        '<smses><sms address="1" type="1" body="a" /><sms address="1" type="2" body="b" />'
        '<sms address="1" type="3" body="c" /><sms address="1" type="9" body="d" />'
        '<sms address="1" body="e" /><mms address="2" msg_box="2">'
        '<parts><part ct="text/plain" text="f" /></parts></mms></smses>'
    )
    assert [r.direction for r in records(text)] == [
        RECEIVED, SENT, "draft", "type=9", "", SENT,
    ]  # fmt: skip


def test_surrogate_pair_references_become_the_emoji() -> None:
    text = sms_xml([f"今晚回家吃饭吗{GRIN}!"])
    assert "&#55357;&#56838;" in text
    assert records(text)[0].text == f"今晚回家吃饭吗{GRIN}!"


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 7, 16, 61])
def test_references_split_across_chunks_are_restored(monkeypatch, chunk_size: int) -> None:
    monkeypatch.setattr(module, "CHUNK_SIZE", chunk_size)
    messages = [f"{GRIN}{GRIN}a{GRIN}", "x\ty\n中文", f"&#55357; literal {GRIN}"]
    assert [r.text for r in records(sms_xml(messages))] == messages


@pytest.mark.parametrize(
    ("reference", "char"),
    [
        ("&#55357;", "\ufffd"),  # a lone high surrogate
        ("&#xDE06;", "\ufffd"),  # a lone low surrogate
        ("&#55357;&#65;", "\ufffdA"),  # a high surrogate followed by no low one
        ("&#65535;", "\ufffd"),  # not a character
        ("&#1;", "\x01"),  # a control character, invalid in XML 1.0, kept
        ("&#x1b;", "\x1b"),
        ("&#x1F606;", GRIN),
        ("&#10;", "\n"),
    ],
)
def test_references_xml_refuses_are_read(reference: str, char: str) -> None:
    text = f'<smses><sms address="1" date="" body="a{reference}b" /></smses>'
    assert records(text)[0].text == f"a{char}b"


def test_literal_control_characters_are_read() -> None:
    text = '<smses><sms address="1" date="" body="a\x02b" /></smses>'
    assert records(text)[0].text == "a\x02b"


def test_mms_text_parts_are_scored_and_picture_only_mms_is_empty() -> None:
    text = """<smses count="2">
      <mms date="1793668360000" address="+8613800000000" msg_box="1">
        <parts>
          <part seq="-1" ct="application/smil" text="&lt;smil/&gt;" />
          <part seq="0" ct="text/plain" text="第一段" />
          <part seq="1" ct="image/jpeg" data="AAAA" />
          <part seq="2" ct="text/plain" text="第二段" />
        </parts>
        <addrs><addr address="+8613800000000" type="137" charset="106" /></addrs>
      </mms>
      <mms date="1793668360000" address="+8613800000001" msg_box="1">
        <parts><part seq="0" ct="image/jpeg" data="AAAA" /></parts>
      </mms>
      <sms address="10086" date="1793668360000" body="话费账单" />
    </smses>"""
    first, second, third = records(text)
    assert (first.text, first.sender, first.status) == ("第一段\n第二段", "+8613800000000", OK)
    assert (second.status, second.error) == (EMPTY, "mms without a text part")
    assert (third.row, third.text) == (3, "话费账单")


def test_an_empty_body_is_an_empty_record() -> None:
    assert records(sms_xml(["", "  "]))[1].status == EMPTY


def test_undecodable_bytes_make_an_error_record_and_reading_goes_on() -> None:
    data = sms_xml(["好", "坏", "好"]).encode().replace("坏".encode(), b"\xff\xfe")
    result = list(read_sms_xml(io.BytesIO(data), "utf-8"))
    assert [r.status for r in result] == [OK, ERROR, OK]
    assert "\\xff\\xfe" in result[1].error


def test_malformed_xml_yields_records_before_the_fault_then_names_line_and_column() -> None:
    text = sms_xml(["一", "二", "三"]).replace('type="1" body="三"', 'type="1 body="三"')
    reader = read_sms_xml(io.BytesIO(text.encode()), "utf-8")
    assert [next(reader).text, next(reader).text] == ["一", "二"]
    with pytest.raises(FormatError, match=r"line 5, column \d+: not well-formed"):
        next(reader)


def test_truncated_file_is_a_format_error_after_its_records() -> None:
    text = sms_xml(["一", "二"])[:-10]
    reader = read_sms_xml(io.BytesIO(text.encode()), "utf-8")
    assert [next(reader).text, next(reader).text] == ["一", "二"]
    with pytest.raises(FormatError, match="line 4"):
        next(reader)


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030"])
def test_other_encodings(encoding: str) -> None:
    assert [r.text for r in records(sms_xml(["花呗", "借呗"]), encoding)] == ["花呗", "借呗"]


def test_example_file() -> None:
    with Input("examples/sms-backup.xml") as messages:
        result = list(messages)
    assert messages.format == "xml"
    assert len(result) == 16
    assert {r.status for r in result} == {OK}
    assert any(GRIN[:0] + "\U0001f603" in r.text for r in result)  # the emoji written as a pair
    assert sum(r.time[11:13] >= "22" or r.time[11:13] < "08" for r in result) >= 4


def test_memory_stays_flat(monkeypatch) -> None:
    monkeypatch.setattr(module, "CHUNK_SIZE", 1 << 16)
    monkeypatch.setattr(record_module, "parse_time", parse_time.__wrapped__)  # no cache

    def peak(count: int) -> int:
        data = sms_xml(["【支付宝】您的花呗账单已逾期，请登录支付宝App还款。"] * count).encode()
        tracemalloc.start()
        for _ in read_sms_xml(io.BytesIO(data), "utf-8"):
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    assert peak(20_000) < 1.2 * peak(5_000)
