"""The streaming API: every record once, in input order, with its verdict; in and out of
worker processes alike."""

from __future__ import annotations

import json

import pytest

import scamcheck
from scamcheck.classifier import Classifier
from scamcheck.formats import FormatError, UsageError
from scamcheck.formats.output import verdict_fields
from scamcheck.formats.record import make_record
from scamcheck.labels import LABELS
from scamcheck.result import Result
from scamcheck.scoring import ScoredStream, iter_scored, score_records
from scamcheck.verdict import Verdict

from .formats.writers import sms_xml

MESSAGES = ["逾期15天，请还款", "你个老赖", "", "转账到安全账户", "快递到了", "💥 boom"]


class Exploding(Classifier):
    """The tiny model, failing on any batch that holds 💥."""

    def verdicts(self, texts, senders=None, digits=None):
        if any("💥" in text for text in texts):
            raise RuntimeError("boom")
        return super().verdicts(texts, senders, digits)


@pytest.fixture
def exploding(fake_classifier) -> Exploding:
    return Exploding(fake_classifier.model, fake_classifier.rules)


def jsonl(tmp_path, messages, name="m.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(m) + "\n" for m in messages), encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_item_per_record_in_order_with_error_rows(tmp_path, exploding, jobs) -> None:
    messages = [f"{MESSAGES[i % 6]}#{i}" if MESSAGES[i % 6] else "" for i in range(130)]
    path = jsonl(tmp_path, messages)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"text": "not closed\n')  # a malformed line: an error row
    stream = ScoredStream([path], lambda: exploding, jobs=jobs, chunk_records=7)
    with stream:
        items = list(stream)
    assert [item.record.row for item in items] == list(range(1, 132))
    assert [item.record.text for item in items[:130]] == messages
    assert {item.record.source for item in items} == {str(path)}
    for item, text in zip(items, messages, strict=False):
        if not text:
            assert (item.record.status, item.verdict) == ("empty", None)
        elif "💥" in text:
            assert item.record.status == "error" and item.verdict is None
            assert item.record.error == "classifier failed: RuntimeError: boom"
        else:
            assert item.record.status == "ok" and isinstance(item.verdict, Verdict)
    assert items[-1].record.status == "error" and items[-1].verdict is None


def test_jobs_give_the_same_items(tmp_path, exploding) -> None:
    path = jsonl(tmp_path, [m for m in MESSAGES * 40])
    one, two = (
        list(iter_scored(path, classifier=exploding, jobs=jobs)) for jobs in (1, 2)
    )
    assert one == two and len(one) == 240


def test_verdicts_match_classify(tmp_path, fake_classifier) -> None:
    path = jsonl(tmp_path, MESSAGES[:5])
    for record, verdict in iter_scored([path], classifier=fake_classifier):
        if verdict is None:
            continue
        result = fake_classifier.classify(record.text)
        assert verdict.label == result.label and verdict.label in LABELS
        assert verdict.probabilities == list(result.probabilities.values())
        assert verdict.rule_ids == tuple(hit.rule_id for hit in result.hits)


@pytest.mark.parametrize("jobs", [1, 2])
def test_explain_gives_full_results_and_digits_round(tmp_path, fake_classifier, jobs) -> None:
    path = jsonl(tmp_path, MESSAGES[:2])
    results = [item.verdict for item in iter_scored(path, classifier=fake_classifier,
                                                   explain=True, jobs=jobs)]
    assert all(isinstance(result, Result) for result in results)
    assert results == fake_classifier.classify_many(MESSAGES[:2])
    rounded = [item.verdict for item in iter_scored(path, classifier=fake_classifier,
                                                   digits=2)]
    assert all(p == round(p, 2) for verdict in rounded for p in verdict.probabilities)


def test_several_inputs_are_read_in_turn_and_named(tmp_path, fake_classifier) -> None:
    a, b = jsonl(tmp_path, MESSAGES[:2], "a.jsonl"), jsonl(tmp_path, MESSAGES[:3], "b.jsonl")
    items = list(iter_scored([a, str(b)], classifier=fake_classifier, jobs=2))
    assert [(item.record.source, item.record.row) for item in items] == [
        (str(a), 1), (str(a), 2), (str(b), 1), (str(b), 2), (str(b), 3),
    ]  # fmt: skip


def test_reader_options_are_keywords(tmp_path, fake_classifier) -> None:
    path = tmp_path / "m.csv"
    path.write_text("正文,号码\n老赖,13800000000\n", encoding="utf-8")
    (item,) = iter_scored(path, classifier=fake_classifier, text_column="正文", format="csv")
    assert (item.record.text, item.record.sender) == ("老赖", "13800000000")
    with pytest.raises(TypeError):
        iter_scored(path, classifier=fake_classifier, colour="red")


def test_usage_errors_come_on_the_first_next(tmp_path, fake_classifier) -> None:
    with pytest.raises(UsageError):
        iter_scored([], classifier=fake_classifier)
    stream = iter_scored(tmp_path / "missing.txt", classifier=fake_classifier)
    with pytest.raises(FileNotFoundError):
        next(stream)
    stream = iter_scored(jsonl(tmp_path, ["x"]), classifier=fake_classifier, format="docx")
    with pytest.raises(UsageError):
        next(stream)


@pytest.mark.parametrize("jobs", [1, 2])
def test_malformed_xml_gives_the_records_before_the_fault(tmp_path, fake_classifier, jobs):
    path = tmp_path / "bad.xml"
    path.write_text(sms_xml(["逾期", "老赖", "减免本金"]).replace('body="减免', 'body="<减免'),
                    encoding="utf-8")
    stream = ScoredStream([path], lambda: fake_classifier, jobs=jobs, chunk_records=1)
    rows = []
    with pytest.raises(FormatError, match=r"bad\.xml: malformed XML"):
        rows.extend(item.record.row for item in stream)
    assert rows == [1, 2]


def test_exported_lazily_from_the_package() -> None:
    assert scamcheck.iter_scored is iter_scored and scamcheck.Verdict is Verdict
    assert scamcheck.Record.__name__ == "Record"


def test_score_records_pairs_records_already_read(exploding) -> None:
    """What a Spark batch goes through: each record keeps its place, unscorable ones get no
    verdict, and only the text the classifier fails on becomes an error record."""
    records = [make_record(1, "请转账"), make_record(2, None), make_record(3, "💥"),
               make_record(4, "x", error="bad line"), make_record(5, "快递", sender="95188")]
    scored = score_records(exploding, records, digits=4)
    assert [item.record.status for item in scored] == ["ok", "empty", "error", "error", "ok"]
    assert scored[2].record.error == "classifier failed: RuntimeError: boom"
    assert [item.verdict is None for item in scored] == [False, True, True, True, False]
    assert verdict_fields(scored[4].verdict)[0] == "unrelated"
    assert score_records(exploding, []) == []
