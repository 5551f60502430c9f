from __future__ import annotations

import dataclasses
import json

import pytest

from scamcheck.labels import Label
from scamcheck.verdict import Verdict


def test_a_verdict_is_frozen_and_serialisable() -> None:
    verdict = Verdict(Label.LIKELY_SCAM, [0.1, 0.1, 0.7, 0.1], ("SCAM_A", "SCAM_A"))
    assert verdict.confidence == 0.7
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.label = Label.UNRELATED
    assert json.loads(json.dumps(verdict.to_dict())) == {
        "label": "likely_scam",
        "confidence": 0.7,
        "probabilities": {"official_reminder": 0.1, "aggressive_collection": 0.1,
                          "likely_scam": 0.7, "unrelated": 0.1},
        "rule_ids": ["SCAM_A", "SCAM_A"],
    }


def test_a_verdict_survives_pickling() -> None:
    import pickle

    verdict = Verdict(Label.UNRELATED, [0.1, 0.1, 0.1, 0.7], ("UNR_PARCEL",))
    copy = pickle.loads(pickle.dumps(verdict))
    assert copy == verdict and copy.label is Label.UNRELATED
