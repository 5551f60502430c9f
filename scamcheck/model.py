"""The shipped TF-IDF + logistic-regression model as plain arrays, and its bundle files.

A model folder is data, never code: it holds two files, and loading reads nothing else.

* ``scamcheck.npz``, NumPy arrays only, read with ``allow_pickle=False`` so that no file,
  however crafted, can make loading run code: ``features`` (the vocabulary, a unicode
  array), ``idf``, ``coef`` (features × labels), ``intercept``, ``temperature`` (the fusion
  temperature), ``labels`` (their order, a unicode array) and ``format``. Their kinds and
  shapes are checked before use.
* ``scamcheck.json``, the metadata: versions, hashes, the seed, the metrics, and the
  bundle's SHA-256, which loading checks. The hash catches a damaged file; it cannot vouch
  for a crafted one, since whoever wrote the folder wrote the hash too — which is why the
  bundle cannot hold code.

Inference computes TF-IDF with a vocabulary index and a batched sparse dot product — it
never imports scikit-learn, which keeps loading fast and the file independent of the
scikit-learn version.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
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

BUNDLE_NAME = "scamcheck.npz"
METADATA_NAME = "scamcheck.json"
FORMAT_VERSION = 2  # 1 was a joblib pickle, which loading could not make safe
_PICKLED = "scamcheck.joblib"
#: Each array of the bundle: the kinds its elements may have (NumPy's ``dtype.kind``), and
#: its number of dimensions.
_ARRAYS = {"format": ("iu", 0), "labels": ("U", 1), "features": ("U", 1), "idf": ("f", 1),
           "coef": ("f", 2), "intercept": ("f", 1), "temperature": ("f", 0)}
_DATE = (2026, 1, 1, 0, 0, 0)


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
    #: SHA-256 of the rule file the temperature was fitted with ("": not recorded).
    calibrated_with: str = ""

    @classmethod
    def from_arrays(
        cls,
        features: Sequence[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        temperature: float = 1.0,
        calibrated_with: str = "",
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
            calibrated_with=calibrated_with,
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

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The bundle's arrays (see the module docstring)."""
        features = np.array(self.features, dtype=str)
        # A unicode array drops trailing NULs; normalisation removes them from every text,
        # so no feature has one, but a bundle that would not read back must not be written.
        if features.tolist() != list(self.features):
            raise ModelError("a feature does not survive a NumPy unicode array")
        return {
            "format": np.array(FORMAT_VERSION),
            "labels": np.array(LABEL_IDS, dtype=str),
            "features": features,
            "idf": self.idf,
            "coef": self.coef,
            "intercept": self.intercept,
            "temperature": np.array(self.temperature),
        }

    def save(self, directory: Path, metadata: dict) -> Path:
        """Write the bundle and its metadata (with the bundle's SHA-256) into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        bundle_path = directory / BUNDLE_NAME
        _write_arrays(bundle_path, self.to_arrays())
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
        if not bundle_path.is_file() and (folder / _PICKLED).is_file():
            raise ModelError(
                f"{folder / _PICKLED} is a pickle, which could run code, and is not loaded: "
                f"a model folder holds {BUNDLE_NAME} (retrain with `scamcheck train`)"
            )
        if not bundle_path.is_file() or not meta_path.is_file():
            raise ModelError(
                f"no model in {folder}: expected {BUNDLE_NAME} and {METADATA_NAME} "
                "(train one with `scamcheck train`)"
            )
        try:
            metadata = json.loads(meta_path.read_text("utf-8"))
            expected = metadata["model_sha256"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{meta_path}: unreadable metadata ({exc})") from None
        actual = sha256_file(bundle_path)
        if actual != expected:
            raise ModelError(
                f"{bundle_path} has SHA-256 {actual} but {meta_path.name} expects {expected}: "
                "the model file was changed or damaged; reinstall or retrain"
            )
        arrays = _read_arrays(bundle_path)
        if arrays["format"] != FORMAT_VERSION or arrays["labels"].tolist() != list(LABEL_IDS):
            raise ModelError(f"{bundle_path}: unsupported bundle format or label order")
        if len(arrays["idf"]) != len(arrays["features"]) or len(arrays["intercept"]) != len(LABELS):
            raise ModelError(f"{bundle_path}: idf or intercept does not fit features and labels")
        return cls.from_arrays(
            arrays["features"].tolist(), arrays["idf"], arrays["coef"],
            arrays["intercept"], arrays["temperature"], str(metadata.get("rules_sha256", "")),
        )


def _write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An ``.npz`` file, as ``np.savez_compressed`` writes but for the dates of its members:
    a fixed one, so that the same model gives the same bytes, hence the same SHA-256."""
    with zipfile.ZipFile(path, "w") as bundle:
        for name, array in arrays.items():
            member = zipfile.ZipInfo(f"{name}.npy", date_time=_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            with bundle.open(member, "w") as out:
                np.lib.format.write_array(out, np.asarray(array), allow_pickle=False)


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """The bundle's arrays, each of the kind and rank it must have; never unpickles."""
    try:
        bundle = np.load(path, allow_pickle=False)  # refuses a pickle before reading it
        if not isinstance(bundle, np.lib.npyio.NpzFile):
            raise ModelError(f"{path}: one array, not a bundle of arrays")
        with bundle:
            if set(bundle.files) != set(_ARRAYS):
                raise ModelError(f"{path}: expected the arrays {', '.join(_ARRAYS)}, "
                                 f"found {', '.join(bundle.files)}")
            arrays = {name: bundle[name] for name in _ARRAYS}  # an object array raises
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise ModelError(f"{path}: not a bundle of plain arrays ({exc})") from None
    for name, (kinds, rank) in _ARRAYS.items():
        if arrays[name].dtype.kind not in kinds or arrays[name].ndim != rank:
            raise ModelError(f"{path}: {name} is a {arrays[name].ndim}-dimensional array of "
                             f"{arrays[name].dtype}, not the plain data expected")
    return arrays
