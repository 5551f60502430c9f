"""Character n-grams beside the word n-grams: does any variant pay? (issue 9, item 6)

    python benchmarks/char_ngrams.py [--real-negatives ../shared/datasets] [VARIANT ...]

Trains each variant as ``scamcheck train`` trains the shipped model (same seed, C, word
features, out-of-fold fusion temperature with the rules' scores), then reports, fused with
the shipped rules: macro-F1 overall and per style on the frozen test split, the lowest
style, expected calibration error per style, the share of real everyday SMS (sms80w label 0)
not ``unrelated``, of FBS ``AD_*`` called official or aggressive, of FBS FR_Phishing_Bank
(tokens restored) called ``likely_scam``, and the µs per message of features + model in
batches as the pipeline runs them (word lookup as shipped plus a vectorised character
lookup; see :class:`CharIndex`). Results are in ``benchmarks/char-ngrams.md``.

Character features carry their own prefix (``c:`` CJK, ``l:`` Latin) so that they never
collide with words. The model's *support* (its evidence in fusion) still counts word
features only, so that "little to go on" means what it meant.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scamcheck.classifier import SLICE, Classifier  # noqa: E402
from scamcheck.corpus import read_corpus  # noqa: E402
from scamcheck.evaluate import (  # noqa: E402
    StyleFigures,
    evaluate_examples,
    per_style,
    real_negative_shares,
)
from scamcheck.features import analyse  # noqa: E402
from scamcheck.fusion import fuse  # noqa: E402
from scamcheck.joined import JOIN, Joined  # noqa: E402
from scamcheck.labels import LABELS, Label  # noqa: E402
from scamcheck.model import LinearModel, Logits  # noqa: E402
from scamcheck.normalise import normalise  # noqa: E402
from scamcheck.rules import load_rules  # noqa: E402
from scamcheck.tokenize import cut, cut_reference  # noqa: E402
from scamcheck.train import MIN_DF, SEED, C, _fit_temperature  # noqa: E402

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_RUN = re.compile(r"[a-z]+")
TIMED_MESSAGES = 20_000


@dataclass(frozen=True)
class Variant:
    """Which character n-grams, how many, and how they are weighted against the words."""

    cjk: tuple[int, ...] = ()  # n of CJK n-grams across each CJK run
    latin: tuple[int, ...] = ()  # n (≥ 3) of Latin n-grams of each letter run, with < > ends
    min_df: int = MIN_DF  # of a character feature, in training messages
    max_features: int | None = None  # the most frequent character features kept
    split: bool = False  # words and characters as two separately L2-normalised blocks
    c: float = C  # of the logistic regression: more features may want another
    in_words: bool = False  # CJK n-grams only inside a jieba word longer than n

    def chars(self, text: str) -> list[str]:
        runs = ([t for t in cut(text) if _CJK_RUN.fullmatch(t)] if self.in_words
                else _CJK_RUN.findall(text))
        out = [f"c:{run[i:i + n]}" for run in runs for n in self.cjk
               for i in range(len(run) - n + 1) if not self.in_words or len(run) > n]
        for word in _LATIN_RUN.findall(text):
            padded = f"<{word}>"
            out += [f"l:{padded[i:i + n]}" for n in self.latin
                    for i in range(len(padded) - n + 1)]
        return out


VARIANTS = {
    "words (shipped)": Variant(),
    "words, C=30": Variant(c=30.0),
    "cjk 2-3": Variant(cjk=(2, 3)),
    "cjk 2": Variant(cjk=(2,)),
    "cjk 3": Variant(cjk=(3,)),
    "cjk 2-3, C=3": Variant(cjk=(2, 3), c=3.0),
    "cjk 2-3, C=30": Variant(cjk=(2, 3), c=30.0),
    "cjk 2-3, two blocks": Variant(cjk=(2, 3), split=True),
    "cjk 2-3 in words": Variant(cjk=(2, 3), in_words=True),
    "cjk 2-3, df≥5, ≤10k": Variant(cjk=(2, 3), min_df=5, max_features=10_000),
    "latin 3-4": Variant(latin=(3, 4)),
    "cjk 2-3 + latin 3-4": Variant(cjk=(2, 3), latin=(3, 4)),
    "cjk 3 + latin 3-4": Variant(cjk=(3,), latin=(3, 4)),
    "cjk 2-3 + latin 3-4, df≥5, ≤20k": Variant(cjk=(2, 3), latin=(3, 4), min_df=5,
                                                max_features=20_000),
    "cjk 3 + latin 3-4, df≥5, ≤10k": Variant(cjk=(3,), latin=(3, 4), min_df=5,
                                              max_features=10_000),
    "cjk 2-3 + latin 3-4, two blocks": Variant(cjk=(2, 3), latin=(3, 4), split=True),
    "cjk 3 + latin 3-4, df≥5, ≤10k, two blocks": Variant(cjk=(3,), latin=(3, 4), min_df=5,
                                                          max_features=10_000, split=True),
}


class CharIndex:
    """The character features of a batch as vocabulary columns, vectorised as the word
    lookup is: each n-gram is an integer key of its code points, found by binary search."""

    def __init__(self, columns: dict[str, int], in_words: bool = False) -> None:
        self.in_words = in_words
        known = sorted((self._key(f[2:], f[0]), col) for f, col in columns.items()
                       if f[:2] in ("c:", "l:"))
        self.keys = np.array([k for k, _ in known], dtype=np.int64)
        self.cols = np.array([c for _, c in known], dtype=np.int64)
        self.cjk_n = sorted({len(f) - 2 for f in columns if f.startswith("c:")})
        self.latin_n = sorted({len(f) - 2 for f in columns if f.startswith("l:")})

    @staticmethod
    def _key(gram: str, kind: str) -> int:
        if kind == "c":  # CJK code points < 2**16; the length keeps n-grams of each n apart
            key = len(gram)
            for ch in gram:
                key = (key << 16) | ord(ch)
            return key
        key = 8 + len(gram)  # a–z are 1–26, a boundary 27: five bits a character
        for ch in gram:
            key = (key << 5) | (27 if ch in "<>" else ord(ch) - 96)
        return key

    def lookup(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        text = f" {Joined(texts).text} "
        code = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        row = np.cumsum(code == ord(JOIN))
        rows, keys = [], []
        cjk = (code >= 0x3400) & (code <= 0x9FFF)
        if self.in_words:  # the length of each character's word, 0 if it is not all CJK
            lens = np.fromiter(map(len, cut(text)), dtype=np.int64)
            starts = np.cumsum(lens) - lens
            word_len = np.repeat(np.where(np.add.reduceat(cjk, starts) == lens, lens, 0), lens)
            new_word = np.zeros(len(code), dtype=bool)
            new_word[starts] = True
        for n in self.cjk_n:
            ok = np.ones(len(code) - n + 1, dtype=bool)
            if self.in_words:
                ok &= word_len[:len(ok)] > n
                for j in range(1, n):
                    ok &= ~new_word[j:len(ok) + j]
            key = np.full(len(ok), n, dtype=np.int64)
            for j in range(n):
                ok &= cjk[j:len(code) - n + 1 + j]
                key = (key << 16) | code[j:len(code) - n + 1 + j]
            rows.append(row[:len(ok)][ok])
            keys.append(key[ok])
        letter = (code >= 97) & (code <= 122)
        sym = np.where(letter, code - 96, 27)
        for n in self.latin_n:
            m = len(code) - n + 1
            ok = np.ones(m, dtype=bool)
            for j in range(1, n - 1):  # letters inside; at either end a letter or a boundary
                ok &= letter[j:m + j]
            key = np.full(m, 8 + n, dtype=np.int64)
            for j in range(n):
                key = (key << 5) | sym[j:m + j]
            rows.append(row[:m][ok])
            keys.append(key[ok])
        rows, keys = np.concatenate(rows), np.concatenate(keys)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[at] == keys
        return rows[found], self.cols[at[found]]


def _kept_chars(docs: list[list[str]], variant: Variant) -> frozenset[str]:
    df = Counter(g for doc in docs for g in set(doc))
    ranked = sorted((g for g, k in df.items() if k >= variant.min_df), key=lambda g: (-df[g], g))
    return frozenset(ranked[:variant.max_features])


@dataclass(frozen=True)
class Vectorised:
    """A variant's TF-IDF: over words and characters together, or one block each."""

    words: object  # TfidfVectorizer over word features (over both, unsplit)
    chars: object | None  # TfidfVectorizer over character features, split only
    kept: frozenset[str]  # the character features kept (min_df, max_features)

    def matrix(self, word_feats: list[list[str]], char_feats: list[list[str]]):
        from scipy.sparse import hstack

        chars = [[g for g in doc if g in self.kept] for doc in char_feats]
        if self.chars is None:
            return self.words.transform([w + c for w, c in zip(word_feats, chars, strict=True)])
        return hstack([self.words.transform(word_feats), self.chars.transform(chars)]).tocsr()


