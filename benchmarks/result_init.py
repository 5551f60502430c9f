"""What the slot-setting ``__init__`` of ``result.RuleHit`` and ``result.Result`` saves.

    python benchmarks/result_init.py

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``;
``result._fast_init`` gives the two result classes one that calls the slots' setters. This
times building each class both ways (the plain way is a twin made by ``dataclasses`` with
the same fields), counts how many of each ``classify_many`` builds per test-split message,
and prints what the fast way saves as a share of ``classify_many``'s time per message.
"""

from __future__ import annotations

import sys
import time
import timeit
from dataclasses import fields, make_dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scamcheck.classifier import Classifier  # noqa: E402
from scamcheck.corpus import read_corpus  # noqa: E402
from scamcheck.result import Result, RuleHit  # noqa: E402

N, RUNS = 5_000, 7


def per_object_ns(cls, args) -> float:
    return min(timeit.repeat(lambda: cls(*args), number=100_000, repeat=RUNS)) / 100_000 * 1e9


def main() -> int:
    test = [e.text for e in read_corpus(ROOT / "data" / "corpus.csv") if e.split == "test"]
    texts = (test * (N // len(test) + 1))[:N]
    clf = Classifier.load()
    results = clf.classify_many(texts)
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        clf.classify_many(texts)
        runs.append((time.perf_counter() - started) / N * 1e6)
    whole_us = min(runs)
    hit = next(h for r in results for h in r.hits)
    built = {Result: (results[0], 1.0), RuleHit: (hit, sum(len(r.hits) for r in results) / N)}
    saved_us = 0.0
    for cls, (sample, per_message) in built.items():
        args = [getattr(sample, f.name) for f in fields(cls)]
        plain = make_dataclass(f"Plain{cls.__name__}", [(f.name, f.type) for f in fields(cls)],
                               frozen=True, slots=True)
        fast_ns, plain_ns = per_object_ns(cls, args), per_object_ns(plain, args)
        saved_us += (plain_ns - fast_ns) * per_message / 1000
        print(f"{cls.__name__:<8} fast {fast_ns:5.0f} ns, dataclass {plain_ns:5.0f} ns, "
              f"{per_message:.2f} per message")
    print(f"classify_many {whole_us:.1f} µs/message; the fast __init__ saves {saved_us:.2f} µs "
          f"({saved_us / whole_us:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
