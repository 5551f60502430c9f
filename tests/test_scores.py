"""score_records: the values every scoring front end writes for a batch of records."""

from __future__ import annotations

from types import SimpleNamespace

from scamcheck.formats.record import EMPTY, ERROR, OK, make_record
from scamcheck.scores import DIGITS, Score, score_records


class Keyword:
    """Scam for ``转账``, unrelated otherwise; ``💥`` in a text makes the batch call fail.
    Verdicts are plain objects, read by attribute name only."""

    def __init__(self) -> None:
        self.calls = []

    def verdicts(self, texts, senders=None, digits=None):
        self.calls.append((list(texts), senders, digits))
        if any("💥" in text for text in texts):
            raise RuntimeError("boom")
        return [
            SimpleNamespace(label="likely_scam", probabilities=[0.1, 0.1, 0.7, 0.1],
                            rule_ids=("B", "A", "B"))
            if "转账" in text else
            SimpleNamespace(label="unrelated", probabilities=[0.1, 0.1, 0.1, 0.7], rule_ids=())
            for text in texts
        ]


def test_each_record_keeps_its_place_and_unscorable_ones_get_no_score() -> None:
    records = [make_record(1, "请转账"), make_record(2, None), make_record(3, "  "),
               make_record(4, "x", error="bad line"), make_record(5, "你好", sender="95188")]
    classifier = Keyword()
    scored = score_records(classifier, records)
    assert [record.status for record, _ in scored] == [OK, EMPTY, EMPTY, ERROR, OK]
    assert scored[0][1] == Score("likely_scam", 0.7, [0.1, 0.1, 0.7, 0.1], "B;A")
    assert scored[4][1] == Score("unrelated", 0.7, [0.1, 0.1, 0.1, 0.7], "")
    assert [score for _, score in scored[1:4]] == [None] * 3
    assert classifier.calls == [(["请转账", "你好"], [None, "95188"], DIGITS)]


def test_only_the_text_the_classifier_fails_on_becomes_an_error_record() -> None:
    records = [make_record(1, "请转账"), make_record(2, "💥"), make_record(3, "你好")]
    scored = score_records(Keyword(), records)
    assert [record.status for record, _ in scored] == [OK, ERROR, OK]
    assert scored[1] == (records[1]._replace(status=ERROR,
                                             error="classifier failed: RuntimeError: boom"), None)
    assert scored[0][1].label == "likely_scam" and scored[2][1].label == "unrelated"


def test_no_records() -> None:
    assert score_records(Keyword(), []) == []
