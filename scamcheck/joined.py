"""A batch of texts as one string, so that a regex scans it, or a library takes it, in one call.

:class:`Joined` is the only place a batch is joined: it owns the separator, where each text
starts, the lookup from a position in the joined string back to its text, and the first
match of a pattern in each text. Two separators exist, for different reasons:

* ``RULES_SEPARATOR`` (``"\\n"``) for the rules and their helpers: a rule's ``^``/``$``
  anchors and ``[^…\\n]`` gaps then stop at a message's end, as they would in the message
  alone;
* ``JOIN`` (``"\\x01"``) after normalisation's first step, for OpenCC, jieba and the later
  normalisation steps: normalisation removes it, so no normalised text contains it, no
  step's pattern matches it, OpenCC leaves it alone and jieba emits it as a token of its own.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from itertools import accumulate, pairwise

__all__ = ["JOIN", "RULES_SEPARATOR", "Joined"]

#: A control character that normalisation removes, so that no normalised text contains it:
#: joined by it, normalised texts cannot be confused with one another.
JOIN = "\x01"
#: The rules' separator: anchors and ``[^\n]`` gaps stop at it.
RULES_SEPARATOR = "\n"


class Joined:
    """``texts`` joined by ``separator`` (one character) into :attr:`text`.

    :attr:`starts` says where each text begins.
    """

    __slots__ = ("_lengths", "_starts", "separator", "text")

    def __init__(self, texts: Sequence[str], separator: str = JOIN) -> None:
        if len(separator) != 1:
            raise ValueError("the separator is one character")
        self.separator = separator
        self.text = separator.join(texts)
        self._lengths = list(map(len, texts))
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """``starts[i]`` is where text ``i`` begins in :attr:`text`; one more entry, one past
        the end, closes the last text. Computed when first needed: a scan that finds nothing
        (the common case) never needs it."""
        if self._starts is None:
            # Each text and its separator: a C callable, not a Python function per text.
            self._starts = list(accumulate(map((1).__add__, self._lengths), initial=0))
        return self._starts

    def __len__(self) -> int:
        return len(self._lengths)

    def locate(self, pos: int) -> tuple[int, int]:
        """``(i, offset)``: the text that position ``pos`` of :attr:`text` falls in, and
        where within it."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i, pos - self.starts[i]

    def slices(self) -> list[slice]:
        """The slice of :attr:`text` that each text occupies."""
        return [slice(a, b - 1) for a, b in pairwise(self.starts)]

    def split(self, converted: str) -> list[str]:
        """:attr:`text` converted by a library that keeps the separator, back in texts."""
        return converted.split(self.separator)

    def first_matches(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, tuple[int, int]]]:
        """``(i, span)`` for each text ``i`` that ``pattern`` matches, in order, with the
        span of its first match within the text, scanning :attr:`text` once.

        A match that runs into the next text is discarded and its text searched on its own.
        """
        search, joined, starts = pattern.search, self.text, self.starts
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
