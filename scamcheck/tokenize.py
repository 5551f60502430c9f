"""Word segmentation: jieba is the reference, jieba-rs (``rjieba``) the fast twin.

Both run with the HMM off and the same domain user dictionary (``data/userdict.txt``), in
which every word carries an explicit frequency so that both segmenters build the same
dictionary. Training uses :func:`cut_reference`; inference uses :func:`cut`, which is
jieba-rs when it is installed — ``tests/test_tokenize.py`` proves the two give identical
tokens on the whole corpus and on the real data sets — and jieba otherwise.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["cut", "cut_reference", "userdict_entries"]


@cache
def userdict_entries() -> tuple[tuple[str, int, str], ...]:
    """``(word, frequency, tag)`` for each line of the domain user dictionary."""
    text = (resources.files("scamcheck") / "data" / "userdict.txt").read_text("utf-8")
    entries = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, freq, tag = line.split()
            entries.append((word, int(freq), tag))
    return tuple(entries)


@cache
def _reference():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, tag in userdict_entries():
        tokenizer.add_word(word, freq, tag)
    return tokenizer


@cache
def _fast():
    try:
        import rjieba
    except ImportError:  # pragma: no cover - rjieba is a declared dependency
        return None
    # Importing rjieba builds its module-level segmenter with the default dictionary; a
    # second Jieba() would build the dictionary again, which doubles what jieba-rs adds to
    # a cold start. The domain words go into that shared segmenter (its public add_word),
    # so rjieba.cut elsewhere in the process segments them as scamcheck does.
    for word, freq, tag in userdict_entries():
        rjieba.add_word(word, freq, tag)
    return rjieba


def cut_reference(text: str) -> list[str]:
    """jieba's segmentation, HMM off, with the domain dictionary."""
    return _reference().lcut(text, HMM=False)


def cut(text: str) -> list[str]:
    """The same tokens as :func:`cut_reference`, from jieba-rs when it is available."""
    fast = _fast()
    if fast is None:  # pragma: no cover
        return cut_reference(text)
    return fast.cut(text, False)
