"""The model's features: word 1–2-grams over segmented normalised text.

One function, :func:`analyse`, serves training (as scikit-learn's ``analyzer``) and
inference, so the two can never drift apart. Digit runs become a token for their length
class (a 5-digit hotline, an 11-digit mobile, a 6-digit code …) so that the model learns the
shape of numbers, not the numbers; letters-with-digits (ids, short-link paths) become one
token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np

from .joined import JOIN, Joined
from .tokenize import cut

__all__ = ["FeatureIndex", "analyse", "token_class"]

_DIGIT_CLASS = {1: "#d2", 2: "#d2", 3: "#d4", 4: "#d4", 5: "#d5", 6: "#d6", 7: "#d8", 8: "#d8"}


def token_class(token: str) -> str:
    """The token as the model sees it."""
    if token.isascii():
        if token.isdigit():
            n = len(token)
            return _DIGIT_CLASS.get(n) or ("#d11" if n <= 12 else "#d16")
        if token.isalnum() and not token.isalpha():
            return "#id"
    return token


def analyse(text: str, cut: Callable[[str], list[str]] = cut) -> list[str]:
    """Unigram and bigram features of a normalised text."""
    # Only ASCII tokens can change class (CJK tokens are most of them, and stay as they are).
    tokens = [t if not t.isascii() else token_class(t) for t in cut(text)]
    tokens = [t for t in tokens if not t.isspace()]
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


_OOV = -1  # a token that is no feature's part: it only breaks the bigrams around it
_SPACE = -2  # a whitespace token, which ``analyse`` drops
# A batch goes to the segmenter as one string joined by ``joined.JOIN``, which costs a fifth
# less than one call per text: jieba segments each run of word characters on its own and
# emits any other character as a token of its own, so the joined batch gives each text's
# tokens with that one between them.
_BETWEEN = -3  # the token that joins two texts of a batch
_MISSES_KEPT = 50_000


class _TokenIds(dict):
    """Raw token → token id, classing ASCII tokens (and dropping whitespace) on a miss.

    What a miss resolves to is kept, up to ``_MISSES_KEPT`` of them, so that a frequent
    unknown word costs a Python call only once; the bound keeps memory flat on endless input.
    """

    __slots__ = ("limit",)

    def __missing__(self, token: str) -> int:
        if token.isspace():
            tid = _SPACE
        elif token.isascii():
            tid = self.get(token_class(token), _OOV)
        else:
            tid = _OOV
        if len(self) < self.limit:
            self[token] = tid
        return tid


class FeatureIndex:
    """The features of texts as column numbers of a fixed vocabulary, for a whole batch.

    Gives exactly the vocabulary columns of the features :func:`analyse` returns (those not
    in the vocabulary dropped), with their multiplicity, but with one dict lookup per token
    and NumPy for the rest: a bigram is looked up as a pair of token ids in a sorted array
    instead of being built as a string. ``tests/test_features.py`` checks the two agree.
    """

    def __init__(self, features: Sequence[str]) -> None:
        self.columns = {feature: col for col, feature in enumerate(features)}
        self._tables: tuple | None = None  # built on the first lookup: classify() needs none

    def _build(self) -> tuple:
        token_ids = _TokenIds()
        bigrams: list[tuple[str, str, int]] = []
        for feature, col in self.columns.items():
            first, space, second = feature.partition(" ")
            parts = (first, second) if space else (first,)
            if space:
                bigrams.append((first, second, col))
            for part in parts:
                if not part.isascii() or token_class(part) == part:
                    token_ids.setdefault(part, len(token_ids))
        token_ids.limit = len(token_ids) + _MISSES_KEPT
        width = len(token_ids) + 1
        unigram = np.full(width, _OOV, dtype=np.int64)
        for token, tid in token_ids.items():
            unigram[tid] = self.columns.get(token, _OOV)
        token_ids[JOIN] = _BETWEEN
        known = sorted((token_ids[a] * width + token_ids[b], col) for a, b, col in bigrams
                       if a in token_ids and b in token_ids)
        keys = np.array([k for k, _ in known], dtype=np.int64)
        cols = np.array([c for _, c in known], dtype=np.int64)
        return token_ids, width, unigram, keys, cols

    def lookup(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(rows, columns)``: one pair per vocabulary feature occurrence in ``texts``,
        which must be normalised."""
        if self._tables is None:
            self._tables = self._build()
        token_ids, width, unigram_cols, bigram_keys, bigram_cols = self._tables
        joined = Joined(texts).text
        if joined.count(JOIN) != max(len(texts) - 1, 0):
            raise ValueError("texts must be normalised: one contains U+0001")
        tokens = cut(joined)
        tids = np.fromiter(map(token_ids.__getitem__, tokens), dtype=np.int64,
                           count=len(tokens))
        rows = np.cumsum(tids == _BETWEEN)
        kept = tids >= _OOV  # not whitespace, not a join
        tids, rows = tids[kept], rows[kept]
        cols = unigram_cols[tids]  # an OOV id (-1) reads the last entry, which is _OOV
        unigram = cols >= 0
        first, second = tids[:-1], tids[1:]
        pair = (rows[:-1] == rows[1:]) & (first >= 0) & (second >= 0)
        keys = first[pair] * width + second[pair]
        at = np.minimum(np.searchsorted(bigram_keys, keys), len(bigram_keys) - 1)
        found = bigram_keys[at] == keys if len(bigram_keys) else keys < 0
        return (np.concatenate([rows[unigram], rows[:-1][pair][found]]),
                np.concatenate([cols[unigram], bigram_cols[at[found]]]))
