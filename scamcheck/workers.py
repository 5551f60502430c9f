"""Running one function over a stream of tasks in worker processes, results in task order.

``ordered_map(function, tasks, jobs)`` is what ``multiprocessing.Pool.imap`` would be if it
could be interrupted safely: each worker has a pipe of its own and at most one task at a
time, handed out round-robin, so results come back in task order without any lock shared
between processes. A Pool's workers share a queue and its lock; a worker killed or
interrupted while holding it left ``Pool.terminate`` waiting forever. Here stopping is
SIGTERM to each worker, then SIGKILL to any still alive a moment later: it always ends.

Workers start by ``fork`` where the platform has it, so they inherit ``function`` (a loaded
classifier, for one) instead of receiving a pickled copy; elsewhere ``spawn`` pickles it.
A parent sends a worker its next task only after taking its previous result, so neither
side can block the other on a full pipe.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any, TypeVar

__all__ = ["WorkerError", "ordered_map"]

Local = TypeVar("Local")
_STOP_GRACE = 1.0  # seconds a worker has to end after SIGTERM before SIGKILL


class WorkerError(RuntimeError):
    """A worker process died or its task raised an exception that could not be sent back."""


def ordered_map(
    function: Callable[[Any], Any], tasks: Iterable[tuple[Local, Any]], jobs: int
) -> Iterator[tuple[Local, Any]]:
    """For each ``(local, payload)`` of ``tasks``, in order: ``(local, function(payload))``.

    ``payload`` goes to a worker process and its result comes back; ``local`` stays in this
    process. At most ``jobs`` tasks are in the workers at a time, so memory is bounded by
    the size of ``jobs`` tasks. With ``jobs == 1`` everything runs in this process. Closing
    the iterator (or an exception in the consumer, ``KeyboardInterrupt`` included, once it
    is closed or collected) stops the workers.
    """
    if jobs == 1:
        for local, payload in tasks:
            yield local, function(payload)
        return
    context = _context()
    workers: list[_Worker] = []
    try:
        sys.stdout.flush()  # what is buffered would otherwise be written again by each child
        sys.stderr.flush()
        for _ in range(jobs):
            workers.append(_Worker(context, function, [w.conn for w in workers]))
        busy: deque[tuple[Local, _Worker]] = deque()
        for number, (local, payload) in enumerate(tasks):
            worker = workers[number % jobs]
            if len(busy) < jobs:
                worker.send(payload)
                busy.append((local, worker))
                continue
            done, oldest = busy.popleft()  # oldest is ``worker``: round-robin
            result = oldest.receive()
            worker.send(payload)
            busy.append((local, worker))
            yield done, result
        while busy:
            done, oldest = busy.popleft()
            yield done, oldest.receive()
    finally:
        for worker in workers:
            worker.stop()


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Worker:
    """One worker process and this process's end of its pipe."""

    def __init__(self, context, function: Callable, inherited: list[Connection]) -> None:
        self.conn, child = context.Pipe()
        # The child closes the parent's ends it inherits through fork (its own and those of
        # earlier workers), so that it sees end-of-file when this process goes away.
        self.process = context.Process(
            target=_serve, args=(child, function, [*inherited, self.conn]), daemon=True
        )
        self.process.start()
        child.close()

    def send(self, payload: Any) -> None:
        try:
            self.conn.send(payload)
        except OSError as error:
            raise WorkerError(f"worker process {self.process.pid} is gone: {error}") from error

    def receive(self) -> Any:
        try:
            ok, value = self.conn.recv()
        except (EOFError, OSError) as error:
            code = self.process.exitcode
            raise WorkerError(f"worker process {self.process.pid} died (exit {code})") from error
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(_STOP_GRACE)
            if self.process.is_alive():
                self.process.kill()
        self.process.join()


def _serve(conn: Connection, function: Callable, inherited: list[Connection]) -> None:
    """A worker's life: take a task, send back ``(True, result)`` or ``(False, exception)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for other in inherited:
        other.close()
    while True:
        try:
            payload = conn.recv()
        except EOFError:
            return
        try:
            reply = (True, function(payload))
        except Exception as error:
            reply = (False, error)
        try:
            conn.send(reply)
        except Exception as error:  # the result or the exception would not pickle
            conn.send((False, WorkerError(f"{type(error).__name__}: {error}")))