@dataclass(frozen=True)
class Fitted:
    """A variant's TF-IDF and classifier, served through scikit-learn for evaluation."""

    variant: Variant
    tfidf: Vectorised
    clf: object
    temperature: float = 1.0
    calibrated_with: str = ""

    def decision(self, word_feats, char_feats) -> Logits:
        known = self.tfidf.words.vocabulary_
        support = np.array([sum(f in known for f in doc) for doc in word_feats])
        return Logits(self.clf.decision_function(self.tfidf.matrix(word_feats, char_feats)),
                      support)

    def text_logits(self, texts: list[str]) -> Logits:
        words = [analyse(t) for t in texts]
        return self.decision(words, [self.variant.chars(t) for t in texts])


def fit_variant(variant: Variant, word_feats, char_feats, y, seed: int = SEED) -> Fitted:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    kept = _kept_chars(char_feats, variant)
    chars = [[g for g in doc if g in kept] for doc in char_feats]
    words = TfidfVectorizer(analyzer=lambda f: f, sublinear_tf=True, min_df=MIN_DF)
    if variant.split:  # characters' own min_df was applied by _kept_chars
        tfidf = Vectorised(words.fit(word_feats), TfidfVectorizer(
            analyzer=lambda f: f, sublinear_tf=True).fit(chars), kept)
    else:
        tfidf = Vectorised(words.fit([w + c for w, c in zip(word_feats, chars, strict=True)]),
                           None, kept)
    clf = LogisticRegression(C=variant.c, max_iter=5000, random_state=seed)
    return Fitted(variant, tfidf, clf.fit(tfidf.matrix(word_feats, char_feats), y))


