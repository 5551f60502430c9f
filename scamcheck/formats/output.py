"""Writing scored rows as CSV (UTF-8 with a BOM, for spreadsheets) or JSON Lines.

The format follows the output name: ``.jsonl`` or ``.ndjson`` is JSON Lines, anything else
CSV. Without a name, CSV goes to stdout (without a BOM, which would only get in the way of
the next program in a pipe). A named output is written to ``<name>.partial`` and renamed to
``<name>`` only when everything went well, so an existing file is never half-overwritten
and the rows of an interrupted or failed run stay in the partial file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..labels import LABELS

__all__ = ["COLUMNS", "Output", "RowFormat"]

COLUMNS: tuple[str, ...] = (
    "row", "id", "sender", "time", "label", "confidence",
    *(f"p_{label}" for label in LABELS),
    "rules", "status", "error",
)  # fmt: skip
_JSONL = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class RowFormat:
    """How rows (values in ``columns`` order, ``None`` for an empty cell) become text."""

    jsonl: bool = False
    include_text: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return (*COLUMNS, "text") if self.include_text else COLUMNS

    def render(self, rows: Iterable[Sequence[Any]]) -> str:
        """The rows as CSV lines or JSON Lines (this is done in the worker processes)."""
        if self.jsonl:
            columns = self.columns
            return "".join(
                json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n"
                for row in rows
            )
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        return text.getvalue()


class Output:
    """Where rendered rows go: ``path``, or stdout when it is ``None``.

    Use it as a context manager: leaving it normally renames the partial file into place,
    leaving it by an exception (``KeyboardInterrupt`` included) keeps the partial file.
    ``rows`` counts the rows written, ``partial`` names the partial file (``None`` for
    stdout).
    """

    def __init__(self, path: str | None, *, include_text: bool = False) -> None:
        self.path = path
        jsonl = path is not None and path.lower().endswith(_JSONL)
        self.format = RowFormat(jsonl=jsonl, include_text=include_text)
        self.rows = 0
        if path is None:
            self.partial = None
            sys.stdout.flush()
            self._file = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        else:
            self.partial = f"{path}.partial"
            self._file = open(self.partial, "w", encoding="utf-8", newline="")  # noqa: SIM115
            if not jsonl:
                self._file.write("\ufeff")  # the BOM, for spreadsheets
        if not jsonl:
            self._file.write(self.format.render([self.format.columns]))

    def write(self, text: str, rows: int) -> None:
        """Write ``text``, ``rows`` rendered rows."""
        self._file.write(text)
        self.rows += rows

    def close(self, *, keep: bool) -> None:
        """Finish: with ``keep``, move the partial file into place; without, leave it."""
        if self.path is None:
            self._file.flush()
            self._file.detach()
            return
        self._file.close()
        if keep:
            os.replace(self.partial, self.path)

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.close(keep=kind is None)
