"""``scamcheck report``: scored inputs in, the HTML evidence report (and its JSON facts) out.

The scoring itself is handed in (``scored``: a path to its ``(Record, Result | None)``
pairs), so that this module neither loads a model nor knows how records are scored.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from ..exitcodes import EXIT_ERROR_ROWS, EXIT_OK, EXIT_USAGE
from ..formats import Record, UsageError
from ..result import Result
from .facts import Facts, Gatherer, Scope
from .provenance import describe_input, generated_at, tool
from .render import render_html, render_json

__all__ = ["Scored", "build_report"]

#: A function giving the scored records of one input path, in order.
Scored = Callable[[str], Iterable[tuple[Record, Result | None]]]


def build_report(
    inputs: Sequence[str],
    *,
    scored: Scored,
    html: str,
    json: str | None = None,
    scope: Scope | None = None,
    model: str | None = None,
    rules_sha256: str,
    reader: dict[str, str | None] | None = None,
) -> int:
    """Write the report of ``inputs`` to ``html`` (and its facts to ``json``); an exit status.

    ``model`` and ``rules_sha256`` name what judged the messages, for the provenance.
    ``reader`` holds the reader options (``format``, ``encoding``, ``*_column``) that
    ``scored`` reads with, so that each input's format is described as it was read.

    0: written; 1: written, but some records could not be read (they are counted in the
    report, and a malformed file is named with where it breaks); 2: bad usage or an
    unreadable input, nothing written.
    """
    scope = scope or Scope()
    try:
        _check_paths(inputs, [html, json] if json else [html])
        files = [describe_input(path, **(reader or {})) for path in inputs]
        generated = generated_at(ZoneInfo(scope.timezone))
    except (UsageError, OSError) as error:
        _say(f"error: {error}")
        return EXIT_USAGE
    gatherer = Gatherer(scope, tool(rules_sha256, model), generated)
    for path, file in zip(inputs, files, strict=True):
        gatherer.read(file, scored(path))
    facts = gatherer.facts()
    try:
        _write(html, render_html(facts))
        if json:
            _write(json, render_json(facts))
    except OSError as error:
        _say(f"error: {error}")
        return EXIT_USAGE
    _say(_summary(facts, html))
    unread = any(item.errors or item.fault for item in facts.inputs)
    return EXIT_ERROR_ROWS if unread else EXIT_OK


def _check_paths(inputs: Sequence[str], outputs: Sequence[str]) -> None:
    if not inputs:
        raise UsageError("no input given")
    if "-" in inputs:
        raise UsageError("the report names and hashes each input file: give a path, not -")
    for output in outputs:
        target = Path(output)
        if target.is_dir():
            raise UsageError(f"{output} is a folder")
        for path in inputs:
            if target.exists() and os.path.samefile(target, path):
                raise UsageError(f"{output} is an input; choose another output file")


def _write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it, so that a reader never
    sees half a report and an interrupted run leaves the old one as it was."""
    folder = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="\n", dir=folder, prefix=".report-", delete=False
    ) as fh:
        try:
            fh.write(text)
        except BaseException:
            os.unlink(fh.name)
            raise
    os.replace(fh.name, path)


def _summary(facts: Facts, html: str) -> str:
    totals = facts.totals
    left_out = sum(totals.left_out.values())
    return (
        f"{totals.messages:,} messages from {len(facts.senders):,} debt-related numbers "
        f"({totals.unlawful:,} unlawful collection, {totals.scams:,} likely scams, "
        f"{totals.night_collection:,} collection messages at night); "
        f"{left_out:,} records left out; report written to {html}"
    )


def _say(message: str) -> None:
    print(f"scamcheck: {message}", file=sys.stderr)
