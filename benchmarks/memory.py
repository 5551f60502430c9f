"""Peak memory on long messages: ``scamcheck score`` and ``classify_many``.

    python benchmarks/memory.py [--lines 1000] [--chars 50000] [--texts 200]

Memory must be bounded by the characters in flight as well as by the records: a file of
1,000 lines of 50,000 characters each (about 90 MB) once took 2.25 GB with ``--jobs 1``,
and ``classify_many`` on 200 such texts 932 MB. The target is under 400 MB for both. Each
figure is the peak resident set size of a child process running only that, as the kernel
reports it (``ru_maxrss``). Nothing here is asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each child reports its own peak (ru_maxrss, in KB on Linux) on its last line.
CLASSIFY_MANY = """
import itertools, resource, sys
sys.path.insert(0, sys.argv[1])
import scamcheck
with open(sys.argv[2], encoding="utf-8") as lines:
    texts = [line.rstrip("\\n") for line in itertools.islice(lines, int(sys.argv[3]))]
results = scamcheck.classify_many(texts)
print(len(results), "results")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
SCORE = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from scamcheck.cli import main
status = main(sys.argv[2:])
print("exit status", status)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def long_lines(lines: int, chars: int) -> str:
    """``lines`` messages of ``chars`` characters, made of the corpus's test messages."""
    sys.path.insert(0, str(ROOT))
    from scamcheck.corpus import read_corpus

    test = [e.text.replace("\n", " ") for e in read_corpus(ROOT / "data" / "corpus.csv")
            if e.split == "test"]
    block = " ".join(test)
    while len(block) < chars + len(test):
        block += " " + block
    return "".join(block[i : i + chars] + "\n" for i in range(lines))


def peak_of_child(script: str, *args: str) -> tuple[float, str]:
    """The peak RSS in MB of a Python child running ``script``, and what else it printed."""
    out = subprocess.run([sys.executable, "-c", script, str(ROOT), *args],
                         capture_output=True, text=True, check=True)
    *printed, peak = out.stdout.strip().splitlines()
    return int(peak) / 1024, " ".join(printed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--texts", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "long.txt"
        source.write_text(long_lines(args.lines, args.chars), encoding="utf-8")
        size = source.stat().st_size / 2**20
        many, printed = peak_of_child(CLASSIFY_MANY, str(source), str(args.texts))
        score, status = peak_of_child(SCORE, "score", str(source), "-o",
                                      str(Path(folder) / "out.csv"), "--jobs", "1",
                                      "--no-progress")
    print(f"input: {args.lines:,} lines of {args.chars:,} characters, {size:,.0f} MB")
    print(f"classify_many, {args.texts} texts: peak RSS {many:,.0f} MB ({printed})")
    print(f"scamcheck score --jobs 1: peak RSS {score:,.0f} MB ({status})")


if __name__ == "__main__":
    main()
