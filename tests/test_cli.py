"""End to end: the installed ``scamcheck`` command in a subprocess, with the shipped model."""

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

EXE = shutil.which("scamcheck")
pytestmark = pytest.mark.skipif(EXE is None, reason="scamcheck is not installed")


def run(*args, stdin: str | None = None):
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_check_explains():
    out = run("check", "【支付宝】您的借呗额度异常，请添加客服微信kf95188处理，否则影响征信")
    assert out.returncode == 0
    assert out.stdout.startswith("label: likely_scam")
    assert "SCAM_ADD_WECHAT_QQ" in out.stdout and "advice:" in out.stdout


def test_check_json_from_stdin_with_sender():
    out = run("check", "--json", "--sender", "95188",
              stdin="【支付宝】您的花呗本期账单1,280.00元将于10日到期，请登录支付宝App按时还款。")
    assert out.returncode == 0
    result = json.loads(out.stdout)
    assert result["label"] == "official_reminder"
    assert abs(sum(result["probabilities"].values()) - 1) < 1e-9
    assert any(h["rule_id"] == "OFF_SENDER_OFFICIAL" and h["matched"] == "95188"
               for h in result["hits"])


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").iterdir()
                                           if p.suffix in {".xml", ".csv", ".tsv", ".jsonl",
                                                           ".txt"}))
def test_score_every_example_export(example, tmp_path):
    out = tmp_path / "scored.csv"
    proc = run("score", str(ROOT / "examples" / example), "-o", str(out), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and [int(r["row"]) for r in rows] == list(range(1, len(rows) + 1))
    assert {r["label"] for r in rows} == {"official_reminder", "aggressive_collection",
                                          "likely_scam", "unrelated"}


def test_score_stdin_to_stdout():
    proc = run("score", "-", "--format", "txt", "--no-progress",
               stdin="快递到了\n【支付宝】您的花呗已逾期3天\n\n")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [r["status"] for r in rows] == ["ok", "ok", "empty"]


def test_missing_model_is_exit_2(tmp_path):
    out = run("--model", str(tmp_path), "check", "hello")
    assert out.returncode == 2 and "no model" in out.stderr


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "scamcheck", "check", "你好"],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert out.returncode == 0 and "unrelated" in out.stdout


def test_global_options_go_before_or_after_every_sub_command(tmp_path):
    """``--model`` is read in either place (a missing folder proves it), and works."""
    missing = str(tmp_path / "no-model")
    commands = {
        "check": ["check", "你好"],
        "score": ["score", str(ROOT / "examples" / "messages.txt"), "-o", "-"],
        "evaluate": ["evaluate", str(ROOT / "data" / "corpus.csv"), "--no-evasion"],
    }
    for name, (command, *rest) in commands.items():
        for args in (["--model", missing, command, *rest], [command, "--model", missing, *rest]):
            out = run(*args)
            assert out.returncode == 2 and f"no model in {missing}" in out.stderr, (name, args)
            assert "Traceback" not in out.stderr
    shipped = str(ROOT / "models")
    for args in (["--model", shipped, "check", "你好"], ["check", "--model", shipped, "你好"]):
        assert run(*args).returncode == 0
    for args in (["--model", missing, "train"], ["train", "--model", missing]):
        out = run(*args)
        assert out.returncode == 2 and "--out names its folder" in out.stderr


def test_evaluate_and_train_say_what_is_wrong_in_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    cases = [
        (["evaluate"], "data/corpus.csv not found"),
        (["train"], "data/corpus.csv not found"),
        (["evaluate", str(bad)], "not a usable corpus file"),
        (["train", "--data", str(tmp_path)], "corpus.csv not found"),
        (["evaluate", str(ROOT / "data" / "corpus.csv"), "--real-negatives", "/nonexistent"],
         "--real-negatives /nonexistent: no such folder or file"),
    ]
    for args, message in cases:
        out = subprocess.run([EXE, *args], capture_output=True, text=True, encoding="utf-8",
                             timeout=120, cwd=tmp_path)
        assert out.returncode == 2, (args, out.stderr)
        assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_check_says_when_the_text_is_empty():
    out = run("check", " ")
    assert out.returncode == 0 and "the message is empty" in out.stderr


def test_two_runs_into_the_same_output_do_not_mix(tmp_path):
    source = tmp_path / "many.txt"
    source.write_text("【支付宝】您的花呗已逾期3天，请登录支付宝App还款\n快递到了\n" * 4_000,
                      encoding="utf-8")
    out = tmp_path / "out.csv"
    procs = [subprocess.Popen([EXE, "score", str(source), "-o", str(out), "--jobs", "1",
                               "--no-progress"], stderr=subprocess.PIPE)
             for _ in range(2)]
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0]
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 8_001 and {len(row) for row in rows} == {len(rows[0])}
    assert [int(row[0]) for row in rows[1:]] == list(range(1, 8_001))
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_score_writes_to_stdout_through_a_pipe(output, tmp_path):
    proc = subprocess.run([EXE, "score", str(ROOT / "examples" / "messages.txt"), "-o", output,
                           "--no-progress"], capture_output=True, text=True, encoding="utf-8",
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows and rows[0]["row"] == "1" and not list(tmp_path.iterdir())
