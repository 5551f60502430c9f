"""A batch of texts as one string, so that a regex scans it, or a library takes it, in one call.

The texts are joined by one character, and ``starts`` says where each begins, so that a
position in the joined string maps back to its text with one bisection. Normalisation, the
rules and the features each work on batches this way.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from itertools import accumulate

__all__ = ["JOIN", "first_matches", "starts"]

#: A control character that normalisation removes, so that no normalised text contains it:
#: joined by it, normalised texts cannot be confused with one another.
JOIN = "\x01"


def starts(texts: Sequence[str]) -> list[int]:
    """Where each text starts when they are joined by one character, and one past the end."""
    return list(accumulate(map(len, texts), lambda a, n: a + n + 1, initial=0))


def first_matches(
    pattern: re.Pattern[str], joined: str, starts: list[int]
) -> Iterator[tuple[int, tuple[int, int]]]:
    """``(i, span)`` for each text ``i`` that ``pattern`` matches, in order, with the span of
    its first match within the text, scanning ``joined`` once.

    A match that runs into the next text is discarded and its text searched on its own.
    """
    search = pattern.search
    last = len(starts) - 2
    m = search(joined)
    while m is not None:
        s, e = m.span()
        i = bisect.bisect_right(starts, s) - 1
        base, end = starts[i], starts[i + 1] - 1
        if e <= end:
            yield i, (s - base, e - base)
        elif (alone := search(joined[base:end])) is not None:
            yield i, alone.span()
        if i >= last:
            return
        m = search(joined, end + 1)
