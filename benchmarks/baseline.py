"""The straightforward baseline: jieba + scikit-learn ``Pipeline.predict_proba``.

Its tokenizer lives in this module (a function jieba's own bound ``lcut`` can't be pickled),
so that the baseline's cold-start script can load the pipeline with joblib as anyone would.
"""

from __future__ import annotations

import jieba


def tokenize(text: str) -> list[str]:
    return jieba.lcut(text)


def build(texts: list[str], labels: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    jieba.setLogLevel(60)
    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(tokenizer=tokenize, ngram_range=(1, 2), token_pattern=None,
                                  lowercase=False)),
        ("lr", LogisticRegression(max_iter=2000)),
    ])
    return pipe.fit(texts, labels)
