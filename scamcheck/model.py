"""The shipped TF-IDF + logistic-regression model as plain arrays, and its bundle files.

The bundle (``models/scamcheck.joblib``) holds only lists, strings, floats and NumPy arrays:
the feature vocabulary, the idf weights, the coefficient matrix, the intercepts, the label
order and the fusion temperature. Inference computes TF-IDF with a vocabulary index and a
batched sparse dot product — it never imports scikit-learn or unpickles its objects,
which keeps loading fast and the file independent of the scikit-learn version.

A JSON metadata file beside the bundle records versions, hashes, the seed and the metrics.
Loading checks the bundle's SHA-256 against the metadata and refuses a mismatch.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .features import FeatureIndex, analyse
from .labels import LABEL_IDS, LABELS

__all__ = ["BUNDLE_NAME", "METADATA_NAME", "LinearModel", "Logits", "ModelError",
           "default_model_dir", "sha256_file"]

BUNDLE_NAME = "scamcheck.joblib"
METADATA_NAME = "scamcheck.json"
FORMAT_VERSION = 1


class ModelError(RuntimeError):
    """The model bundle is missing, corrupt or does not match its metadata."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_model_dir() -> Path:
    """The shipped model's folder: ``scamcheck/models`` when installed, ``models/`` in a checkout.

    The installed package maps the repository's top-level ``models/`` folder to the
    subpackage ``scamcheck.models`` (see ``pyproject.toml``); code imported straight from a
    checkout has no such subpackage and finds the folder beside the package instead.
    """
    try:
        return Path(str(resources.files("scamcheck.models")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "models"


class Logits(NamedTuple):
    """The model's decision values for a batch, and its evidence for each message."""

    values: np.ndarray  # (n, n_labels)
    #: How many of the message's features (word and word-pair occurrences) the model knows.
    support: np.ndarray  # (n,)


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Multinomial logistic regression over sublinear, L2-normalised TF-IDF features."""

    features: tuple[str, ...]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_features, n_labels): transposed so that rows can be gathered
    intercept: np.ndarray  # (n_labels,)
    temperature: float
    index: FeatureIndex

    @classmethod
    def from_arrays(
        cls,
        features: Sequence[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        temperature: float = 1.0,
    ) -> LinearModel:
        features = tuple(features)
        coef = np.ascontiguousarray(coef, dtype=np.float64)
        if coef.shape != (len(features), len(LABELS)):
            raise ModelError(f"coef shape {coef.shape} does not fit {len(features)} features")
        return cls(
            features=features,
            idf=np.asarray(idf, dtype=np.float64),
            coef=coef,
            intercept=np.asarray(intercept, dtype=np.float64),
            temperature=float(temperature),
            index=FeatureIndex(features),
        )

    def logits(self, feature_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Decision values, shape ``(n, n_labels)``, for each list of string features."""
        return self._known_logits(feature_lists).values

    def _known_logits(self, feature_lists: Sequence[Sequence[str]]) -> Logits:
        get = self.index.columns.get
        found = [[col for col in map(get, feats) if col is not None] for feats in feature_lists]
        if len(found) == 1:  # the same arithmetic with fewer NumPy calls, for classify()
            out = self.intercept[None, :].copy()
            bag = Counter(found[0])
            if bag:
                col = np.fromiter(bag, dtype=np.intp, count=len(bag))
                values = self._tf_idf(col, np.fromiter(bag.values(), dtype=np.float64,
                                                       count=len(bag)))
                out[0] += (values / np.sqrt(values @ values)) @ self.coef[col]
            return Logits(out, np.array([len(found[0])]))
        rows = np.repeat(np.arange(len(found), dtype=np.int64), [len(f) for f in found])
        cols = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=len(rows))
        return self._logits(rows, cols, len(found))

    def text_logits(self, texts: Sequence[str]) -> Logits:
        """Decision values for normalised texts, from their ``analyse`` features, and how
        many of those features the model knows (its evidence).

        A batch goes through the vocabulary index, which pays off from a few texts on; a
        single text (``classify()``) is cheaper as strings.
        """
        if len(texts) == 1:
            return self._known_logits([analyse(texts[0])])
        return self._logits(*self.index.lookup(texts), len(texts))

    def _logits(self, rows: np.ndarray, cols: np.ndarray, n: int) -> Logits:
        """Decision values from ``(row, column)`` feature occurrences.

        Counting, TF-IDF weighting, normalising and the dot product are a handful of NumPy
        calls for the whole batch.
        """
        out = np.tile(self.intercept, (n, 1))
        if not len(cols):
            return Logits(out, np.zeros(n, dtype=np.intp))
        width = len(self.features)
        keys, counts = np.unique(rows * width + cols, return_counts=True)
        row, col = np.divmod(keys, width)
        values = self._tf_idf(col, counts)
        values /= np.sqrt(np.bincount(row, weights=values * values, minlength=n))[row]
        for k in range(out.shape[1]):
            out[:, k] += np.bincount(row, weights=values * self.coef[col, k], minlength=n)
        return Logits(out, np.bincount(rows, minlength=n))

    def _tf_idf(self, col: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Sublinear term frequency times idf, before L2 normalisation."""
        return (1.0 + np.log(counts)) * self.idf[col]

    def to_bundle(self) -> dict:
        return {
            "format": FORMAT_VERSION,
            "labels": list(LABEL_IDS),
            # One NumPy array rather than a list of strings: joblib unpickles a list of
            # 20,000 strings in pure Python, several times slower.
            "features": np.array(self.features),
            "idf": self.idf,
            "coef": self.coef,
            "intercept": self.intercept,
            "temperature": self.temperature,
        }

    def save(self, directory: Path, metadata: dict) -> Path:
        """Write the bundle and its metadata (with the bundle's SHA-256) into ``directory``."""
        import joblib

        directory.mkdir(parents=True, exist_ok=True)
        bundle_path = directory / BUNDLE_NAME
        joblib.dump(self.to_bundle(), bundle_path, compress=3)
        metadata = {**metadata, "model_sha256": sha256_file(bundle_path)}
        (directory / METADATA_NAME).write_text(
            json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return bundle_path

    @classmethod
    def load(cls, directory: str | Path | None = None) -> LinearModel:
        """Load a bundle folder (default: the shipped model), checking its SHA-256."""
        folder = Path(directory) if directory is not None else default_model_dir()
        bundle_path, meta_path = folder / BUNDLE_NAME, folder / METADATA_NAME
        if not bundle_path.is_file() or not meta_path.is_file():
            raise ModelError(
                f"no model in {folder}: expected {BUNDLE_NAME} and {METADATA_NAME} "
                "(train one with `scamcheck train`)"
            )
        try:
            expected = json.loads(meta_path.read_text("utf-8"))["model_sha256"]
        except (ValueError, KeyError) as exc:
            raise ModelError(f"{meta_path}: unreadable metadata ({exc})") from None
        actual = sha256_file(bundle_path)
        if actual != expected:
            raise ModelError(
                f"{bundle_path} has SHA-256 {actual} but {meta_path.name} expects {expected}: "
                "the model file was changed or damaged; reinstall or retrain"
            )
        import joblib

        bundle = joblib.load(bundle_path)
        if bundle.get("format") != FORMAT_VERSION or bundle.get("labels") != list(LABEL_IDS):
            raise ModelError(f"{bundle_path}: unsupported bundle format or label order")
        return cls.from_arrays(
            np.asarray(bundle["features"]).tolist(), bundle["idf"], bundle["coef"],
            bundle["intercept"], bundle["temperature"],
        )
