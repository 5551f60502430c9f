import io
import json
import pickle
import zipfile

import numpy as np
import pytest

from scamcheck.labels import LABELS
from scamcheck.model import BUNDLE_NAME, METADATA_NAME, LinearModel, ModelError, sha256_file

from .conftest import Payload, tiny_model

DOCS = [["逾期", "还款", "逾期 还款"], ["老赖", "上门"], ["转账", "安全账户", "转账 安全账户"],
        ["快递", "到了"], ["逾期", "上门"], ["转账"], ["快递", "快递"], ["还款", "老赖"]]
Y = [0, 1, 2, 3, 1, 2, 3, 0]


def _sklearn_pair():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True)
    x = vec.fit_transform(DOCS)
    clf = LogisticRegression(C=10, max_iter=1000).fit(x, Y)
    ours = LinearModel.from_arrays(list(vec.get_feature_names_out()), vec.idf_, clf.coef_.T,
                                   clf.intercept_)
    return vec, clf, ours


def test_logits_equal_scikit_learn():
    vec, clf, ours = _sklearn_pair()
    queries = [*DOCS, [], ["unknown"], ["逾期", "逾期", "逾期", "老赖"]]
    expected = clf.decision_function(vec.transform(queries))
    np.testing.assert_allclose(ours.logits(queries), expected, rtol=1e-9, atol=1e-12)


def test_empty_batch_and_unknown_features():
    m = tiny_model()
    assert m.logits([]).shape == (0, len(LABELS))
    np.testing.assert_array_equal(m.logits([["nothing"]]), [m.intercept])


def test_save_load_round_trip_and_sha_check(tmp_path):
    m = tiny_model()
    m.save(tmp_path, {"seed": 1})
    loaded = LinearModel.load(tmp_path)
    np.testing.assert_array_equal(loaded.coef, m.coef)
    assert loaded.features == m.features
    meta = json.loads((tmp_path / METADATA_NAME).read_text())
    assert len(meta["model_sha256"]) == 64

    with open(tmp_path / BUNDLE_NAME, "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(ModelError, match="SHA-256"):
        LinearModel.load(tmp_path)


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="no model"):
        LinearModel.load(tmp_path)


def test_saving_the_same_model_twice_gives_the_same_bytes(tmp_path):
    for name in ("a", "b"):
        tiny_model().save(tmp_path / name, {"seed": 1})
    assert sha256_file(tmp_path / "a" / BUNDLE_NAME) == sha256_file(tmp_path / "b" / BUNDLE_NAME)
    assert zipfile.is_zipfile(tmp_path / "a" / BUNDLE_NAME)


def _npy(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array(out, array, allow_pickle=True)
    return out.getvalue()


def _npz_with(tmp_path, name: str, array: np.ndarray) -> bytes:
    """The arrays of a real bundle, one of them replaced by ``array``."""
    tiny_model().save(tmp_path / "real", {})
    out = io.BytesIO()
    with zipfile.ZipFile(tmp_path / "real" / BUNDLE_NAME) as real, zipfile.ZipFile(out, "w") as z:
        for member in real.namelist():
            z.writestr(member, _npy(array) if member == f"{name}.npy" else real.read(member))
    return out.getvalue()


CRAFTED = {
    "a pickle named .npz": lambda tmp, p: (BUNDLE_NAME, pickle.dumps({"features": p})),
    "an object array in the npz": lambda tmp, p: (
        BUNDLE_NAME, _npz_with(tmp, "features", np.array([p, "逾期"], dtype=object))),
    "an object array as the only .npy": lambda tmp, p: (
        BUNDLE_NAME, _npy(np.array([p], dtype=object))),
    "an old joblib bundle": lambda tmp, p: ("scamcheck.joblib", pickle.dumps({"format": p})),
}


@pytest.mark.parametrize("craft", CRAFTED, ids=list(CRAFTED))
def test_a_bundle_that_would_run_code_is_refused_without_running_it(tmp_path, craft):
    marker = tmp_path / "ran"
    pickle.loads(pickle.dumps(Payload(marker)))  # the payload does run code when unpickled
    assert marker.exists()
    marker.unlink()
    name, data = CRAFTED[craft](tmp_path, Payload(marker))
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / name).write_bytes(data)
    # whoever crafted the bundle wrote its hash too
    sha = sha256_file(folder / name)
    (folder / METADATA_NAME).write_text(json.dumps({"model_sha256": sha}))
    with pytest.raises(ModelError, match=r"pickle|plain"):
        LinearModel.load(folder)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("name", "array", "message"),
    [
        ("coef", np.zeros((4, 3)), "coef shape"),
        ("idf", np.ones(7), "does not fit"),
        ("labels", np.array(["a", "b", "c", "d"]), "label order"),
        ("format", np.array(1), "format"),
        ("temperature", np.array("hot"), "temperature"),
    ],
)
def test_a_bundle_with_wrong_arrays_is_refused(tmp_path, name, array, message):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / BUNDLE_NAME).write_bytes(_npz_with(tmp_path, name, array))
    sha = sha256_file(folder / BUNDLE_NAME)
    (folder / METADATA_NAME).write_text(json.dumps({"model_sha256": sha}))
    with pytest.raises(ModelError, match=message):
        LinearModel.load(folder)
