from __future__ import annotations

import os

import pytest

from scamcheck.workers import ordered_map


def square(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_back_in_task_order(jobs) -> None:
    out = list(ordered_map(square, ((f"t{x}", x) for x in range(50)), jobs))
    assert [local for local, _ in out] == [f"t{x}" for x in range(50)]
    assert [result for _, (result, _) in out] == [x * x for x in range(50)]
    assert len({pid for _, (_, pid) in out}) == jobs


def test_an_exception_in_a_worker_reaches_the_caller() -> None:
    results = ordered_map(fail_on_three, ((x, x) for x in range(10)), 2)
    assert [next(results)[1] for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="three"):
        next(results)


def test_closing_early_stops_the_workers() -> None:
    results = ordered_map(square, ((x, x) for x in range(1000)), 2)
    pids = {next(results)[1][1] for _ in range(4)}
    results.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
