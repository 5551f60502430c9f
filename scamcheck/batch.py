"""``scamcheck score``: the scored stream (``scamcheck.scoring``) written as one row per
record, with a summary on stderr.

The output path is checked before any input is read (``formats.output.plan_output``). Rows
are written a batch at a time with Ctrl-C held off meanwhile, so that the count of rows
written moves with the text written and an interrupted run reports exactly the rows its
partial file holds.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from tqdm import tqdm

from .exitcodes import EXIT_ERROR_ROWS, EXIT_INTERRUPTED, EXIT_OK, EXIT_STATUS_HELP, EXIT_USAGE
from .formats import FormatError, Output, UsageError
from .formats.output import SCORE_DIGITS, RowFormat, plan_output
from .formats.reader import ReaderOptions
from .formats.record import ERROR
from .scoring import CHUNK_RECORDS, ScoredStream, Scorer
from .summary import Summary

__all__ = ["EXIT_STATUS_HELP", "score"]

_ROWS_PER_WRITE = 2000


def score(
    inputs: Sequence[str],
    output: str | None = None,
    *,
    classifier_factory: Callable[[], Scorer],
    reader: ReaderOptions | None = None,
    jobs: int | None = None,
    include_text: bool = False,
    progress: bool | None = None,
    chunk_size: int = CHUNK_RECORDS,
) -> int:
    """Score ``inputs`` (paths, ``-`` for stdin) into ``output`` (``None`` or ``-``: CSV on
    stdout; otherwise the format its suffix names, see ``formats.output``).

    ``classifier_factory`` is called once, in this process, after the inputs are opened.
    ``jobs`` defaults to the number of CPUs; ``progress`` (``None``: when stderr is a
    terminal) shows a bar on stderr. Returns the exit status described in
    ``EXIT_STATUS_HELP``; messages and the summary go to stderr.
    """
    jobs = jobs if jobs is not None else os.cpu_count() or 1
    try:
        target = plan_output(output, inputs)
        stream = ScoredStream(inputs, classifier_factory, jobs=jobs, digits=SCORE_DIGITS,
                              options=reader, chunk_records=chunk_size)
        stream.open()
    except (UsageError, OSError) as error:
        _say(f"error: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say(f"interrupted: {_whereabouts(None)}")
        return EXIT_INTERRUPTED
    summary = Summary()
    out: Output | None = None
    with stream:
        try:
            with (
                Output(target, RowFormat(include_text=include_text,
                                         several_inputs=len(stream.paths) > 1)) as out,
                _progress_bar(stream, _show_progress(progress)) as bar,
            ):
                _write(stream, out, summary, bar)
        except FormatError as error:
            _say(summary.report())
            _say(f"error: {error}; {_whereabouts(out)}")
            return EXIT_USAGE
        except OSError as error:
            _say(f"error: {error}; {_whereabouts(out)}")
            return EXIT_USAGE
        except KeyboardInterrupt:
            _say(f"interrupted: {_whereabouts(out)}")
            return EXIT_INTERRUPTED
        except BaseException:
            _say(f"failed: {_whereabouts(out)}")
            raise
    _say(summary.report())
    return EXIT_ERROR_ROWS if summary.statuses[ERROR] else EXIT_OK


def _write(stream: ScoredStream, out: Output, summary: Summary, bar: tqdm) -> None:
    row = out.format.row
    rows: list[tuple] = []
    started = time.monotonic()
    try:
        for number, (record, verdict) in enumerate(stream, 1):
            rows.append(row(number, record, verdict))
            summary.add(record, verdict)
            if len(rows) == _ROWS_PER_WRITE:
                batch, rows = rows, []  # never written twice, even if writing fails
                with _interrupts_held():
                    out.write(batch)
                _advance(bar, stream, out, started)
    finally:  # the rows before a fault or an interrupt are kept too
        with _interrupts_held():
            out.write(rows)
        _advance(bar, stream, out, started)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) off until the block is done, then raise it as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            signal.raise_signal(signal.SIGINT)


def _advance(bar: tqdm, stream: ScoredStream, out: Output, started: float) -> None:
    bar.update(sum(reader.bytes_read for reader in stream.inputs) - bar.n)
    rate = out.rows / max(time.monotonic() - started, 1e-9)
    bar.set_postfix_str(f"{out.rows:,} rows, {rate:,.0f} rows/s", refresh=False)


def _whereabouts(out: Output | None) -> str:
    """Where the rows written so far are."""
    if out is None:
        return "no rows written"
    if out.partial is None:
        return f"{out.rows:,} rows written to stdout"
    return f"{out.rows:,} rows kept in {out.partial}"


def _show_progress(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


def _say(message: str) -> None:
    print(f"scamcheck: {message}", file=sys.stderr)


def _progress_bar(stream: ScoredStream, enabled: bool) -> tqdm:
    sizes = [reader.size for reader in stream.inputs]
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
