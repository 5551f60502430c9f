"""Training is reproducible: the same data gives the same bundle and the same predictions."""

import zipfile

import numpy as np

from scamcheck.corpus import read_corpus, write_corpus
from scamcheck.labels import LABELS
from scamcheck.model import BUNDLE_NAME, LinearModel
from scamcheck.rules import load_rules
from scamcheck.train import fit, main

from .conftest import ROOT


def _sample(split: str = "train", per_label: int = 120):
    corpus = read_corpus(ROOT / "data" / "corpus.csv")
    picked = []
    for label in LABELS:
        picked += [e for e in corpus if e.label == label and e.split == split][:per_label]
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


def test_train_writes_a_bundle_of_plain_arrays_that_loads(tmp_path):
    write_corpus(tmp_path / "corpus.csv", _sample() + _sample("test", 10))
    assert main(["--data", str(tmp_path), "--out", str(tmp_path / "model")]) == 0
    with zipfile.ZipFile(tmp_path / "model" / BUNDLE_NAME) as bundle:
        assert all(name.endswith(".npy") for name in bundle.namelist())
    assert len(LinearModel.load(tmp_path / "model").features) > 100
