"""Evasion transforms that filter dodgers use, for measuring robustness.

Each transform keeps the message readable to a person: spaces, symbols or zero-width
characters between characters, full-width letters and digits, traditional characters,
look-alike letters in numbers. :func:`evade` applies a random mix of them.
"""

from __future__ import annotations

import random
from functools import cache

__all__ = ["TRANSFORMS", "evade"]

_SEPARATORS = [" ", "*", "-", ".", "·", "_", "|", "\u200b", "\u200c", "\u2060", "/"]
_LOOKALIKES = {"0": "O", "1": "l", "5": "S", "8": "B"}


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def split_characters(text: str, rng: random.Random) -> str:
    """Insert one separator (the same throughout) between characters of CJK words."""
    sep = rng.choice(_SEPARATORS)
    rate = rng.uniform(0.3, 1.0)
    out = []
    for a, b in zip(text, text[1:] + " ", strict=True):
        out.append(a)
        if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff" and rng.random() < rate:
            out.append(sep)
    return "".join(out)


def full_width(text: str, rng: random.Random) -> str:
    """ASCII letters and digits as full-width forms."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def traditional(text: str, rng: random.Random) -> str:
    """Simplified characters as traditional ones."""
    return _s2t().convert(text)


def lookalike_digits(text: str, rng: random.Random) -> str:
    """Some digits inside numbers replaced by look-alike letters (0→O, 1→l, 5→S, 8→B)."""
    chars = list(text)
    for i in range(1, len(chars) - 1):
        c = chars[i]
        if c in _LOOKALIKES and chars[i - 1].isdigit() and chars[i + 1].isdigit() \
                and rng.random() < 0.5:
            chars[i] = _LOOKALIKES[c]
    return "".join(chars)


TRANSFORMS = (split_characters, full_width, traditional, lookalike_digits)


def evade(text: str, rng: random.Random, tries: int = 5) -> str:
    """Apply one to all of the transforms, in random order, until the text changes."""
    for _ in range(tries):
        evaded = text
        for transform in rng.sample(TRANSFORMS, rng.randint(1, len(TRANSFORMS))):
            evaded = transform(evaded, rng)
        if evaded != text:
            return evaded
    return evaded
