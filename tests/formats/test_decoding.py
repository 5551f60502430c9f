"""Line-by-line decoding: mixed encodings read right, mojibake never labelled."""

from __future__ import annotations

import codecs
import glob
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scamcheck.formats import EMPTY, ERROR, OK, Input, ReaderOptions
from scamcheck.formats import decoding as module
from scamcheck.formats.decoding import decode, decoding_codec
from scamcheck.formats.encoding import MARK, choose_encoding
from scamcheck.formats.source import HEAD_SIZE

from ..conftest import ROOT, SHARED
from .writers import SUFFIXES, sms_xml

UTF8_LINE = "【支付宝】您的花呗已逾期3天，请登录支付宝App还款，详询95188。"
GBK_LINE = "【某银行】您的信用卡已逾期，加微信kf2026888可减免本金。"
EMOJI_LINE = "今晚回家吃饭吗😆 𠮷野家 還款 ¥100"


def read(path: Path, **kwargs) -> list:
    with Input(str(path), ReaderOptions(**kwargs)) as messages:
        return list(messages)


def write_lines(path: Path, lines: list[tuple[str, str]]) -> Path:
    path.write_bytes(b"".join((text + "\n").encode(encoding) for text, encoding in lines))
    return path


def test_a_small_file_mixing_utf8_and_gbk_lines_reads_each_line_right(tmp_path) -> None:
    path = write_lines(tmp_path / "m.txt", [(UTF8_LINE, "utf-8"), (GBK_LINE, "gbk"),
                                            (EMOJI_LINE, "utf-8"), ("好", "gbk")])
    records = read(path)
    assert [(r.status, r.text) for r in records] == [
        (OK, UTF8_LINE), (OK, GBK_LINE), (OK, EMOJI_LINE), (OK, "好"),
    ]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_emoji_rare_and_traditional_characters_read_right_in_either_encoding(tmp_path, encoding):
    lines = [EMOJI_LINE, "還款請至本行櫃檯，勿信陌生來電", "𠮷𡈼𤭢 ㈠ ① ｆｕｌｌ", UTF8_LINE, "好"]
    path = write_lines(tmp_path / "m.txt", [(line, encoding) for line in lines])
    for requested in ("auto", encoding):
        assert [(r.status, r.text) for r in read(path, encoding=requested)] == [
            (OK, line) for line in lines
        ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xml"])
def test_mixed_lines_in_every_format(tmp_path, fmt: str) -> None:
    texts = [UTF8_LINE, GBK_LINE, EMOJI_LINE]
    if fmt == "xml":
        lines = sms_xml(texts).splitlines(keepends=True)
    elif fmt == "csv":
        lines = ["号码,内容\n", *(f"95188,{text}\n" for text in texts)]
    else:
        lines = [f'{{"text": "{text}"}}\n' for text in texts]
    data = b"".join(
        line.encode("gbk" if GBK_LINE in line else "utf-8") for line in lines
    )
    path = tmp_path / f"m{SUFFIXES[fmt]}"
    path.write_bytes(data)
    assert [(r.status, r.text) for r in read(path)] == [(OK, text) for text in texts]


def test_gbk_lines_past_the_head_of_a_utf8_file_are_read_right(tmp_path) -> None:
    lines = [(UTF8_LINE, "utf-8")] * (HEAD_SIZE // 80) + [(GBK_LINE, "gbk"), (UTF8_LINE, "utf-8")]
    records = read(write_lines(tmp_path / "m.txt", lines))
    assert len(records) == len(lines)
    assert {r.status for r in records} == {OK}
    assert records[-2].text == GBK_LINE and records[-1].text == UTF8_LINE


@pytest.mark.parametrize("given_encoding", ["latin-1", "cp1252", "gbk", "big5"])
def test_utf8_read_in_a_wrong_given_encoding_is_an_error_not_mojibake(tmp_path, given_encoding):
    path = write_lines(tmp_path / "m.txt", [(UTF8_LINE, "utf-8"), ("hello", "ascii"),
                                            (EMOJI_LINE, "utf-8")])
    records = read(path, encoding=given_encoding)
    assert [r.status for r in records] == [ERROR, OK, ERROR]
    assert "are UTF-8 text read in another encoding (use --encoding utf-8" in records[0].error
    assert set(records[0].text) <= {"\ufffd", *map(chr, range(128))}  # never the mojibake


@pytest.mark.parametrize("given_encoding", ["latin-1", "cp1252", "utf-8"])
def test_gbk_read_in_a_wrong_given_encoding_is_an_error_not_mojibake(tmp_path, given_encoding):
    path = write_lines(tmp_path / "m.txt", [(UTF8_LINE, "gbk"), (GBK_LINE, "gbk")])
    records = read(path, encoding=given_encoding)
    assert [r.status for r in records] == [ERROR, ERROR]
    assert "GBK text read in another encoding (use --encoding gbk" in records[0].error


CUT = UTF8_LINE.encode()[:-1]  # the full stop cut short, as a careless export does


@pytest.mark.parametrize(
    "lines",
    [[UTF8_LINE.encode(), CUT, GBK_LINE.encode("gbk")],  # a GB18030 file, by detection
     [UTF8_LINE.encode()] * 3 + [CUT]],  # a UTF-8 file
    ids=["gb18030-file", "utf-8-file"],
)
def test_a_damaged_utf8_line_is_an_error_not_gbk_mojibake(tmp_path, lines: list[bytes]) -> None:
    path = tmp_path / "m.txt"
    path.write_bytes(b"\n".join([*lines, b""]))
    records = read(path)
    assert [r.status for r in records] == [ERROR if line == CUT else OK for line in lines]
    (damaged,) = [r for r in records if r.status == ERROR]
    assert damaged.error == "undecodable bytes \\xe3\\x80 (wrong --encoding?)"
    assert damaged.text == UTF8_LINE[:-1] + "\ufffd\ufffd"


def test_a_line_longer_than_a_piece_is_decoded_whole(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(module, "PIECE", 64)
    long_utf8 = "，".join([UTF8_LINE] * 20)
    long_gbk = " ".join([GBK_LINE] * 20)
    no_ascii = "逾期还款" * 100  # no byte below 0x30 to cut after
    path = write_lines(tmp_path / "m.txt", [(long_utf8, "utf-8"), (long_gbk, "gbk"),
                                            (no_ascii, "utf-8")])
    assert [r.text for r in read(path)] == [long_utf8, long_gbk, no_ascii]


def test_an_xml_file_on_one_line_longer_than_the_head_is_recognised(tmp_path) -> None:
    path = tmp_path / "backup.dat"  # no telling name
    path.write_text(sms_xml([UTF8_LINE] * 5000).replace("\n", " "), encoding="utf-8")
    assert path.stat().st_size > HEAD_SIZE
    with Input(str(path)) as messages:
        assert messages.format == "xml"
        assert [r.text for r in messages] == [UTF8_LINE] * 5000


def test_a_huge_line_is_never_held_whole() -> None:
    decoder = codecs.getincrementaldecoder(decoding_codec("utf-8", detected=True))(MARK)
    chunk = "逾期还款".encode() * 20_000
    decoded = 0
    for _ in range(20):
        decoded += len(decoder.decode(chunk))
        assert len(decoder.getstate()[0]) <= module.PIECE
    assert decoded + len(decoder.decode(b"", final=True)) == 20 * len("逾期还款") * 20_000


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.tuples(st.text(st.sampled_from("逾期还款您好吗花呗 abc,\"\r😆¥é")), st.sampled_from(
            ["utf-8", "gb18030"])),
        max_size=8,
    ),
    cuts=st.lists(st.integers(min_value=1, max_value=40), max_size=10),
    detected=st.booleans(),
)
def test_decoding_in_pieces_equals_decoding_at_once(lines, cuts, detected) -> None:
    """Never crashes, never loses or moves a line, whatever the chunks the bytes come in."""
    data = b"".join((text + "\n").encode(encoding) for text, encoding in lines)
    codec = decoding_codec("gb18030", detected=detected)
    whole = data.decode(codec, MARK)
    decoder = codecs.getincrementaldecoder(codec)(MARK)
    pieces, at = [], 0
    for cut in cuts:
        pieces.append(decoder.decode(data[at : at + cut]))
        at += cut
    pieces.append(decoder.decode(data[at:], final=True))
    assert "".join(pieces) == whole
    assert whole.count("\n") == data.count(b"\n")


def test_utf16_and_bom_files_are_decoded_as_before() -> None:
    assert decoding_codec("utf-16", detected=True) == "utf-16"
    assert decoding_codec("utf-8-sig", detected=False) == "utf-8-sig"


def test_decode_reads_as_score_does_and_refuses_what_is_not_text() -> None:
    for encoding in ("utf-8", "utf-8-sig", "gbk", "utf-16"):
        assert decode(GBK_LINE.encode(encoding)) == GBK_LINE
    for data in (bytes(range(256)), b"ok\x00\x00binary"):
        with pytest.raises(ValueError, match=r"undecodable bytes|NUL"):
            decode(data)


def _real_files() -> list[Path]:
    found = [p for p in (ROOT / "examples").iterdir() if p.suffix in set(SUFFIXES.values())]
    found += [Path(p) for p in glob.glob(str(SHARED / "**" / "*.t[xs][tv]"), recursive=True)]
    return sorted(found)


@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_no_real_message_is_flagged_in_utf8_or_gb18030(tmp_path, path: Path) -> None:
    """Real exports, and real SMS (emoji, private-use emoji, rare and traditional
    characters), in UTF-8 and in GB18030, detected or given: every line as it was."""
    text = path.read_bytes().decode("gb18030" if "gbk" in path.name else "utf-8")
    for encoding, given_encoding in (("utf-8", "utf-8"), ("gb18030", "gbk")):
        copy = tmp_path / f"{encoding}{path.suffix}"
        copy.write_bytes(text.encode(encoding))
        for requested in ("auto", given_encoding):
            records = read(copy, encoding=requested)
            assert [r for r in records if r.status not in (OK, EMPTY)] == []
            chosen = choose_encoding(requested, text.encode(encoding)[:HEAD_SIZE],
                                     complete=len(text.encode(encoding)) <= HEAD_SIZE)
            codec = decoding_codec(chosen, detected=requested == "auto")
            assert text.encode(encoding).decode(codec, MARK) == text
