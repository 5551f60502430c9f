"""End to end: the installed ``scamcheck`` command in a subprocess, with the shipped model."""

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, Payload

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


SCAM = "【某银行】您尾号1234的信用卡已逾期，加微信kf2026888可减免本金"


def run_bytes(*args, stdin: bytes, python_flags: tuple[str, ...] = ()):
    return subprocess.run([sys.executable, *python_flags, "-m", "scamcheck", *args],
                          input=stdin, capture_output=True, timeout=120)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-16"])
def test_check_decodes_standard_input_as_score_does(encoding, tmp_path):
    data = SCAM.encode(encoding)
    (tmp_path / "m.txt").write_bytes(data + "\n".encode(encoding))
    scored = run("score", str(tmp_path / "m.txt"), "--no-progress")
    checked = run_bytes("check", "--json", stdin=data)
    assert checked.returncode == 0, checked.stderr
    label = json.loads(checked.stdout)["label"]
    assert label == next(csv.DictReader(io.StringIO(scored.stdout)))["label"] == "likely_scam"


def test_check_says_when_standard_input_is_not_text():
    for data in (bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"):
        out = run_bytes("check", stdin=data)
        assert out.returncode == 2 and out.stdout == b""
        assert out.stderr.decode().startswith("scamcheck: standard input is not text: ")
        assert out.stderr.count(b"\n") == 1


def test_check_imports_charset_normalizer_only_for_input_that_is_not_utf8():
    imported = {}
    for encoding in ("utf-8", "gbk"):
        out = run_bytes("check", stdin=SCAM.encode(encoding), python_flags=("-X", "importtime"))
        assert out.returncode == 0
        imported[encoding] = b"charset_normalizer" in out.stderr
    assert imported == {"utf-8": False, "gbk": True}


def test_a_model_folder_holding_a_pickle_is_refused_without_running_it(tmp_path):
    import hashlib
    import pickle

    marker = tmp_path / "ran"
    payload = pickle.dumps({"format": Payload(marker)})
    (tmp_path / "scamcheck.joblib").write_bytes(payload)
    sha = hashlib.sha256(payload).hexdigest()
    (tmp_path / "scamcheck.json").write_text(json.dumps({"model_sha256": sha}))
    out = run("--model", str(tmp_path), "check", "hello")
    assert out.returncode == 2 and "pickle" in out.stderr
    assert not marker.exists()


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
