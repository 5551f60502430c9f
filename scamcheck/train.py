"""Train the shipped model: ``scamcheck train [--data data/ --out models/]``.

Features come from :func:`scamcheck.features.analyse` with the *reference* tokenizer
(jieba), TF-IDF is scikit-learn's (sublinear tf, L2), the classifier a multinomial
``LogisticRegression``. The fusion temperature is fitted on out-of-fold predictions grouped
by template/batch (so it sees messages of unseen templates, as real use does), with the
rules' scores added as at inference. Everything is seeded: the same data gives the same
bundle and the same predictions. Only this module imports scikit-learn.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import shlex
import sys
from pathlib import Path

import numpy as np

from .corpus import Example, read_corpus_for_command
from .exitcodes import EXIT_OK, CommandError
from .features import analyse
from .fusion import fuse
from .labels import LABELS
from .model import LinearModel, sha256_file
from .normalise import normalise
from .quotes import unquoted
from .rule_engine import RuleResults
from .rules import RuleSet, load_rules
from .tokenize import cut_reference

__all__ = ["fit", "main", "train"]

SEED = 20261122
C = 10.0
MIN_DF = 2


def _fit_linear(feats: list[list[str]], y: np.ndarray, seed: int):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=MIN_DF)
    x = vectorizer.fit_transform(feats)
    clf = LogisticRegression(C=C, max_iter=5000, random_state=seed)
    clf.fit(x, y)
    return vectorizer, clf


def _fit_temperature(logits: np.ndarray, found: RuleResults, support: np.ndarray,
                     y: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of the fused probabilities,
    fused as at inference (precedence and the model's evidence included)."""
    grid = np.exp(np.linspace(np.log(0.25), np.log(4.0), 121))
    rows = np.arange(len(y))
    nll = [-np.log(fuse(logits, found.scores, t, decisive=found.decisive, support=support,
                        absent=found.absent)[rows, y] + 1e-12).mean() for t in grid]
    return float(grid[int(np.argmin(nll))])


def fit(train: list[Example], rules: RuleSet, seed: int = SEED) -> LinearModel:
    """Fit the model on ``train`` and return it as plain arrays."""
    from sklearn.model_selection import GroupKFold

    normalised = [normalise(e.text).text for e in train]
    y = np.array([LABELS.index(e.label) for e in train])
    groups = np.array([e.template for e in train])
    found = rules.evaluate(normalised)
    feats = [analyse(t, cut=cut_reference) for t in unquoted(normalised, found.quoted)]

    oof = np.zeros((len(train), len(LABELS)))
    support = np.zeros(len(train))
    for fit_idx, held_idx in GroupKFold(n_splits=5).split(feats, y, groups):
        vec, clf = _fit_linear([feats[i] for i in fit_idx], y[fit_idx], seed)
        oof[held_idx] = clf.decision_function(vec.transform([feats[i] for i in held_idx]))
        known = vec.vocabulary_
        support[held_idx] = [sum(f in known for f in feats[i]) for i in held_idx]
    temperature = _fit_temperature(oof, found, support, y)

    vec, clf = _fit_linear(feats, y, seed)
    vocab = vec.get_feature_names_out()
    return LinearModel.from_arrays(
        features=[str(f) for f in vocab], idf=vec.idf_, coef=clf.coef_.T,
        intercept=clf.intercept_, temperature=temperature,
    )


def train(args: argparse.Namespace) -> int:
    """``scamcheck train`` with the options parsed by ``scamcheck.cli``: fit, report, and
    write the model to ``--out`` or else a new folder, and say how to use it."""
    try:
        import sklearn
    except ModuleNotFoundError:
        raise CommandError("train needs scikit-learn: pip install 'scamcheck[train]'") from None
    import jieba

    from .evaluate import evaluate_examples, format_report

    seed = SEED if args.seed is None else args.seed
    out = Path(args.out) if args.out is not None else _new_folder()
    corpus_path = Path(args.data) / "corpus.csv"
    examples = read_corpus_for_command(corpus_path)
    train_set = [e for e in examples if e.split == "train"]
    test_set = [e for e in examples if e.split == "test"]
    rules = load_rules()
    if not train_set or not test_set:
        raise CommandError(f"{corpus_path}: needs rows with split=train and split=test")
    model = fit(train_set, rules, seed)

    from .classifier import Classifier

    report = evaluate_examples(Classifier(model, rules), test_set)
    print(format_report(report))
    metadata = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "python": platform.python_version(),
        "scikit_learn": sklearn.__version__,
        "jieba": jieba.__version__,
        "numpy": np.__version__,
        "training_data": str(corpus_path),
        "training_data_sha256": sha256_file(corpus_path),
        # The fusion temperature was fitted with these rules' scores.
        "rules_sha256": rules.sha256,
        "train_messages": len(train_set),
        "test_messages": len(test_set),
        "features": len(model.features),
        "temperature": model.temperature,
        "hyperparameters": {"C": C, "min_df": MIN_DF, "sublinear_tf": True, "ngrams": [1, 2]},
        "metrics": report.summary(),
    }
    path = model.save(out, metadata)
    print(f"wrote {path} and {path.with_suffix('.json').name}; use it with: "
          f"scamcheck --model {shlex.quote(str(out))} check TEXT", file=sys.stderr)
    return EXIT_OK


def _new_folder() -> Path:
    """A folder name here that does not exist yet, named after the time."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(f"trained-model-{stamp}")
    number = 1
    while folder.exists():
        number += 1
        folder = Path(f"trained-model-{stamp}-{number}")
    return folder


def main(argv: list[str] | None = None) -> int:
    """``python -m scamcheck.train …`` is ``scamcheck train …``."""
    from .cli import main as cli_main

    return cli_main(["train", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
