"""Spark local[2] against `scamcheck score --jobs 2` on the same 200,000 messages.

    python benchmarks/spark.py [--repeat 3] [--quick]

Side by side in one run on this machine: the project's frozen test split repeated to
200,000 messages, as a plain-text file for `scamcheck score --jobs 2` (file to file, CSV
out) and as 8 Parquet files for `score_dataframe` in local[2] (Parquet to Parquet). Runs
alternate, so that drift in the machine's load falls on both alike. Spark's start-up (the
JVM and the session) is timed apart; each Spark run is timed from the query to the last file
written. The Python workers start and load the classifier in the first run only (Spark
reuses its Python workers), and the JVM compiles its hot paths over the first two, so those
two are reported apart from the later, steady-state runs.

Also measured: Parquet to Parquet without scoring (the JVM's own first-query warm-up, and
Spark's floor), the peak resident memory of each Python worker (sampled) and of `score`'s
processes, and what a fresh worker pays before its first batch is scored: importing
pyspark and pandas, loading the classifier, and the first batch of 10,000 (Spark's
default Arrow batch) with the rules' prefilter in the cache and without it.

Prints a table of medians and writes it to ``benchmarks/spark-results.md``. Nothing here is
asserted: these are measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scamcheck.corpus import read_corpus  # noqa: E402

BENCH = ROOT / "benchmarks"
PARQUET_FILES = 8
WARM_UP = 2  # Spark runs before the timed ones
ARROW_BATCH = 10_000  # spark.sql.execution.arrow.maxRecordsPerBatch's default

# Run in a fresh interpreter: what a new Python worker does before and at its first batch.
FRESH_WORKER = """
import json, sys, time
texts = json.loads(sys.stdin.read())
t0 = time.perf_counter()
import pandas as pd
import scamcheck.spark as spark
t1 = time.perf_counter()
from scamcheck.classifier import default_classifier
classifier = default_classifier()
t2 = time.perf_counter()
batch, senders = pd.Series(texts), pd.Series([None] * len(texts))
spark.score_batch(classifier, batch, senders)
t3 = time.perf_counter()
spark.score_batch(classifier, batch, senders)
t4 = time.perf_counter()
classifier.verdicts(texts, None, 4)
t5 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "first_batch": t3 - t2,
                  "later_batch": t4 - t3, "verdicts_only": t5 - t4}))
"""


def write_inputs(texts: list[str], work: Path) -> tuple[Path, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    txt = work / "messages.txt"
    txt.write_text("".join(t.replace("\n", " ").replace("\r", " ") + "\n" for t in texts),
                   "utf-8")
    folder = work / "messages.parquet"
    folder.mkdir()
    size = -(-len(texts) // PARQUET_FILES)
    for k in range(PARQUET_FILES):
        part = texts[k * size : (k + 1) * size]
        table = pa.table({"id": range(k * size, k * size + len(part)), "text": part})
        pq.write_table(table, folder / f"part-{k}.parquet")
    return txt, folder


class PeakRss:
    """Samples the resident memory of this process's matching descendants every 0.25 s."""

    def __init__(self, match) -> None:
        self.match = match
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for proc in psutil.Process().children(recursive=True):
                try:
                    if self.match(proc):
                        rss = proc.memory_info().rss
                        self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), rss)
                except psutil.Error:
                    pass
            self._stop.wait(0.25)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


def _is_python_worker(proc: psutil.Process) -> bool:
    # Workers are forked from `python -m pyspark.daemon` and keep its command line.
    return "pyspark.daemon" in proc.cmdline() and "pyspark.daemon" in proc.parent().cmdline()


