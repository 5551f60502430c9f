"""Shared fixtures: the repository paths and a tiny fake model for unit tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scamcheck.classifier import Classifier
from scamcheck.labels import LABELS, Label
from scamcheck.model import LinearModel
from scamcheck.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "datasets"


def tiny_model() -> LinearModel:
    """Four features, one per label, each pushing its own label."""
    words = {
        "逾期": Label.OFFICIAL_REMINDER,
        "老赖": Label.AGGRESSIVE_COLLECTION,
        "转账": Label.LIKELY_SCAM,
        "快递": Label.UNRELATED,
    }
    coef = np.zeros((len(words), len(LABELS)))
    for i, label in enumerate(words.values()):
        coef[i, LABELS.index(label)] = 4.0
    return LinearModel.from_arrays(list(words), np.ones(len(words)), coef, np.zeros(len(LABELS)))


@pytest.fixture(scope="session")
def fake_classifier() -> Classifier:
    return Classifier(tiny_model(), load_rules())