class _Judged(NamedTuple):
    label: Label
    confidence: float


def train_variant(variant: Variant, train, rules) -> tuple[Fitted, dict[str, StyleFigures]]:
    """As ``scamcheck.train.fit``: out-of-fold temperature, then the fit on all of ``train``;
    and the fused out-of-fold figures per style, on four times the test split's messages."""
    from sklearn.model_selection import GroupKFold

    normalised = [normalise(e.text).text for e in train]
    y = np.array([LABELS.index(e.label) for e in train])
    groups = np.array([e.template for e in train])
    words = [analyse(t, cut=cut_reference) for t in normalised]
    chars = [variant.chars(t) for t in normalised]
    found = rules.evaluate(normalised)
    oof = np.zeros((len(train), len(LABELS)))
    support = np.zeros(len(train))
    for fit_idx, held_idx in GroupKFold(n_splits=5).split(words, y, groups):
        part = fit_variant(variant, [words[i] for i in fit_idx], [chars[i] for i in fit_idx],
                           y[fit_idx])
        oof[held_idx], support[held_idx] = part.decision([words[i] for i in held_idx],
                                                         [chars[i] for i in held_idx])
    fitted = replace(fit_variant(variant, words, chars, y), calibrated_with=rules.sha256,
                     temperature=_fit_temperature(oof, found, support, y))
    probs = fuse(oof, found.scores, fitted.temperature, decisive=found.decisive,
                 support=support, absent=found.absent)
    judged = [_Judged(LABELS[k], p[k]) for k, p in zip(probs.argmax(axis=1), probs, strict=True)]
    return fitted, per_style(train, judged)


