"""Build ``scamcheck/data/pinyin_words.tsv``: toneless pinyin → the commonest word spelt so.

    python data/pinyin_words.py [--min-freq 50]

Source: the word frequencies of jieba's dictionary (``jieba/dict.txt``, MIT licence, a
runtime dependency of scamcheck) and each word's reading from pypinyin (MIT licence, the
``[train]`` extra). For every reading of one to four syllables, the word of jieba's highest
frequency among the words of one to four CJK characters with at least ``--min-freq``
occurrences (every single character is kept, however rare). ``scamcheck.pinyin`` reads a
text typed in pinyin back as these words. Deterministic: the same dictionary and pypinyin
give the same file.
"""

from __future__ import annotations

import argparse
import re
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
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    for line in dictionary.read_text("utf-8").splitlines():
        word, freq = line.split()[:2]
        freq = int(freq)
        if not _CJK.match(word) or (len(word) > 1 and freq < args.min_freq):
            continue
        reading = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
        if len(reading) != len(word):
            continue
        key = " ".join(s.replace("ü", "v") for s in reading)
        if key not in best or best[key] < (freq, word):
            best[key] = (freq, word)
    lines = [f"{key}\t{word}\t{freq}" for key, (freq, word) in sorted(best.items())]
    OUT.write_text("# pinyin<TAB>word<TAB>jieba frequency; built by data/pinyin_words.py\n"
                   + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} readings to {OUT}")


if __name__ == "__main__":
    main()
