from collections import Counter

import numpy as np
import pytest

from scamcheck.corpus import read_corpus
from scamcheck.evaluate import read_real_negatives
from scamcheck.features import FeatureIndex, analyse, token_class
from scamcheck.model import LinearModel
from scamcheck.normalise import normalise

from .conftest import ROOT, SHARED, needs_datasets


def _pairs(index: FeatureIndex, texts: list[str]) -> Counter:
    rows, cols = index.lookup(texts)
    return Counter(zip(rows.tolist(), cols.tolist(), strict=True))


def _expected(index: FeatureIndex, texts: list[str]) -> Counter:
    return Counter((i, index.columns[f]) for i, t in enumerate(texts) for f in analyse(t)
                   if f in index.columns)


def test_token_classes():
    assert token_class("95188") == "#d5"
    assert token_class("13812345678") == "#d11"
    assert token_class("a1b2") == "#id"
    assert token_class("app") == "app"
    assert token_class("逾期") == "逾期"


def test_lookup_on_a_small_vocabulary():
    index = FeatureIndex(["逾期", "还款", "逾期 还款", "#d5", "拨打 #d5", "拨打", "app",
                          "还款 逾期"])
    texts = ["逾期 还款", "请拨打95188", "逾期", "还款", "", "   ", "app 逾期还款逾期",
             "逾期啊还款"]
    assert _pairs(index, texts) == _expected(index, texts)
    # a bigram never spans two messages
    rows, cols = index.lookup(["逾期", "还款"])
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 0), (1, 1)]


def test_lookup_of_an_empty_batch_and_a_vocabulary_without_bigrams():
    index = FeatureIndex(["逾期"])
    rows, cols = index.lookup([])
    assert len(rows) == len(cols) == 0
    assert _pairs(index, ["逾期逾期", "x"]) == Counter({(0, 0): 2})


def test_lookup_refuses_text_that_is_not_normalised():
    with pytest.raises(ValueError, match="normalised"):
        FeatureIndex(["逾期"]).lookup(["逾期\x01还款", "x"])


def test_lookup_equals_analyse_on_the_corpus():
    index = LinearModel.load().index
    texts = [normalise(e.text).text for e in read_corpus(ROOT / "data" / "corpus.csv")]
    assert _pairs(index, texts) == _expected(index, texts)


@needs_datasets
def test_lookup_equals_analyse_on_real_messages():
    index = LinearModel.load().index
    texts = [normalise(t).text for _, ts in read_real_negatives(SHARED) for t in ts[:5000]]
    assert _pairs(index, texts) == _expected(index, texts)
    assert np.all(index.lookup(texts)[1] >= 0)
