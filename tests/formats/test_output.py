from __future__ import annotations

import json
import os
import re

import pytest

from scamcheck.formats import COLUMNS, Output, UsageError
from scamcheck.formats.output import WRITERS, RowFormat, plan_output
from scamcheck.formats.record import Record
from scamcheck.labels import Label
from scamcheck.verdict import Verdict

RECORD = Record(1, "逾期", "", "95188", "2026-11-03T09:00:00", source="a.xml")
VERDICT = Verdict(Label.OFFICIAL_REMINDER, [0.9, 0.05, 0.03, 0.02], ("r1", "r2", "r1"))


def write(path, rows=1, *, include_text=False, several=False, inputs=()):
    target = plan_output(str(path), inputs)
    row_format = RowFormat(include_text=include_text, several_inputs=several)
    with Output(target, row_format) as out:
        out.write([row_format.row(i + 1, RECORD, VERDICT) for i in range(rows)])
    return out


def partials(folder) -> list:
    return sorted(folder.glob("*.partial"))


def test_csv_has_a_bom_and_a_header(tmp_path) -> None:
    write(tmp_path / "out.csv", 2)
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrow,id,sender,time,label,confidence,p_official_reminder,")
    assert data.decode("utf-8-sig").splitlines()[1] == (
        "1,,95188,2026-11-03T09:00:00,official_reminder,0.9,0.9,0.05,0.03,0.02,r1;r2,ok,")
    assert not partials(tmp_path)


def test_tsv_by_suffix(tmp_path) -> None:
    write(tmp_path / "out.TSV")
    lines = (tmp_path / "out.TSV").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split("\t") == list(COLUMNS) and lines[1].startswith("1\t\t95188\t")


def test_jsonl_by_suffix_with_text_and_file(tmp_path) -> None:
    write(tmp_path / "out.jsonl", include_text=True, several=True)
    (row,) = map(json.loads, (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines())
    assert list(row) == ["row", "file", *COLUMNS[1:], "text"]
    assert (row["file"], row["label"], row["text"], row["rules"]) == (
        "a.xml", "official_reminder", "逾期", "r1;r2")


def test_rows_are_named_tuples_of_the_columns() -> None:
    row_format = RowFormat(include_text=True)
    row = row_format.row(7, RECORD._replace(status="empty", error="why"), None)
    assert row._fields == (*COLUMNS, "text")
    assert (row.row, row.label, row.p_unrelated, row.status, row.error) == (
        7, None, None, "empty", "why")


def test_every_writer_has_a_suffix_and_renders_its_header() -> None:
    for writer in WRITERS.values():
        assert writer.suffixes and all(s.startswith(".") for s in writer.suffixes)


def test_a_failure_keeps_the_partial_file_and_leaves_the_output_alone(tmp_path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("the old results", encoding="utf-8")
    row_format = RowFormat()
    with pytest.raises(KeyboardInterrupt), Output(plan_output(str(path)), row_format) as out:
        out.write([row_format.row(1, RECORD, VERDICT)] * 3)
        raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "the old results"
    (partial,) = partials(tmp_path)
    assert str(partial) == out.partial and partial.name.startswith("out.csv.")
    assert out.rows == 3 and len(partial.read_text(encoding="utf-8-sig").splitlines()) == 4


def test_each_output_gets_a_partial_file_of_its_own(tmp_path) -> None:
    target, row_format = plan_output(str(tmp_path / "out.csv")), RowFormat()
    with Output(target, row_format) as one, Output(target, row_format) as two:
        assert one.partial != two.partial
        one.write([row_format.row(1, RECORD, VERDICT)])
        two.write([row_format.row(1, RECORD, None)] * 2)
    # two is closed first, then one: the last rename wins whole
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and "official_reminder" in lines[1] and not partials(tmp_path)


def test_the_output_gets_the_permissions_a_new_file_would(tmp_path) -> None:
    write(tmp_path / "out.csv")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("name", [None, "-"])
def test_stdout_gets_csv_without_a_bom(capsysbinary, name) -> None:
    row_format = RowFormat()
    with Output(plan_output(name), row_format) as out:
        out.write([row_format.row(1, RECORD, VERDICT)])
    assert capsysbinary.readouterr().out.startswith(b"row,id,sender,")


def test_a_device_is_written_directly(tmp_path) -> None:
    target = plan_output(os.devnull)
    assert target.direct and target.writer is WRITERS["csv"] and target.path == os.devnull
    write(os.devnull)
    assert not partials(tmp_path)


def test_a_fifo_is_written_directly(tmp_path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write(fifo)
        assert os.read(reader, 1 << 16).startswith(b"row,id,")
    finally:
        os.close(reader)
    assert fifo.exists() and not partials(tmp_path)


def test_a_symlink_is_followed_not_replaced(tmp_path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write(link)
    assert link.is_symlink() and real.read_text(encoding="utf-8-sig").startswith("row,")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "the output path is empty"),
        (".", "is a folder"),
        ("out.json", "unknown suffix '.json'"),
        ("out", "unknown suffix '(none)'"),
        ("missing/out.csv", "does not exist"),
    ],
)
def test_bad_output_paths_are_refused(tmp_path, monkeypatch, name, message) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=re.escape(message)):
        plan_output(name)


def test_an_input_is_never_the_output(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.csv").write_text("x", encoding="utf-8")
    os.link(tmp_path / "b.csv", tmp_path / "hard.csv")
    (tmp_path / "soft.csv").symlink_to(tmp_path / "b.csv")
    for output in ("b.csv", "./b.csv", str(tmp_path / "b.csv"), "hard.csv", "soft.csv"):
        with pytest.raises(UsageError, match=re.escape("is the input b.csv")):
            plan_output(output, ["other.xml", "b.csv"])
    with pytest.raises(UsageError, match=re.escape("is the input ./soft.csv")):
        plan_output("b.csv", ["./soft.csv"])
    assert plan_output("c.csv", ["b.csv"]).path == str(tmp_path / "c.csv")
