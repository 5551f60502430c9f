"""Telling an input's format from its first bytes (and, when they are ambiguous, its name)."""

from __future__ import annotations

import json
import os

from .columns import ColumnSpec
from .delimited import sniff_delimiter
from .readers import READERS

__all__ = ["detect_format"]

_SUFFIXES = {suffix: reader.name for reader in READERS.values() for suffix in reader.suffixes}
_LINES = 10


def detect_format(head: str, *, complete: bool, name: str, columns: ColumnSpec) -> str:
    """The ``readers.READERS`` name of the format of an input starting with ``head`` (text).

    In order: markup is XML; lines that all parse as JSON objects or strings are JSON
    Lines; a header naming a known column makes CSV or TSV; then the file extension
    decides (the suffixes of ``READERS``); then consistent tabs make TSV; anything else is
    plain text.
    """
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "xml"
    lines = [line for line in text.split("\n") if line.strip()]
    if not complete:
        lines = lines[:-1]  # may be cut short
    if lines and all(_is_json_message(line) for line in lines[:_LINES]):
        return "jsonl"
    delimiter, header = sniff_delimiter(text, complete=complete, given=columns)
    if header:
        return "tsv" if delimiter == "\t" else "csv"
    by_name = _SUFFIXES.get(os.path.splitext(name)[1].lower())
    if by_name:
        return by_name
    return "tsv" if delimiter == "\t" and len(lines) > 1 else "txt"


def _is_json_message(line: str) -> bool:
    if not line.lstrip().startswith(("{", '"')):
        return False
    try:
        return isinstance(json.loads(line), dict | str)
    except ValueError:
        return False
