from __future__ import annotations

import json

import pytest

from scamcheck.formats import COLUMNS, Output

ROW = [1, "", "95188", "2026-11-03T09:00:00", "official_reminder", 0.9, 0.9, 0.05, 0.03, 0.02]
ROW += ["r1;r2", "ok", ""]


def test_csv_has_a_bom_and_a_header(tmp_path) -> None:
    path = tmp_path / "out.csv"
    with Output(str(path)) as out:
        out.write(out.format.render([ROW, ROW]), 2)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrow,id,sender,time,label,confidence,p_official_reminder,")
    assert data.decode("utf-8-sig").splitlines()[1].startswith("1,,95188,2026-11-03T09:00:00,")
    assert not (tmp_path / "out.csv.partial").exists()


def test_jsonl_by_extension_with_text(tmp_path) -> None:
    path = tmp_path / "out.jsonl"
    with Output(str(path), include_text=True) as out:
        out.write(out.format.render([[*ROW[:4], *[None] * 7, "empty", "why", "  "]]), 1)
    (row,) = map(json.loads, path.read_text(encoding="utf-8").splitlines())
    assert list(row) == [*COLUMNS, "text"]
    assert (row["label"], row["status"], row["text"]) == (None, "empty", "  ")


def test_a_failure_keeps_the_partial_file_and_leaves_the_output_alone(tmp_path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("the old results", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), Output(str(path)) as out:
        out.write(out.format.render([ROW] * 3), 3)
        raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "the old results"
    partial = (tmp_path / "out.csv.partial").read_text(encoding="utf-8-sig")
    assert out.rows == 3 and len(partial.splitlines()) == 4


def test_stdout_gets_csv_without_a_bom(capsysbinary) -> None:
    with Output(None) as out:
        out.write(out.format.render([ROW]), 1)
    assert capsysbinary.readouterr().out.startswith(b"row,id,sender,")
