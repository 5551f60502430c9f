"""``scamcheck report`` end to end, in this process, with the shipped model."""

import hashlib
import json

import pytest

from scamcheck.cli import main

from ..conftest import ROOT

HARASSMENT = ROOT / "examples" / "harassment.xml"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def report(tmp_path, *args, name="report"):
    html, data = tmp_path / f"{name}.html", tmp_path / f"{name}.json"
    status = main(["report", *map(str, args), "-o", str(html), "--json", str(data)])
    facts = json.loads(data.read_text("utf-8")) if data.exists() else None
    return status, html, facts


def test_the_harassment_example(tmp_path):
    status, html, facts = report(tmp_path, HARASSMENT)
    assert status == 0
    assert facts["generated"] == "2026-11-18T19:06:40+08:00"  # SOURCE_DATE_EPOCH
    (item,) = facts["inputs"]
    assert item["sha256"] == hashlib.sha256(HARASSMENT.read_bytes()).hexdigest()
    assert (item["format"], item["records"], item["received"], item["sent"], item["other"]) == (
        "xml", 20, 18, 1, 1)
    worst = facts["senders"][0]
    # +86 137 0000 5566, 137-0000-5566 and the MMS from +8613700005566 are one sender.
    assert worst["sender"] == "13700005566"
    assert worst["labels"]["aggressive_collection"] == worst["messages"] == 8
    assert worst["night_collection"] == 4
    assert worst["busy_days"] == [{"date": "2026-11-12", "collection": 5}]
    assert facts["totals"]["left_out"]["sent"] == 1
    assert [lender["id"] for lender in facts["lenders"]] == ["alipay"]
    page = html.read_text("utf-8")
    assert "13700005566" in page and "老赖" in page and "95188" in page


def test_same_input_same_bytes(tmp_path):
    _, first, _ = report(tmp_path, HARASSMENT, name="a")
    _, second, _ = report(tmp_path, HARASSMENT, name="b")
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_sender_and_period_filters(tmp_path):
    status, _, facts = report(tmp_path, HARASSMENT, "--sender", "+86 137-0000-5566",
                              "--from", "2026-11-12", "--to", "2026-11-12")
    assert status == 0
    (sender,) = facts["senders"]
    assert sender["messages"] == 5
    assert facts["scope"]["senders"] == ["13700005566"]
    left_out = facts["totals"]["left_out"]
    assert left_out["other_senders"] + left_out["outside_period"] == 18 - 5


@pytest.mark.parametrize("args", [["-"], [HARASSMENT, "--tz", "Mars/Olympus"],
                                  ["/nonexistent/inbox.xml"], [HARASSMENT, "--format", "csv",
                                                               "--text-column", "nope"]])
def test_bad_usage_writes_nothing(tmp_path, args):
    status, html, facts = report(tmp_path, *args)
    assert status == 2
    assert not html.exists() and facts is None


def test_a_bad_source_date_epoch_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    status, html, _ = report(tmp_path, HARASSMENT)
    assert status == 2 and not html.exists()


def test_an_output_that_is_an_input_is_refused(tmp_path):
    copy = tmp_path / "inbox.xml"
    copy.write_bytes(HARASSMENT.read_bytes())
    assert main(["report", str(copy), "-o", str(copy)]) == 2
    assert copy.read_bytes() == HARASSMENT.read_bytes()


def test_a_malformed_export_gives_the_report_of_what_was_read(tmp_path):
    broken = tmp_path / "broken.xml"
    text = HARASSMENT.read_text("utf-8")
    broken.write_text(text[: text.index("<sms", text.index("2026年11月12日 下午3"))  - 200]
                      + "<sms body='x'", encoding="utf-8")
    status, html, facts = report(tmp_path, broken)
    assert status == 1
    (item,) = facts["inputs"]
    assert "malformed XML" in item["fault"] and item["records"] > 0
    assert "文件在此处损坏" in html.read_text("utf-8")


@pytest.mark.parametrize("example", ["sms-backup.xml", "export-gbk.csv", "export.tsv",
                                     "messages.jsonl", "messages.txt"])
def test_every_format_score_reads(tmp_path, example):
    status, _, facts = report(tmp_path, ROOT / "examples" / example)
    assert status == 0
    assert facts["totals"]["unlawful"] > 0 and facts["totals"]["scams"] > 0


def test_a_file_name_that_is_not_utf8(tmp_path):
    export = tmp_path / "短信".encode("gbk").decode("utf-8", "surrogateescape")
    export.write_bytes(HARASSMENT.read_bytes())
    status, _, facts = report(tmp_path, export)
    assert status == 0
    assert "\ufffd" in facts["inputs"][0]["path"]


def test_an_export_without_messages(tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_text("<smses></smses>\n", encoding="utf-8")
    status, html, facts = report(tmp_path, empty)
    assert status == 0
    assert facts["totals"]["records"] == 0 and facts["senders"] == []
    assert facts["period"] == {"first": "", "last": ""}
    assert "没有与欠款有关的短信" in html.read_text("utf-8")
