"""Where the time of ``classify_many`` goes, stage by stage (µs per message).

    python benchmarks/stages.py

Runs each stage of the pipeline on its own over the frozen test split repeated to 20,000
messages, in batches of ``classifier.SLICE`` (the texts the pipeline decides at a time),
and prints the median of three runs. The stages are timed separately, so their sum is
close to, not exactly, the whole.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scamcheck.classifier import SLICE, Classifier  # noqa: E402
from scamcheck.corpus import read_corpus  # noqa: E402
from scamcheck.joined import Joined  # noqa: E402
from scamcheck.normalise import normalise, normalise_many  # noqa: E402
from scamcheck.tokenize import cut  # noqa: E402

N, BATCH = 20_000, SLICE


def per_message(fn, items) -> float:
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        for i in range(0, len(items), BATCH):
            fn(items[i : i + BATCH])
        runs.append((time.perf_counter() - started) / len(items) * 1e6)
    return statistics.median(runs)


def main() -> int:
    test = [e.text for e in read_corpus(ROOT / "data" / "corpus.csv") if e.split == "test"]
    texts = (test * (N // len(test) + 1))[:N]
    clf = Classifier.load()
    clf.classify_many(texts[:BATCH])
    normalised = [normalise(t).text for t in texts]
    stages = {
        "normalise": per_message(normalise_many, texts),
        "segment (jieba-rs)": per_message(lambda b: [cut(t) for t in b], normalised),
        # as the pipeline calls it: a batch joined into one call (features.FeatureIndex)
        "segment, batch joined": per_message(
            lambda b: cut(Joined(b).text), normalised),
        "segment + features": per_message(clf.model.index.lookup, normalised),
        "segment + features + model": per_message(clf.model.text_logits, normalised),
        "rules": per_message(clf.rules.evaluate, normalised),
        "classify_many, whole": per_message(clf.classify_many, texts),
    }
    for name, us in stages.items():
        print(f"{name:<24} {us:7.1f} µs/message")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
