"""Figures on hand-written test batches that nobody working on the rules has read.

    python benchmarks/fresh_batches.py [--model DIR] GROUP [GROUP ...]

The test split's style figures are optimistic: rules and canonical forms were revised after
reading errors of its older batches. A batch written in a new voice and appended to
``data/test_groups.txt`` is fresh until someone reads its errors; scored with the model
trained before its training-side siblings joined the corpus, it is the closest this
repository has to the independent sets kept outside it. Prints macro-F1, accuracy and
expected calibration error over the batches' test messages together, then per batch.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scamcheck.classifier import Classifier  # noqa: E402
from scamcheck.corpus import read_corpus  # noqa: E402
from scamcheck.evaluate import StyleFigures  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="+", help="batch or template ids of the test split")
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument("--corpus", default=str(ROOT / "data" / "corpus.csv"))
    args = parser.parse_args()
    wanted = set(args.groups)
    examples = [e for e in read_corpus(Path(args.corpus))
                if e.split == "test" and e.template in wanted]
    missing = wanted - {e.template for e in examples}
    if missing:
        parser.error(f"no test messages for: {', '.join(sorted(missing))}")
    results = Classifier.load(args.model).classify_many([e.text for e in examples])
    rows = [("all", list(range(len(examples))))] + [
        (group, [i for i, e in enumerate(examples) if e.template == group])
        for group in sorted(wanted)]
    print(f"{'batch':32s} {'messages':>8s} {'macro-F1':>8s} {'accuracy':>8s} {'ECE':>7s} "
          f"{'scam→official':>13s}")
    for name, idx in rows:
        f = StyleFigures.of([results[i] for i in idx], [examples[i].label for i in idx])
        print(f"{name:32s} {f.messages:8d} {f.macro_f1:8.4f} {f.accuracy:8.4f} {f.ece:7.4f} "
              f"{f.scam_as_official:13d}")


if __name__ == "__main__":
    main()