def _served(fitted: Fitted) -> tuple[LinearModel, LinearModel | None]:
    """The fitted variant as the shipped plain arrays: one model, or one per block."""
    coef, tfidf = fitted.clf.coef_.T, fitted.tfidf
    words = tfidf.words.get_feature_names_out().tolist()
    word_model = LinearModel.from_arrays(words, tfidf.words.idf_, coef[:len(words)],
                                         fitted.clf.intercept_)
    if tfidf.chars is None:
        return word_model, None
    chars = tfidf.chars.get_feature_names_out().tolist()
    return word_model, LinearModel.from_arrays(chars, tfidf.chars.idf_, coef[len(words):],
                                               np.zeros(len(LABELS)))


def served_logits(fitted: Fitted, check: list[str]):
    """The variant's decision values for a batch of normalised texts, as inference would
    compute them: word lookup as shipped, the vectorised character lookup, then TF-IDF and
    the dot product on plain arrays. Checked against scikit-learn on ``check``."""
    word_model, char_model = _served(fitted)
    chars = CharIndex((char_model or word_model).index.columns, fitted.variant.in_words)

    def logits(batch: list[str]) -> np.ndarray:
        w_rows, w_cols = word_model.index.lookup(batch)
        if not fitted.variant.cjk and not fitted.variant.latin:
            return word_model._logits(w_rows, w_cols, len(batch)).values
        c_rows, c_cols = chars.lookup(batch)
        if char_model is None:
            return word_model._logits(np.concatenate([w_rows, c_rows]),
                                      np.concatenate([w_cols, c_cols]), len(batch)).values
        return (word_model._logits(w_rows, w_cols, len(batch)).values
                + char_model._logits(c_rows, c_cols, len(batch)).values)

    if not np.allclose(logits(check), fitted.text_logits(check).values, atol=1e-9):
        raise AssertionError("the vectorised lookup does not give scikit-learn's decisions")
    return logits


