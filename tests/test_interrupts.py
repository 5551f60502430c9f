"""Ctrl-C at random moments of ``scamcheck score --jobs 2``: every run ends within a few
seconds with exit status 130, and its partial file holds exactly the rows it reports.

Worker pools used to hang now and then in ``Pool.terminate``; this loop is what caught it.
"""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import signal
import subprocess
import time

import pytest

from .conftest import ROOT

EXE = shutil.which("scamcheck")
pytestmark = pytest.mark.skipif(EXE is None, reason="scamcheck is not installed")

RUNS = 24
ENDS_WITHIN = 5.0  # seconds from the interrupt to the exit
MESSAGES = (ROOT / "examples" / "messages.txt").read_text(encoding="utf-8").splitlines()


def count_rows(path) -> int:
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][0] == "row" and all(len(row) == len(rows[0]) for row in rows)
    assert [int(row[0]) for row in rows[1:]] == list(range(1, len(rows)))
    return len(rows) - 1


def test_random_interrupts_end_promptly_with_exactly_the_rows_reported(tmp_path) -> None:
    source = tmp_path / "many.txt"
    lines = [m for m in MESSAGES if m.strip()]
    source.write_text("\n".join(lines * (150_000 // len(lines))) + "\n", encoding="utf-8")
    rng = random.Random(20261207)
    for run in range(RUNS):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        out = folder / "out.csv"
        proc = subprocess.Popen(
            [EXE, "score", str(source), "-o", str(out), "--jobs", "2", "--no-progress"],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8",
            start_new_session=True,
        )
        while not list(folder.glob("*.partial")) and proc.poll() is None:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 1.5))
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: to the whole process group
        sent = time.monotonic()
        try:
            _, err = proc.communicate(timeout=ENDS_WITHIN)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"run {run}: still running {ENDS_WITHIN} s after Ctrl-C")
        assert time.monotonic() - sent < ENDS_WITHIN
        if proc.returncode == 0:  # finished before the interrupt
            continue
        assert proc.returncode == 130, err
        reported = re.search(r"interrupted: ([\d,]+) rows kept in (.+)", err)
        assert reported, err
        rows, partial = int(reported[1].replace(",", "")), reported[2].strip()
        assert count_rows(partial) == rows
        assert partial == str(out) or not out.exists()  # Ctrl-C after the rename: all there
