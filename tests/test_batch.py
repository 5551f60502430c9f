"""Batch scoring with a tiny fake classifier: order, row counts, statuses, exit codes."""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scamcheck.batch import EXIT_STATUS_HELP, score
from scamcheck.formats import COLUMNS, ReaderOptions
from scamcheck.labels import LABELS
from scamcheck.verdict import Verdict

from .formats.writers import SUFFIXES, render, sms_xml

KEYWORDS = {"转账": 2, "验证码": 2, "老赖": 1, "上门": 1, "逾期": 0}


class FakeClassifier:
    """Labels by keyword; ``💥`` in a text makes the whole batch call fail."""

    def verdicts(self, texts, senders=None, digits=None):
        if any("💥" in text for text in texts):
            raise RuntimeError("boom")
        return [self._one(text) for text in texts]

    @staticmethod
    def _one(text: str) -> Verdict:
        hits = [word for word in KEYWORDS if word in text]
        index = KEYWORDS[hits[0]] if hits else 3
        probabilities = [0.0333] * len(LABELS)
        probabilities[index] = 0.9
        return Verdict(LABELS[index], probabilities,
                       tuple(f"kw.{word}" for word in hits * 2))


READER_OPTIONS = set(ReaderOptions.__dataclass_fields__)


def run(inputs: list, output: Path | str | None = None, **options) -> int:
    options.setdefault("jobs", 1)
    options.setdefault("classifier_factory", FakeClassifier)
    reader = {key: options.pop(key) for key in READER_OPTIONS & set(options)}
    return score([str(i) for i in inputs], None if output is None else str(output),
                 reader=ReaderOptions(**reader), **options)


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n")[:-1]]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


MESSAGES = [
    "【支付宝】您的花呗已逾期3天，请登录支付宝App还款。",
    "你个老赖，明天就上门找你。",
    "减免本金，今天转账到指定账户。",
    "快递到了，取件码1234。",
    "",
]


def test_every_record_gets_one_row_in_order(tmp_path) -> None:
    xml = write(tmp_path / "a.xml", sms_xml(MESSAGES))
    txt = write(tmp_path / "b.txt", "\n".join(MESSAGES[:3]) + "\n")
    out = tmp_path / "out.csv"
    assert run([xml, txt], out) == 0
    rows = read_csv(out)
    assert list(rows[0]) == ["row", "file", *COLUMNS[1:]]  # several inputs: which file
    assert [r["row"] for r in rows] == [str(i) for i in range(1, 9)]
    assert [r["file"] for r in rows] == [str(xml)] * 5 + [str(txt)] * 3
    assert [r["label"] for r in rows] == [
        "official_reminder", "aggressive_collection", "likely_scam", "unrelated", "",
        "official_reminder", "aggressive_collection", "likely_scam",
    ]  # fmt: skip
    assert rows[1]["rules"] == "kw.老赖;kw.上门"  # in order, each once
    assert (rows[0]["confidence"], rows[0]["p_official_reminder"], rows[0]["p_unrelated"]) == (
        "0.9", "0.9", "0.0333",
    )  # fmt: skip
    assert (rows[4]["status"], rows[4]["error"]) == ("empty", "empty message")
    assert rows[0]["time"] == "2026-11-03T09:12:40+08:00" and rows[0]["sender"] == "13800000000"


def test_jobs_give_the_same_rows_as_one_process(tmp_path) -> None:
    messages = [f"{MESSAGES[i % 5]}#{i}" for i in range(203)] + ["💥"]
    lines = "".join(json.dumps(m) + "\n" for m in messages) + "{broken\n"  # an error record
    path = write(tmp_path / "m.jsonl", lines)
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}.jsonl"
        assert run([path], out, jobs=jobs, chunk_size=7, include_text=True) == 1
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    rows = read_jsonl(tmp_path / "out2.jsonl")
    assert [row["row"] for row in rows] == list(range(1, 206))
    assert [row["text"] for row in rows[:203]] == messages[:203]
    assert rows[203]["status"] == "error" and "RuntimeError: boom" in rows[203]["error"]
    assert rows[204]["status"] == "error" and rows[204]["label"] is None