def time_score(txt: Path, out: Path, jobs: int) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "scamcheck", "score", str(txt), "-o", str(out),
           "--jobs", str(jobs), "--no-progress"]
    with PeakRss(lambda proc: proc.cmdline()[1:4] == cmd[1:4]) as rss:
        started = time.perf_counter()
        done = subprocess.run(cmd, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed with status {done.returncode}")
    return wall, max(rss.peaks.values(), default=0)


def fresh_worker(texts: list[str], cache: Path) -> dict[str, float]:
    env = {**os.environ, "SCAMCHECK_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", FRESH_WORKER], input=json.dumps(texts),
                          capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10x smaller workload (smoke run)")
    args = parser.parse_args()
    n = 200_000 // (10 if args.quick else 1)

    test = [e.text for e in read_corpus(ROOT / "data" / "corpus.csv") if e.split == "test"]
    texts = (test * (n // len(test) + 1))[:n]
    work = Path(tempfile.mkdtemp(prefix="scamcheck-spark-bench-"))
    # A cache of our own: the first worker builds the prefilter, as on a fresh executor.
    os.environ["SCAMCHECK_CACHE"] = str(work / "cache")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    txt, parquet = write_inputs(texts, work)

    started = time.perf_counter()
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("scamcheck-bench")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "2")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - started

    from scamcheck.spark import score_dataframe

    def spark_run(k: int, scored: bool = True) -> float:
        out = work / f"spark-out-{k}"
        begun = time.perf_counter()
        df = spark.read.parquet(str(parquet))
        (score_dataframe(df) if scored else df).write.parquet(str(out))
        wall = time.perf_counter() - begun
        shutil.rmtree(out)
        return wall

    # The JVM's own first-query warm-up, apart from the Python workers'; and what reading
    # and writing the Parquet costs without scoring.
    copies = [spark_run(-1 - k, scored=False) for k in range(2)]

    spark_walls, score_walls, score_rss = [], [], []
    with PeakRss(_is_python_worker) as workers:
        # Run 0: the workers start and load the classifier; runs 0 and 1: the JVM compiles
        # its Arrow and Python-runner paths (JIT), which takes more than one run.
        for k in range(args.repeat + WARM_UP):
            print(f"run {k} …", file=sys.stderr)
            spark_walls.append(spark_run(k))
            if k >= WARM_UP:
                wall, rss = time_score(txt, work / "score-out.csv", jobs=2)
                score_walls.append(wall)
                score_rss.append(rss)
    spark.stop()
    steady_rate = n / statistics.median(spark_walls[WARM_UP:])
    score_rate = n / statistics.median(score_walls)
    worker_peaks = sorted(workers.peaks.values())

    sample = texts[:ARROW_BATCH]
    cold = fresh_worker(sample, work / "empty-cache")
    warm = fresh_worker(sample, work / "cache")

    rows = [
        ("messages", f"{n:,}"),
        ("Spark start-up (JVM and session), s", f"{startup:.1f}"),
        ("`scamcheck score --jobs 2`, msgs/s (median)", f"{score_rate:,.0f}"),
        ("Spark local[2], later runs (steady state), msgs/s (median)", f"{steady_rate:,.0f}"),
        ("Spark local[2] / `score --jobs 2`", f"{steady_rate / score_rate:.2f}×"),
        ("Spark local[2], first / second run (workers start, JVM warms up), msgs/s",
         f"{n / spark_walls[0]:,.0f} / {n / spark_walls[1]:,.0f}"),
        ("Spark Parquet to Parquet without scoring, first / second run, msgs/s",
         f"{n / copies[0]:,.0f} / {n / copies[1]:,.0f}"),
        ("Python workers seen / peak RSS of each, MB",
         f"{len(worker_peaks)} / {', '.join(f'{p / 2**20:.0f}' for p in worker_peaks)}"),
        ("`score --jobs 2` peak RSS of its largest process, MB",
         f"{max(score_rss) / 2**20:.0f}"),
        ("fresh worker: import pyspark, pandas, scamcheck.spark, s", f"{warm['imports']:.2f}"),
        ("fresh worker: load the classifier, s", f"{warm['load']:.2f}"),
        (f"fresh worker: first batch of {len(sample):,}, prefilter cached, s",
         f"{warm['first_batch']:.2f}"),
        (f"fresh worker: first batch of {len(sample):,}, no cache (prefilter built), s",
         f"{cold['first_batch']:.2f}"),
        (f"later batch of {len(sample):,}, s (of which `verdicts` alone)",
         f"{warm['later_batch']:.2f} ({warm['verdicts_only']:.2f})"),
    ]
    table = ["| measure | value |", "| --- | ---: |", *(f"| {a} | {b} |" for a, b in rows)]
    header = (f"`python benchmarks/spark.py --repeat {args.repeat}"
              f"{' --quick' if args.quick else ''}` on {platform.machine()}, "
              f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
              f"load average at the end {os.getloadavg()[0]:.1f}.")
    text = "\n".join(["# Spark benchmark", "", header, "", *table, ""])
    print(text)
    if not args.quick:
        (BENCH / "spark-results.md").write_text(text, "utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
