from __future__ import annotations

import codecs

import pytest

from scamcheck.formats import ERROR, OK, Input, ReaderOptions, UsageError
from scamcheck.formats.encoding import choose_encoding, normalise_encoding

TEXT = (
    "【支付宝】您的花呗账单已逾期3天，请登录支付宝App还款，详询95188。\n妈，周末我不回家吃饭了。\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + TEXT.encode(), "utf-8-sig"),
        (TEXT.encode(), "utf-8"),
        (TEXT.encode("utf-16-le"), None),  # no BOM: not taken for UTF-16 by the BOM check
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8-bom", "utf-8", "utf-16-le-no-bom", "utf-16-le", "utf-16-be", "gbk", "gb18030"],
)
def test_detection(data: bytes, expected: str | None) -> None:
    chosen = choose_encoding("auto", data, complete=True)
    if expected is not None:
        assert chosen == expected
    assert data.decode(chosen).lstrip("\ufeff") == TEXT


def test_a_utf8_character_cut_at_the_end_of_the_head_is_still_utf8() -> None:
    head = TEXT.encode()[:-2]  # "。\n" cut inside the full stop
    assert choose_encoding("auto", head[:-1], complete=False) == "utf-8"


@pytest.mark.parametrize(
    ("name", "codec"), [("GBK", "gb18030"), ("gb2312", "gb18030"), ("UTF8", "utf-8-sig")]
)
def test_override_names_are_normalised(name: str, codec: str) -> None:
    assert normalise_encoding(name) == codec
    assert choose_encoding(name, b"", complete=True) == codec


def test_unknown_encoding_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="klingon"):
        normalise_encoding("klingon")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])
def test_every_encoding_reads_back(tmp_path, encoding: str) -> None:
    path = tmp_path / "m.txt"
    data = TEXT.encode(encoding)
    if encoding.startswith("utf-16-"):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    path.write_bytes(data)
    with Input(str(path)) as messages:
        assert [r.text for r in messages] == TEXT.splitlines()


def test_undecodable_bytes_make_that_record_an_error_and_only_that(tmp_path) -> None:
    path = tmp_path / "m.txt"
    cut = "逾期还款".encode()[:-1]  # a UTF-8 line whose last character is cut short
    path.write_bytes(TEXT.encode() + cut + b" bytes\n\xff\xfe\nfine\n")
    with Input(str(path)) as messages:
        records = list(messages)
    assert [r.status for r in records] == [OK, OK, ERROR, ERROR, OK]
    assert records[2].error == "undecodable bytes \\xe6\\xac (wrong --encoding?)"
    assert records[2].text == "逾期还\ufffd\ufffd bytes"  # shown, never classified
    assert "\\xff\\xfe" in records[3].error


def test_a_wrong_override_is_reported_not_turned_into_mojibake(tmp_path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes("号码,内容\n95188,花呗逾期\n".encode("gbk"))
    with Input(str(path), ReaderOptions(format="txt", encoding="utf-8")) as messages:
        assert {r.status for r in messages} == {ERROR}