def test_error_rows_do_not_stop_scoring_and_give_exit_status_1(tmp_path, capsys) -> None:
    path = write(tmp_path / "m.jsonl", '"逾期"\n{broken\n"老赖"\n')
    out = tmp_path / "out.csv"
    assert run([path], out) == 1
    rows = read_csv(out)
    assert [r["status"] for r in rows] == ["ok", "error", "ok"]
    assert rows[1]["error"].startswith("line 2: malformed JSON")
    assert "error                            1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("inputs", "options", "message"),
    [
        (["missing.txt"], {}, "No such file"),
        (["-", "-"], {}, "stdin (-) can be read only once"),
        ([], {}, "no input given"),
        (["examples/messages.txt"], {"format": "docx"}, "unknown format 'docx'"),
        (["examples/messages.txt"], {"encoding": "klingon"}, "unknown encoding"),
        (["examples/export-gbk.csv"], {"text_column": "正文"}, "'正文' not found"),
        (["examples/messages.txt"], {"jobs": 0}, "at least 1"),
        (["examples/messages.txt"], {"output": "out.json"}, "unknown suffix '.json'"),
        (["examples/messages.txt"], {"output": ""}, "the output path is empty"),
        (["examples/messages.txt"], {"output": "."}, "is a folder"),
        (["missing.txt"], {"output": "out.tsv.bak"}, "unknown suffix '.bak'"),  # before input
    ],
)
def test_bad_usage_gives_exit_status_2_before_any_output(
    tmp_path, capsys, inputs, options, message
) -> None:
    out = tmp_path / "out.csv"
    assert run(inputs, options.pop("output", out), **options) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


def test_malformed_xml_keeps_the_rows_before_the_fault(tmp_path, capsys) -> None:
    text = sms_xml(MESSAGES[:3]).replace('body="减免', 'body="<减免')
    out = tmp_path / "out.csv"
    assert run([write(tmp_path / "bad.xml", text)], out, chunk_size=1) == 2
    err = capsys.readouterr().err
    assert "bad.xml: malformed XML at line 5, column" in err
    assert "2 rows kept in" in err and not out.exists()
    (partial,) = tmp_path.glob("out.csv.*.partial")
    assert [r["row"] for r in read_csv(partial)] == ["1", "2"]


class Interrupting(FakeClassifier):
    calls = 0

    def verdicts(self, texts, senders=None, digits=None):
        Interrupting.calls += 1
        if Interrupting.calls == 3:
            raise KeyboardInterrupt
        return super().verdicts(texts, senders, digits)


def test_ctrl_c_keeps_a_partial_file_and_the_old_output(tmp_path, capsys) -> None:
    path = write(tmp_path / "m.txt", "逾期\n" * 10)
    out = write(tmp_path / "out.csv", "old results")
    status = score([str(path)], str(out), classifier_factory=Interrupting, jobs=1, chunk_size=2)
    assert status == 130
    assert out.read_text() == "old results"
    (partial,) = tmp_path.glob("out.csv.*.partial")
    assert len(read_csv(partial)) == 4
    assert "interrupted: 4 rows kept in" in capsys.readouterr().err


class Crash(BaseException):
    pass


class Crashing(FakeClassifier):
    def verdicts(self, texts, senders=None, digits=None):
        raise Crash


def test_a_crash_keeps_a_partial_file_and_says_so(tmp_path, capsys) -> None:
    out = tmp_path / "out.csv"
    with pytest.raises(Crash):
        score(["examples/messages.txt"], str(out), classifier_factory=Crashing, jobs=1)
    assert "failed: 0 rows kept in" in capsys.readouterr().err
    assert list(tmp_path.glob("out.csv.*.partial")) and not out.exists()


