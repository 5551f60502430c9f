"""How long ``scamcheck report`` takes on a large export, and how long its page takes to open.

    python benchmarks/report.py [--messages 100000] [--repeat 3]

Writes a generated SMS Backup & Restore export (the bundled examples' texts over many
senders and half a year, see ``tests/report/exports.py``), runs ``scamcheck report`` on it
in a fresh process (medians of ``--repeat`` runs, wall and CPU time: on a shared machine
the CPU time is what the report costs; and the peak RSS), and opens the page in headless
Debian chromium when it is installed. Nothing here is asserted: these are
measurements.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scamcheck.classifier import Classifier  # noqa: E402
from tests.report.exports import write_inbox  # noqa: E402
from tests.report.test_browser import ARGS, CHROMIUM  # noqa: E402


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _report(export: Path, html: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``scamcheck report`` process."""
    started, cpu = time.perf_counter(), _cpu_of_children()
    subprocess.run([sys.executable, "-m", "scamcheck", "report", str(export), "-o", str(html),
                    "--json", str(html.with_suffix(".json"))], check=True,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, _cpu_of_children() - cpu


def _open(html: Path) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(html.resolve().as_uri(), wait_until="load", timeout=300_000)
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export, html = Path(folder) / "inbox.xml", Path(folder) / "report.html"
        write_inbox(export, args.messages, Classifier.load())
        walls, cpus = zip(*(_report(export, html) for _ in range(args.repeat)), strict=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"export: {args.messages:,} messages, {export.stat().st_size / 1e6:.1f} MB")
        print(f"scamcheck report: median {statistics.median(walls):.1f} s wall "
              f"({', '.join(f'{r:.1f}' for r in walls)}), {statistics.median(cpus):.1f} s CPU; "
              f"peak RSS {peak:.0f} MB")
        print(f"page: {html.stat().st_size / 1e6:.1f} MB, "
              f"JSON: {html.with_suffix('.json').stat().st_size / 1e6:.1f} MB")
        if CHROMIUM.exists():
            opens = [_open(html) for _ in range(args.repeat)]
            print(f"opening the page in headless chromium: median "
                  f"{statistics.median(opens):.1f} s")
        print(f"load average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
