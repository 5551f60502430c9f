"""Scoring exported message files: read, classify in chunks, write one row per record.

``score()`` reads the records of every input (see ``scamcheck.formats``) in this process
and hands them out in chunks. A chunk job classifies the chunk's ``ok`` records, renders
one output row per record (empty and error records included, unclassified) and counts
it for the summary; the process then writes the rendered chunks in input order.

With ``jobs > 1`` chunk jobs run in worker processes started by ``fork`` after the
classifier is loaded, so that they share it (on a platform without ``fork`` each worker
loads it once); at most two chunks per worker are in flight, so memory stays flat.
With ``jobs == 1`` they run in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from tqdm import tqdm

from .exitcodes import EXIT_ERROR_ROWS, EXIT_INTERRUPTED, EXIT_OK, EXIT_STATUS_HELP, EXIT_USAGE
from .formats import ColumnSpec, FormatError, Input, Output, Record, UsageError
from .formats.output import RowFormat
from .formats.record import EMPTY, ERROR
from .labels import LABELS
from .scores import Classifier, Score, score_records

__all__ = ["CHUNK_SIZE", "EXIT_STATUS_HELP", "Summary", "score"]

CHUNK_SIZE = 2000
_IN_FLIGHT_PER_JOB = 2
_NO_SCORE = (None,) * (len(LABELS) + 1)  # probabilities and rules of an unscored row
_TOP_SENDERS = 5
_WATCHED = ("aggressive_collection", "likely_scam")
_NIGHT_LABEL = "aggressive_collection"

#: The classifier of a worker process (inherited through fork, or loaded by the initializer).
_worker_classifier = None


def score(
    inputs: Sequence[str],
    output: str | None = None,
    *,
    classifier_factory: Callable[[], Classifier],
    fmt: str = "auto",
    encoding: str = "auto",
    text_column: str | None = None,
    sender_column: str | None = None,
    time_column: str | None = None,
    id_column: str | None = None,
    jobs: int | None = None,
    include_text: bool = False,
    progress: bool | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> int:
    """Score ``inputs`` (paths, ``-`` for stdin) into ``output`` (``None``: CSV on stdout).

    ``classifier_factory`` is called once, in this process. ``jobs`` defaults to the
    number of CPUs; ``progress`` (``None``: when stderr is a terminal) shows a bar on
    stderr. Returns the exit status described in ``EXIT_STATUS_HELP``; messages and the
    summary go to stderr.
    """
    jobs = jobs if jobs is not None else os.cpu_count() or 1
    columns = ColumnSpec(text_column, sender_column, time_column, id_column)
    run = _Run(include_text=include_text, chunk_size=chunk_size)
    with ExitStack() as stack:
        try:
            _check_usage(inputs, jobs, chunk_size)
            for path in inputs:
                reader = Input(path, fmt=fmt, encoding=encoding, columns=columns)
                run.inputs.append(stack.enter_context(reader))
        except (UsageError, OSError) as error:
            _say(f"error: {error}")
            return EXIT_USAGE
        try:
            run.execute(output, classifier_factory, jobs, _show_progress(progress))
        except FormatError as error:
            _say(run.summary.report())
            _say(f"error: {run.current}: {error}; {run.whereabouts()}")
            return EXIT_USAGE
        except OSError as error:
            _say(f"error: {error}; {run.whereabouts()}")
            return EXIT_USAGE
        except KeyboardInterrupt:
            _say(f"interrupted: {run.whereabouts()}")
            return EXIT_INTERRUPTED
        except BaseException:
            _say(f"failed: {run.whereabouts()}")
            raise
    _say(run.summary.report())
    return EXIT_ERROR_ROWS if run.summary.statuses[ERROR] else EXIT_OK


def _check_usage(inputs: Sequence[str], jobs: int, chunk_size: int) -> None:
    if not inputs:
        raise UsageError("no input given")
    if list(inputs).count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    if jobs < 1 or chunk_size < 1:
        raise UsageError("--jobs and the chunk size must be at least 1")


def _show_progress(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


def _say(message: str) -> None:
    print(f"scamcheck: {message}", file=sys.stderr)


@dataclass
class Summary:
    """Counts for the end-of-run report; one per chunk, merged in order."""

    records: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    senders: dict[str, Counter[str]] = field(
        default_factory=lambda: {label: Counter() for label in _WATCHED}
    )
    clock_times: int = 0
    unrecognised_times: int = 0
    night: int = 0

    def add(self, record: Record, result: Score | None) -> None:
        self.records += 1
        self.statuses[record.status] += 1
        if not record.time_ok:
            self.unrecognised_times += 1
        if result is None:
            return
        label = result.label
        self.labels[label] += 1
        if label in self.senders:
            self.senders[label][record.sender or "(no sender)"] += 1
        if record.time_ok and "T" in record.time:
            self.clock_times += 1
            hour = int(record.time[11:13])
            self.night += label == _NIGHT_LABEL and (hour >= 22 or hour < 8)

    def merge(self, other: Summary) -> None:
        self.records += other.records
        self.labels.update(other.labels)
        self.statuses.update(other.statuses)
        for label, senders in other.senders.items():
            self.senders[label].update(senders)
        self.clock_times += other.clock_times
        self.unrecognised_times += other.unrecognised_times
        self.night += other.night

    def report(self) -> str:
        lines = [f"{self.records:,} records read"]
        lines += [f"  {label:<24}{self.labels[label]:>10,}" for label in LABELS]
        lines += [f"  {status:<24}{self.statuses[status]:>10,}" for status in (EMPTY, ERROR)]
        for label, senders in self.senders.items():
            if senders:
                top = ", ".join(f"{s} ({n:,})" for s, n in senders.most_common(_TOP_SENDERS))
                lines.append(f"top senders of {label}: {top}")
        if self.clock_times:
            lines.append(
                f"{_NIGHT_LABEL} between 22:00 and 08:00: {self.night:,}"
                f" of {self.labels[_NIGHT_LABEL]:,}"
            )
        if self.unrecognised_times:
            lines.append(f"times not recognised (kept as given): {self.unrecognised_times:,}")
        return "\n".join(lines)


class _Run:
    """One scoring run: its inputs, output and summary, kept for the final messages."""

    def __init__(self, *, include_text: bool, chunk_size: int) -> None:
        self.inputs: list[Input] = []
        self.include_text = include_text
        self.chunk_size = chunk_size
        self.output: Output | None = None
        self.summary = Summary()
        self.current = ""
        self._fault: FormatError | None = None
        self._started = time.monotonic()

    def execute(self, output: str | None, factory: Callable, jobs: int, progress: bool) -> None:
        classifier = factory()
        with (
            _chunk_jobs(classifier, factory, jobs) as submit,
            Output(output, include_text=self.include_text) as self.output,
            _progress_bar(self.inputs, progress) as bar,
        ):
            pending: deque = deque()
            in_flight = 0 if jobs == 1 else jobs * _IN_FLIGHT_PER_JOB
            for chunk in self._chunks():
                pending.append((len(chunk), submit(chunk, self.output.format)))
                if len(pending) > in_flight:
                    self._write(*pending.popleft(), bar)
            while pending:
                self._write(*pending.popleft(), bar)
            if self._fault is not None:
                raise self._fault

    def _chunks(self) -> Iterator[list[tuple[int, Record]]]:
        records = self._records()
        while chunk := list(islice(records, self.chunk_size)):
            yield chunk

    def _records(self) -> Iterator[tuple[int, Record]]:
        """All records, numbered across inputs; a fault ends them, kept for after the drain."""
        number = 0
        for reader in self.inputs:
            self.current = reader.name
            try:
                for record in reader:
                    number += 1
                    yield number, record
            except FormatError as error:
                self._fault = error
                return

    def _write(self, rows: int, job, bar: tqdm) -> None:
        text, summary = job.get()
        self.output.write(text, rows)
        self.summary.merge(summary)
        bar.update(sum(reader.bytes_read for reader in self.inputs) - bar.n)
        rate = self.output.rows / max(time.monotonic() - self._started, 1e-9)
        bar.set_postfix_str(f"{self.output.rows:,} rows, {rate:,.0f} rows/s", refresh=False)

    def whereabouts(self) -> str:
        """Where the rows written so far are."""
        if self.output is None:
            return "no rows written"
        if self.output.partial is None:
            return f"{self.output.rows:,} rows written to stdout"
        return f"{self.output.rows:,} rows kept in {self.output.partial}"


def _score_chunk(
    classifier: Classifier, chunk: list[tuple[int, Record]], row_format: RowFormat
) -> tuple[str, Summary]:
    """The rendered output rows of a chunk and its summary."""
    rows, summary = [], Summary()
    for (number, _), (record, result) in zip(
        chunk, score_records(classifier, [record for _, record in chunk]), strict=True
    ):
        rows.append(_row(number, record, result, row_format.include_text))
        summary.add(record, result)
    return row_format.render(rows), summary


def _row(number: int, record: Record, result: Score | None, text: bool) -> list[Any]:
    """The output row (values in ``COLUMNS`` order) of a record and its score, if any."""
    if result is None:
        values = [number, record.id, record.sender, record.time, None, None, *_NO_SCORE]
    else:
        values = [
            number, record.id, record.sender, record.time, result.label, result.confidence,
            *result.probabilities, result.rules,
        ]  # fmt: skip
    values += (record.status, record.error, record.text) if text else (record.status, record.error)
    return values


@contextmanager
def _chunk_jobs(classifier: Classifier, factory: Callable, jobs: int) -> Iterator[Callable]:
    """``submit(chunk, row_format)``, returning a job whose ``get()`` gives its result."""
    if jobs == 1:
        yield lambda chunk, row_format: _Done(_score_chunk(classifier, chunk, row_format))
        return
    global _worker_classifier
    if "fork" in multiprocessing.get_all_start_methods():
        _worker_classifier = classifier
        context, initargs = multiprocessing.get_context("fork"), (None,)
    else:
        context, initargs = multiprocessing.get_context("spawn"), (factory,)
    sys.stdout.flush()
    sys.stderr.flush()
    pool = context.Pool(jobs, initializer=_init_worker, initargs=initargs)
    try:
        yield lambda chunk, row_format: pool.apply_async(_score_in_worker, (chunk, row_format))
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()
        _worker_classifier = None


class _Done:
    """A chunk job run in this process, with the ``get()`` of an asynchronous one."""

    def __init__(self, result: tuple[str, Summary]) -> None:
        self._result = result

    def get(self) -> tuple[str, Summary]:
        return self._result


def _init_worker(factory: Callable | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent
    if factory is not None:
        global _worker_classifier
        _worker_classifier = factory()


def _score_in_worker(chunk: list[tuple[int, Record]], row_format: RowFormat) -> tuple[str, Summary]:
    return _score_chunk(_worker_classifier, chunk, row_format)


def _progress_bar(inputs: list[Input], enabled: bool) -> tqdm:
    sizes = [reader.size for reader in inputs]
    return tqdm(
        total=None if None in sizes else sum(sizes),
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc="scoring",
        file=sys.stderr,
        disable=not enabled,
        dynamic_ncols=True,
    )
