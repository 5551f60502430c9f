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
