"""The shipped corpus: size, balance, sources, and a split with no near-duplicates across it."""

from collections import Counter

import pytest

from scamcheck.corpus import STYLES, Example, near_duplicates, read_corpus, shingles, write_corpus
from scamcheck.labels import LABELS, Label

from .conftest import ROOT

CORPUS = read_corpus(ROOT / "data" / "corpus.csv")


def test_size_and_balance():
    assert len(CORPUS) >= 4000
    per_label = Counter(e.label for e in CORPUS)
    assert all(per_label[label] >= 800 for label in LABELS), per_label


def test_handwritten_and_templates():
    assert sum(e.source == "handwritten" for e in CORPUS) >= 1000
    templates = {e.template for e in CORPUS if e.source == "generated"}
    assert len(templates) >= 150


def test_split_is_by_group_and_frozen():
    groups = (ROOT / "data" / "test_groups.txt").read_text("utf-8").split()
    for e in CORPUS:
        assert (e.split == "test") == (e.template in groups), e.id
    sides = {}
    for e in CORPUS:
        assert sides.setdefault(e.template, e.split) == e.split
    assert all(Counter(e.label for e in CORPUS if e.split == "test")[label] >= 100
               for label in LABELS)


def test_every_style_has_test_messages_of_every_label_it_has():
    assert {e.style for e in CORPUS} <= set(STYLES)
    labels = {(e.style, e.label) for e in CORPUS}
    tested = {(e.style, e.label) for e in CORPUS if e.split == "test"}
    assert labels == tested
    assert len({e.style for e in CORPUS}) >= 7


def test_style_column_round_trip_and_old_files(tmp_path):
    path = tmp_path / "c.csv"
    e = Example("1", "你好", Label.UNRELATED, "generated", "t", "test", "pinyin")
    write_corpus(path, [e])
    assert read_corpus(path) == [e]
    path.write_text("id,text,label,source,template,split\n1,你好,unrelated,generated,t,test\n",
                    "utf-8")
    assert read_corpus(path)[0].style == "standard"


def test_no_test_message_near_duplicates_a_training_message():
    test = [e.text for e in CORPUS if e.split == "test"]
    train = [e.text for e in CORPUS if e.split == "train"]
    assert near_duplicates(test, train, threshold=0.8) == []


def test_ids_unique_and_texts_unique():
    assert len({e.id for e in CORPUS}) == len(CORPUS)
    assert len({e.text for e in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("a", "b", "similar"), [
    ("您的花呗已逾期15天，请尽快登录支付宝App还款，以免影响个人征信记录",
     "您的花呗已逾期16天，请尽快登录支付宝App还款，以免影响个人征信记录", True),
    ("您的花呗已逾期15天，请尽快登录支付宝App还款", "快递已到驿站，请凭取件码取件", False),
])
def test_near_duplicate_measure(a, b, similar):
    assert bool(near_duplicates([a], [b], threshold=0.5)) == similar
    assert shingles("ab") == frozenset({"ab"})
