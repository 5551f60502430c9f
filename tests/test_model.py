import json

import numpy as np
import pytest

from scamcheck.labels import LABELS
from scamcheck.model import BUNDLE_NAME, METADATA_NAME, LinearModel, ModelError

from .conftest import tiny_model

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
