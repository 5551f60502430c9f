"""Speed and memory of scamcheck against a straightforward jieba + scikit-learn baseline.

    python benchmarks/run.py [--repeat 3] [--quick]

Everything is measured side by side in one run on this machine, on the same messages: the
project's frozen test split repeated to 100,000 messages, and the real SMS of
../shared/datasets when present. The baseline is what a competent engineer writes first:
``Pipeline(TfidfVectorizer(tokenizer=jieba.lcut, ngram_range=(1, 2)), LogisticRegression())``
trained on the project's training split, scored with ``predict_proba``.

Prints one table of medians and the ratios scamcheck/baseline, and writes it to
``benchmarks/results.md``. Nothing here is asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scamcheck.corpus import read_corpus  # noqa: E402
from scamcheck.evaluate import read_real_negatives  # noqa: E402

SHARED = ROOT.parent / "shared" / "datasets"
BENCH = ROOT / "benchmarks"
BASELINE_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[3])
import joblib
pipe = joblib.load(sys.argv[1])
print(pipe.classes_[pipe.predict_proba([sys.argv[2]]).argmax()])
"""
CHECK_TEXT = "【支付宝】您的花呗已逾期15天，请尽快登录支付宝App还款，详询95188。"


def median_of(fn, repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _peak_rss(pid: int) -> int:
    """The process's high-water mark of resident memory (VmHWM), in bytes; 0 if gone.

    Unlike ``ru_maxrss``, VmHWM starts afresh at ``exec``, so it does not count the pages
    the child shared with this (large) process between ``fork`` and ``exec``.
    """
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def child_run(cmd: list[str], rss: bool = False, **kw) -> tuple[float, int]:
    """Wall time, and with ``rss`` the peak RSS (bytes, sampled every 20 ms), of a child."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, **kw)
    peak = 0
    if rss:
        while proc.poll() is None:
            peak = max(peak, _peak_rss(proc.pid))
            time.sleep(0.02)
    else:
        proc.wait()
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed with status {proc.returncode}")
    return wall, peak


def build_baseline(train_texts, train_labels, path: Path):
    import joblib

    sys.path.insert(0, str(BENCH))
    import baseline

    pipe = baseline.build(train_texts, train_labels)
    joblib.dump(pipe, path)
    return pipe


def write_txt(path: Path, texts: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for t in texts:
            fh.write(t.replace("\n", " ").replace("\r", " ") + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10x smaller workloads (smoke run)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1

    corpus = read_corpus(ROOT / "data" / "corpus.csv")
    train = [e for e in corpus if e.split == "train"]
    test = [e.text for e in corpus if e.split == "test"]
    n_batch = 100_000 // scale
    batch = (test * (n_batch // len(test) + 1))[:n_batch]
    real: list[str] = []
    if SHARED.is_dir():
        for _name, texts in read_real_negatives(SHARED):
            real.extend(texts)

    work = Path(tempfile.mkdtemp(prefix="scamcheck-bench-"))
    rows: list[tuple[str, str, str, str]] = []  # (measure, baseline, scamcheck, ratio)
    figures: dict[str, float] = {}

    print("building the baseline …", file=sys.stderr)
    baseline_path = work / "baseline.joblib"
    pipe = build_baseline([e.text for e in train], [str(e.label) for e in train], baseline_path)
    pipe.predict_proba(test[:10])

    import scamcheck
    from scamcheck.classifier import SLICE
    from scamcheck.joined import JOIN
    from scamcheck.tokenize import cut

    clf = scamcheck.Classifier.load()
    clf.classify_many(test[:10])

    # 1. batch throughput, one process
    for name, texts in (("test split ×", batch), ("real SMS", real)):
        if not texts:
            continue
        base = len(texts) / median_of(lambda t=texts: timed(lambda: pipe.predict_proba(t)),
                                      args.repeat)
        # One call with the whole list, as for the baseline (classify_many slices it).
        ours = len(texts) / median_of(lambda t=texts: timed(lambda: clf.classify_many(t)),
                                      args.repeat)
        label = f"batch msgs/s, {name} ({len(texts):,})"
        rows.append((label, f"{base:,.0f}", f"{ours:,.0f}", f"{ours / base:.1f}×"))
        figures[f"batch_{'real' if name == 'real SMS' else 'test'}_ratio"] = ours / base
        if name != "real SMS":
            figures["baseline_batch"] = base
            figures["classify_many"] = ours

    # scamcheck score end to end, file to file, on 200,000 messages
    scored = (batch * 2)[: 200_000 // scale]
    src = work / "batch.txt"
    write_txt(src, scored)
    for jobs in (1, 2):
        out = work / f"out{jobs}.csv"
        cmd = [sys.executable, "-m", "scamcheck", "score", str(src), "-o", str(out),
               "--jobs", str(jobs), "--no-progress"]
        wall = median_of(lambda c=cmd: child_run(c, stderr=subprocess.DEVNULL)[0], args.repeat)
        rate = len(scored) / wall
        figures[f"score_jobs{jobs}"] = rate
        rows.append((f"`scamcheck score --jobs {jobs}` msgs/s, end to end ({len(scored):,})", "",
                     f"{rate:,.0f}", f"{rate / figures['baseline_batch']:.1f}×"))
    rows.append(("`--jobs 2` / `--jobs 1`", "", "",
                 f"{figures['score_jobs2'] / figures['score_jobs1']:.2f}×"))

    # 2. single-message latency
    sample = (test * 3)[: 10_000 // scale]
    def latencies(fn):
        out = []
        for t in sample:
            started = time.perf_counter()
            fn(t)
            out.append(time.perf_counter() - started)
        out.sort()
        return out[len(out) // 2], out[int(len(out) * 0.99)]
    b50, b99 = latencies(lambda t: pipe.predict_proba([t]))
    s50, s99 = latencies(clf.classify)
    rows.append(("single message p50, ms", f"{b50 * 1e3:.3f}", f"{s50 * 1e3:.3f}",
                 f"{b50 / s50:.1f}× faster"))
    rows.append(("single message p99, ms", f"{b99 * 1e3:.3f}", f"{s99 * 1e3:.3f}",
                 f"{b99 / s99:.1f}× faster"))
    figures.update(p50_ms=s50 * 1e3, p99_ms=s99 * 1e3, p50_ratio=b50 / s50)

    # 3. cold start to first printed result
    base_cmd = [sys.executable, "-c", BASELINE_SCRIPT, str(baseline_path), CHECK_TEXT, str(BENCH)]
    ours_cmd = [sys.executable, "-m", "scamcheck", "check", CHECK_TEXT]
    base_cold = median_of(lambda: child_run(base_cmd, stdout=subprocess.DEVNULL)[0], args.repeat)
    ours_cold = median_of(lambda: child_run(ours_cmd, stdout=subprocess.DEVNULL)[0], args.repeat)
    rows.append(("cold start to first result, s", f"{base_cold:.2f}", f"{ours_cold:.2f}",
                 f"{base_cold / ours_cold:.1f}× faster"))
    figures.update(cold_s=ours_cold, cold_ratio=base_cold / ours_cold)

    # 4. peak RSS of scoring, and flatness in input size
    rss = {}
    for n in (10_000, 1_000_000 // scale):
        f = work / f"rss{n}.txt"
        write_txt(f, (batch * (n // len(batch) + 1))[:n])
        cmd = [sys.executable, "-m", "scamcheck", "score", str(f), "-o", str(work / "rss.csv"),
               "--jobs", "1", "--no-progress"]
        rss[n] = child_run(cmd, rss=True, stderr=subprocess.DEVNULL)[1]
        f.unlink()
    small, large = sorted(rss)
    rows.append((f"peak RSS `scamcheck score`, {small:,} rows, MB", "",
                 f"{rss[small] / 2**20:.0f}", ""))
    rows.append((f"peak RSS `scamcheck score`, {large:,} rows, MB", "",
                 f"{rss[large] / 2**20:.0f}", f"{rss[large] / rss[small]:.2f}× of {small:,}"))
    figures.update(rss_small_mb=rss[small] / 2**20, rss_large_mb=rss[large] / 2**20)
    rows.append(("peak RSS of this benchmark process (both models loaded), MB", "",
                 f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}", ""))

    # 5. the limit: raw tokenisation
    tok = len(batch) / median_of(lambda: timed(lambda: [cut(t) for t in batch]), args.repeat)
    rows.append(("raw tokeniser msgs/s (jieba-rs, HMM off)", "", f"{tok:,.0f}", ""))
    # scamcheck segments SLICE texts at a time, joined into one string: one call, not SLICE.
    joined = [JOIN.join(batch[i : i + SLICE]) for i in range(0, len(batch), SLICE)]
    tok_joined = len(batch) / median_of(lambda: timed(lambda: [cut(t) for t in joined]),
                                        args.repeat)
    rows.append((f"raw tokeniser msgs/s, {SLICE} texts joined per call", "", f"{tok_joined:,.0f}",
                 ""))
    rows.append(("`scamcheck score --jobs 1` as share of raw tokeniser", "", "",
                 f"{figures['score_jobs1'] / tok:.0%}"))
    rows.append(("`classify_many` as share of raw tokeniser", "", "",
                 f"{figures['classify_many'] / tok:.0%}"))
    figures.update(tokeniser=tok, tokeniser_joined=tok_joined,
                   score_share_of_tokeniser=figures["score_jobs1"] / tok)

    # classify() on a 1 MB string
    mega = ("您的借款已逾期，请尽快还款，否则将上门催收。" * 50_000)[:1_000_000]
    figures["classify_1mb_s"] = median_of(lambda: timed(lambda: clf.classify(mega)), args.repeat)
    rows.append(("`classify()` on a 1 MB string, s", "", f"{figures['classify_1mb_s']:.2f}", ""))

    header = (f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}; medians of "
              f"{args.repeat} runs; `python benchmarks/run.py{' --quick' if args.quick else ''}`.")
    table = ["| measure | baseline | scamcheck | ratio |", "| --- | ---: | ---: | ---: |"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    text = header + "\n\n" + "\n".join(table) + "\n"
    print(text)
    if not args.quick:
        (ROOT / "benchmarks" / "results.md").write_text(
            "# Benchmark results\n\n" + text + "\n```json\n"
            + json.dumps({k: round(v, 4) for k, v in figures.items()}, indent=2) + "\n```\n",
            "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
