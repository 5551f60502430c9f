"""Build ``scamcheck/data/pinyin_words.tsv``: toneless pinyin → the commonest word spelt so.

    python data/pinyin_words.py [--min-freq 50]

Source: the word frequencies of jieba's dictionary (``jieba/dict.txt``, MIT licence, a
runtime dependency of scamcheck) and each word's reading from pypinyin (MIT licence, the
``[train]`` extra). For every reading of one to four syllables, the word of jieba's highest
frequency among the words of one to four CJK characters with at least ``--min-freq``
occurrences (every single character is kept, however rare). ``scamcheck.pinyin`` reads a
text typed in pinyin back as these words. Deterministic: the same dictionary and pypinyin
give the same file.

A character with several readings (还 huan/hai, 行 hang/xing) stands for each of them: for
its own reading (pypinyin's, its commonest) at its whole frequency, for each other at the
share of the dictionary's longer words that read it so (还 is huan in 还款 and 归还, hai in
还是 and 还有). With its own reading alone, "huan" would be read 换 and "hang" 杭, never 还
or 行.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scamcheck" / "data" / "pinyin_words.tsv"
_CJK = re.compile(r"^[\u4e00-\u9fff]{1,4}$")


def main() -> None:
    import jieba
    from pypinyin import Style, lazy_pinyin

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-freq", type=int, default=50)
    args = parser.parse_args()
    best: dict[str, tuple[int, str]] = {}
    # How often each character is read each way in the dictionary's longer words.
    read_as: dict[str, Counter[str]] = defaultdict(Counter)
    characters: dict[str, tuple[int, str]] = {}  # character → (frequency, its own reading)
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    for line in dictionary.read_text("utf-8").splitlines():
        word, freq = line.split()[:2]
        freq = int(freq)
        if not _CJK.match(word) or (len(word) > 1 and freq < args.min_freq):
            continue
        reading = [s.replace("ü", "v") for s in lazy_pinyin(word, style=Style.NORMAL,
                                                           errors="ignore")]
        if len(reading) != len(word):
            continue
        if len(word) == 1:
            characters[word] = (freq, reading[0])
            continue
        for char, syllable in zip(word, reading, strict=True):
            read_as[char][syllable] += freq
        _keep(best, " ".join(reading), freq, word)
    for char, (freq, own) in characters.items():
        _keep(best, own, freq, char)
        # Its other readings, at the share of the longer words that read it so.
        counts = read_as.get(char, Counter())
        total = sum(counts.values())
        for syllable, count in counts.items():
            if syllable != own:
                _keep(best, syllable, round(freq * count / total) or 1, char)
    lines = [f"{key}\t{word}\t{freq}" for key, (freq, word) in sorted(best.items())]
    OUT.write_text("# pinyin<TAB>word<TAB>jieba frequency; built by data/pinyin_words.py\n"
                   + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} readings to {OUT}")


def _keep(best: dict[str, tuple[int, str]], key: str, freq: int, word: str) -> None:
    """Keep ``word`` for the reading ``key`` if it is the most frequent so far."""
    if key not in best or best[key] < (freq, word):
        best[key] = (freq, word)


if __name__ == "__main__":
    main()
