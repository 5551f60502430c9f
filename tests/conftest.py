"""Shared fixtures: the repository paths and a tiny fake model for unit tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

from scamcheck.classifier import Classifier
from scamcheck.labels import LABELS, Label
from scamcheck.model import LinearModel
from scamcheck.rules import load_rules

# The rule prefilter caches its compiled database; the tests (and the commands they run)
# keep theirs in a folder of their own rather than the user's cache.
if "SCAMCHECK_CACHE" not in os.environ:
    os.environ["SCAMCHECK_CACHE"] = tempfile.mkdtemp(prefix="scamcheck-test-cache-")
    atexit.register(shutil.rmtree, os.environ["SCAMCHECK_CACHE"], ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "datasets"
#: The reason given by tests that need the public data sets beside the checkout.
NO_DATASETS = f"needs the shared data sets: {SHARED} is missing"
needs_datasets = pytest.mark.skipif(not SHARED.is_dir(), reason=NO_DATASETS)
_skipped_for_datasets: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and NO_DATASETS in str(report.longrepr):
        _skipped_for_datasets.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (``CI=true``) a test skipped for want of the data sets fails the run."""
    if os.environ.get("CI") == "true" and _skipped_for_datasets:
        print(f"\nCI: {len(_skipped_for_datasets)} tests skipped because they {NO_DATASETS}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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


class Payload:
    """Unpickling it creates the file ``marker``: it stands for any code a pickle can run."""

    def __init__(self, marker: str | Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


@pytest.fixture(scope="session")
def fake_classifier() -> Classifier:
    return Classifier(tiny_model(), load_rules())
