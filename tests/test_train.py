"""Training is reproducible: the same data gives the same bundle and the same predictions."""

import numpy as np

from scamcheck.corpus import read_corpus
from scamcheck.labels import LABELS
from scamcheck.rules import load_rules
from scamcheck.train import fit

from .conftest import ROOT


def _sample():
    corpus = read_corpus(ROOT / "data" / "corpus.csv")
    picked = []
    for label in LABELS:
        picked += [e for e in corpus if e.label == label and e.split == "train"][:120]
    return picked


def test_same_data_same_model():
    rules = load_rules()
    sample = _sample()
    a, b = fit(sample, rules, seed=3), fit(sample, rules, seed=3)
    assert a.features == b.features
    np.testing.assert_array_equal(a.coef, b.coef)
    assert a.temperature == b.temperature
    feats = [["逾期", "还款"], ["转账", "安全账户"]]
    np.testing.assert_array_equal(a.logits(feats), b.logits(feats))
