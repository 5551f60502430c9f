"""The model's features: word 1–2-grams over segmented normalised text.

One function, :func:`analyse`, serves training (as scikit-learn's ``analyzer``) and
inference, so the two can never drift apart. Digit runs become a token for their length
class (a 5-digit hotline, an 11-digit mobile, a 6-digit code …) so that the model learns the
shape of numbers, not the numbers; letters-with-digits (ids, short-link paths) become one
token.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from .tokenize import cut

__all__ = ["analyse", "token_class"]

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
