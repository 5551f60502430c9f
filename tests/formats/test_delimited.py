from __future__ import annotations

import csv
import io

import pytest

from scamcheck.formats import EMPTY, ERROR, OK, ColumnSpec, Input, UsageError
from scamcheck.formats.delimited import read_delimited, sniff_delimiter, sniff_quoting


def read(data: str, *, delimiter: str = ",", quoting: int | None = None, **columns) -> list:
    if quoting is None:
        quoting = sniff_quoting(data, delimiter=delimiter, complete=True)
    stream = io.StringIO(data, newline="")
    return list(
        read_delimited(stream, delimiter=delimiter, columns=ColumnSpec(**columns), quoting=quoting)
    )


def test_chinese_header_and_quoted_commas_and_newlines() -> None:
    text = (
        '号码,时间,内容\r\n95188,2026/11/3 9:05,"应还1,286.40元，\r\n请还款"\r\n'
        "10086,2026/11/4 8:30,话费\r\n"
    )
    first, second = read(text)
    assert (first.sender, first.time, first.text) == (
        "95188", "2026-11-03T09:05:00", "应还1,286.40元，\r\n请还款",
    )  # fmt: skip
    assert (second.row, second.text, second.status) == (2, "话费", OK)


def test_a_row_with_the_wrong_field_count_is_an_error_and_reading_goes_on() -> None:
    text = "id,text\n1,一\n2,二,多余\n3\n4,四,\n5,五\n"
    records = read(text)
    assert [r.status for r in records] == [OK, ERROR, ERROR, OK, OK]
    assert records[1].error == "line 3: expected 2 fields, found 3"
    assert records[2].error == "line 4: expected 2 fields, found 1"
    assert records[3].text == "四"  # an extra empty field is tolerated


def test_blank_lines_are_empty_records() -> None:
    assert [r.status for r in read("text\na\n\nb\n")] == [OK, EMPTY, OK]


def test_given_columns_by_name_and_missing_ones() -> None:
    text = "who,what,when\n95188,花呗逾期,2026-11-03 09:00:00\n"
    (record,) = read(text, text="what", sender="who", time="when")
    assert (record.text, record.sender, record.time) == ("花呗逾期", "95188", "2026-11-03T09:00:00")
    assert len(read(text)) == 2  # a header of unknown names is taken for data
    with pytest.raises(UsageError, match="'where' not found"):
        read(text, text="what", sender="where")


def test_without_a_header_columns_are_guessed_or_given_by_number() -> None:
    text = "13800000000\t2026/11/3 23:15\t今天不还钱就上门\n10086\t2026/11/4 8:30\t话费账单\n"
    first, _ = read(text, delimiter="\t")
    assert (first.sender, first.time, first.text) == (
        "13800000000", "2026-11-03T23:15:00", "今天不还钱就上门",
    )  # fmt: skip
    first, _ = read(text, delimiter="\t", text="3", sender="1")
    assert (first.sender, first.text) == ("13800000000", "今天不还钱就上门")
    with pytest.raises(UsageError, match="not found"):
        read(text, delimiter="\t", text="body")


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_delimiter_sniffing(delimiter: str) -> None:
    text = f"号码{delimiter}内容\n95188{delimiter}您的花呗已逾期，请还款\n"
    assert sniff_delimiter(text, complete=True, given=ColumnSpec()) == (delimiter, True)


def test_messages_that_merely_start_with_a_quote_are_not_swallowed() -> None:
    texts = ["普通短信", '"限时"优惠，回T退订', '"没有结束的引号', "最后一条"]
    records = read("".join(f"{i % 2}\t{text}\n" for i, text in enumerate(texts)), delimiter="\t")
    assert [r.text for r in records] == texts


def test_a_broken_quote_after_proper_csv_quoting_is_read_again_line_by_line() -> None:
    rows = ["id,text", '1,"引号, 正常"', '2,"坏了', "3,第三条", '4,"又一个"引号', "5,第五条"]
    records = read("\n".join(rows) + "\n", quoting=csv.QUOTE_MINIMAL)  # as a sample without them
    assert [r.text for r in records] == ["引号, 正常", '"坏了', "第三条", '"又一个"引号', "第五条"]


def test_quoting_is_sniffed() -> None:
    assert sniff_quoting('a,b\n"x, y",z\n', delimiter=",", complete=True) == csv.QUOTE_MINIMAL
    assert sniff_quoting('a\tb\n"x"y\tz\n', delimiter="\t", complete=True) == csv.QUOTE_NONE
    assert sniff_quoting("a\tb\nx\ty\n", delimiter="\t", complete=True) == csv.QUOTE_NONE
    assert sniff_quoting('a,b\n1,"cut sh', delimiter=",", complete=False) == csv.QUOTE_MINIMAL


def test_gbk_example_file() -> None:
    with Input("examples/export-gbk.csv") as messages:
        records = list(messages)
    assert (messages.format, messages.encoding) == ("csv", "gb18030")
    assert len(records) == 14 and {r.status for r in records} == {OK}
    assert records[5].text.count("\n") == 1  # a quoted newline
    assert records[0].text.startswith("【招商银行】") and records[0].sender == "95555"


def test_tsv_example_file() -> None:
    with Input("examples/export.tsv") as messages:
        records = list(messages)
    assert (messages.format, messages.encoding) == ("tsv", "utf-8")
    assert [r.id for r in records] == [f"t{i:02d}" for i in range(1, 15)]