def test_stdin_to_stdout(monkeypatch, capsysbinary) -> None:
    data = "号码,时间,内容\n13800000000,2026/11/3 23:15,老赖\n".encode("gbk")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert run(["-"], None) == 0
    out = capsysbinary.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out.decode("utf-8"))))
    assert (rows[0]["sender"], rows[0]["label"]) == ("13800000000", "aggressive_collection")
    assert b"aggressive_collection between 22:00 and 08:00: 1 of 1" in out.err


def test_summary(tmp_path, capsys) -> None:
    assert run(["examples/sms-backup.xml"], tmp_path / "out.csv", progress=True) == 0
    err = capsys.readouterr().err
    assert "16 records read" in err
    assert "top senders of aggressive_collection:" in err
    assert "aggressive_collection between 22:00 and 08:00:" in err


def test_exit_status_help_names_every_status() -> None:
    assert all(f"  {status}  " in EXIT_STATUS_HELP for status in ("0", "1", "2", "130"))


# What a format cannot carry: in plain text line breaks and a leading BOM (taken for the
# file's); in XML the non-characters U+FFFE/U+FFFF and the plane-16 private-use characters
# the reader borrows (U+10FD00 and up).
UNCARRIED = {"txt": {"\n", "\r", "\ufeff"}, "xml": {"\ufffe", "\uffff"}}
CASES = st.sampled_from(
    [(fmt, encoding, "auto") for fmt in SUFFIXES for encoding in ("utf-8", "utf-8-sig", "utf-16")]
    + [(fmt, "gb18030", "gb18030") for fmt in SUFFIXES]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=CASES, messages=st.lists(st.text(max_size=30), max_size=8))
def test_any_messages_come_back_in_order(case, messages) -> None:
    fmt, encoding, requested = case
    banned = UNCARRIED.get(fmt, set())
    messages = [m for m in messages if not banned & set(m)]
    if fmt == "xml":
        messages = [m for m in messages if max(m, default="") < "\U0010fd00"]
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / f"in{SUFFIXES[fmt]}", render(messages, fmt), encoding)
        out = Path(folder) / "out.jsonl"
        status = run([path], out, format=fmt, encoding=requested, include_text=True)
        rows = read_jsonl(out)
    assert status == 0
    assert [row["row"] for row in rows] == list(range(1, len(messages) + 1))
    assert [row["text"] for row in rows] == messages
    assert [row["status"] for row in rows] == ["ok" if m.strip() else "empty" for m in messages]


def test_an_input_given_as_output_is_refused_before_reading(tmp_path, capsys) -> None:
    backup = write(tmp_path / "b.csv", "号码,内容\n95188,逾期\n")
    (tmp_path / "link.csv").symlink_to(backup)
    backup_txt = write(tmp_path / "b.txt", "逾期\n")
    assert run([backup_txt], backup_txt) == 2  # said so, whatever its suffix
    assert "it would be destroyed" in capsys.readouterr().err
    for output in (backup, tmp_path / "link.csv", tmp_path / "." / "b.csv"):
        assert run([backup], output) == 2
        assert "it would be destroyed" in capsys.readouterr().err
    assert backup.read_text(encoding="utf-8") == "号码,内容\n95188,逾期\n"


def test_several_inputs_get_a_file_column(tmp_path) -> None:
    a = write(tmp_path / "a.txt", "逾期\n老赖\n")
    b = write(tmp_path / "b.txt", "转账\n")
    out = tmp_path / "out.tsv"
    assert run([a, b], out) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("row\tfile\tid\t")
    assert [line.split("\t")[:2] for line in lines[1:]] == [
        ["1", str(a)], ["2", str(a)], ["3", str(b)]]


def test_dash_is_stdout(capsysbinary) -> None:
    assert run(["examples/messages.txt"], "-") == 0
    assert capsysbinary.readouterr().out.startswith(b"row,id,sender,")
