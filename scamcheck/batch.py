"""``scamcheck score``: the scored stream (``scamcheck.scoring``) written as one row per
record, with a summary on stderr.

Rows are rendered and written a batch at a time; the count of rows written moves with the
text written, so that an interrupted run reports exactly the rows its partial file holds.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from tqdm import tqdm

from .exitcodes import EXIT_ERROR_ROWS, EXIT_INTERRUPTED, EXIT_OK, EXIT_STATUS_HELP, EXIT_USAGE
from .formats import FormatError, Output, UsageError
from .formats.reader import ReaderOptions
from .formats.record import ERROR, Record
from .labels import LABELS
from .scoring import CHUNK_RECORDS, ScoredStream, Scorer
from .summary import Summary
from .verdict import Verdict

__all__ = ["EXIT_STATUS_HELP", "score"]

_DIGITS = 4  # decimals kept of probabilities
_NO_SCORE = (None,) * (len(LABELS) + 1)  # probabilities and rules of an unscored row
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
    """Score ``inputs`` (paths, ``-`` for stdin) into ``output`` (``None``: CSV on stdout).

    ``classifier_factory`` is called once, in this process, after the inputs are opened.
    ``jobs`` defaults to the number of CPUs; ``progress`` (``None``: when stderr is a
    terminal) shows a bar on stderr. Returns the exit status described in
    ``EXIT_STATUS_HELP``; messages and the summary go to stderr.
    """
    jobs = jobs if jobs is not None else os.cpu_count() or 1
    try:
        stream = ScoredStream(inputs, classifier_factory, jobs=jobs, digits=_DIGITS,
                              options=reader, chunk_records=chunk_size)
        stream.open()
    except (UsageError, OSError) as error:
        _say(f"error: {error}")
        return EXIT_USAGE
    summary = Summary()
    out: Output | None = None
    with stream:
        try:
            with (
                Output(output, include_text=include_text) as out,
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
    include_text = out.format.include_text
    rows: list[list[Any]] = []
    started = time.monotonic()
    try:
        for number, (record, verdict, _source) in enumerate(stream, 1):
            rows.append(_row(number, record, verdict, include_text))
            summary.add(record, verdict)
            if len(rows) == _ROWS_PER_WRITE:
                out.write(out.format.render(rows), len(rows))
                rows = []
                _advance(bar, stream, out, started)
    finally:  # the rows before a fault or an interrupt are kept too
        out.write(out.format.render(rows), len(rows))
        _advance(bar, stream, out, started)


def _row(number: int, record: Record, verdict: Verdict | None, text: bool) -> list[Any]:
    """The output row (values in ``COLUMNS`` order) of a record and its verdict, if any."""
    if verdict is None:
        values = [number, record.id, record.sender, record.time, None, None, *_NO_SCORE]
    else:
        values = [
            number, record.id, record.sender, record.time, verdict.label, verdict.confidence,
            *verdict.probabilities, ";".join(dict.fromkeys(verdict.rule_ids)),
        ]  # fmt: skip
    values += (record.status, record.error, record.text) if text else (record.status, record.error)
    return values


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