def features_and_model_us(runs: dict[str, object], texts: list[str],
                          rounds: int = 3) -> dict[str, float]:
    """µs per message of each of ``runs`` over ``texts`` in batches of ``classifier.SLICE``:
    the median of ``rounds``, the variants taking turns so that load on a shared machine
    falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, logits in runs.items():
            started = time.perf_counter()
            for i in range(0, len(texts), SLICE):
                logits(texts[i:i + SLICE])
            times[name].append((time.perf_counter() - started) / len(texts) * 1e6)
    return {name: statistics.median(t) for name, t in times.items()}


def _timed_texts(examples) -> list[str]:
    test = [normalise(e.text).text for e in examples if e.split == "test"]
    return (test * (TIMED_MESSAGES // len(test) + 1))[:TIMED_MESSAGES]


def timing(names: list[str], examples, rounds: int) -> None:
    """Fit each variant once on the training split and time them by turns."""
    train = [e for e in examples if e.split == "train"]
    normalised = [normalise(e.text).text for e in train]
    y = np.array([LABELS.index(e.label) for e in train])
    words = [analyse(t, cut=cut_reference) for t in normalised]
    texts = _timed_texts(examples)
    runs, per_message = {}, {}
    for name in names:
        variant = VARIANTS[name]
        chars = [variant.chars(t) for t in normalised]
        fitted = fit_variant(variant, words, chars, y)
        runs[name] = served_logits(fitted, texts[:SLICE])
        per_message[name] = np.mean([len(w) + sum(g in fitted.tfidf.kept for g in c)
                                     for w, c in zip(words, chars, strict=True)])
    for name, us in features_and_model_us(runs, texts, rounds).items():
        print(f"{name:<45} {us:6.1f} µs/message, {per_message[name]:5.1f} features a "
              "training message (kept characters, all words)",
              flush=True)


def measure(name: str, variant: Variant, examples, rules, real: Path | None) -> dict:
    started = time.perf_counter()
    fitted, oof = train_variant(variant, [e for e in examples if e.split == "train"], rules)
    trained = time.perf_counter() - started
    test = [e for e in examples if e.split == "test"]
    texts = _timed_texts(examples)
    report = evaluate_examples(Classifier(fitted, rules), test, evasion=False)
    styles = {s: f for s, f in report.styles.items() if s != "overall"}
    lowest = min(styles, key=lambda s: styles[s].macro_f1)
    row = {
        "variant": name,
        "features": len(fitted.clf.coef_[0]),
        "macro_f1": report.fused.macro_f1,
        "lowest": (lowest, styles[lowest].macro_f1),
        "f1": {s: f.macro_f1 for s, f in styles.items()},
        "ece": {s: f.ece for s, f in report.styles.items()},
        "scam_as_official": report.fused.scam_as_official(),
        "oof_f1": {s: f.macro_f1 for s, f in oof.items()},
        "oof_ece": {s: f.ece for s, f in oof.items()},
        "us": features_and_model_us({name: served_logits(fitted, texts[:SLICE])}, texts)[name],
        "train_s": trained,
    }
    if real is not None:
        shares = real_negative_shares(Classifier(fitted, rules), real)
        row["sms80w"] = 1 - shares["messages"][str(Label.UNRELATED)]
        ads = [v for k, v in shares.items() if k.startswith("AD_")]
        bad = (str(Label.OFFICIAL_REMINDER), str(Label.AGGRESSIVE_COLLECTION))
        row["ad"] = (sum(v["messages"] * (v[bad[0]] + v[bad[1]]) for v in ads)
                     / sum(v["messages"] for v in ads))
        row["phishing"] = shares["FR_Phishing_Bank (tokens restored)"][str(Label.LIKELY_SCAM)]
    return row


def print_row(row: dict) -> None:
    f1, ece = _styles(row["f1"]), _styles(row["ece"])
    real = (f" | sms80w {row['sms80w']:.2%} AD {row['ad']:.2%} phish {row['phishing']:.1%}"
            if "sms80w" in row else "")
    print(f"{row['variant']}: {row['features']} features, macro-F1 {row['macro_f1']:.4f}, "
          f"lowest {row['lowest'][0]} {row['lowest'][1]:.3f}, scam→official "
          f"{row['scam_as_official']}, {row['us']:.1f} µs/message, trained in "
          f"{row['train_s']:.0f} s{real}\n  F1  {f1}\n  ECE {ece}\n"
          f"  out-of-fold F1  {_styles(row['oof_f1'])}\n"
          f"  out-of-fold ECE {_styles(row['oof_ece'])}", flush=True)


def _styles(figures: dict[str, float]) -> str:
    return " ".join(f"{s[:5]} {v:.3f}" for s, v in figures.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("variants", nargs="*", help="names of VARIANTS (default: all)")
    parser.add_argument("--real-negatives", type=Path, help="the shared data sets folder")
    parser.add_argument("--timing", type=int, metavar="ROUNDS",
                        help="only time the variants against one another, by turns")
    args = parser.parse_args(argv)
    examples = read_corpus(ROOT / "data" / "corpus.csv")
    if args.timing:
        timing(args.variants or list(VARIANTS), examples, args.timing)
        return 0
    rules = load_rules()
    for name in args.variants or VARIANTS:
        print_row(measure(name, VARIANTS[name], examples, rules, args.real_negatives))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
