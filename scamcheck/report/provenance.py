"""Where the evidence came from: the input files (hash, format) and the scamcheck that judged."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from .. import __version__
from ..formats import Input, ReaderOptions, UsageError
from ..model import METADATA_NAME, default_model_dir

__all__ = ["InputFile", "Tool", "describe_input", "generated_at", "open_input", "tool"]


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input as read: the path given (as text: bytes a file name holds that are not
    UTF-8 become U+FFFD), its format and encoding, and its SHA-256."""

    path: str
    format: str
    encoding: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Tool:
    """The scamcheck that judged the messages: its version and the hashes of its rules and model."""

    version: str
    rules_sha256: str
    model_sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "rules_sha256": self.rules_sha256,
            "model_sha256": self.model_sha256,
        }


def open_input(path: str, **reader_options: str | None) -> Input:
    """``path`` opened with ``reader_options`` as ``scamcheck score`` takes them (``format``,
    ``encoding``, ``*_column``: the fields of ``ReaderOptions``)."""
    return Input(path, ReaderOptions(**reader_options))


def describe_input(path: str, **reader_options: str | None) -> InputFile:
    """Hash ``path`` and find its format and encoding as the readers will with
    ``reader_options`` (see ``open_input``); ``UsageError`` or ``OSError`` when it cannot be
    read."""
    with open_input(path, **reader_options) as found:
        chosen_format, chosen_encoding = found.format, found.encoding
    with open(path, "rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return InputFile(shown, chosen_format, chosen_encoding, digest)


def tool(rules_sha256: str, model: str | Path | None = None) -> Tool:
    """The running scamcheck with rules of ``rules_sha256`` (as loading them computed it) and
    ``model`` (``None``: the shipped one).

    The model's hash is the one its metadata records, which loading it has checked against
    the bundle.
    """
    metadata = Path(model) if model is not None else default_model_dir()
    recorded = json.loads((metadata / METADATA_NAME).read_text("utf-8"))["model_sha256"]
    return Tool(__version__, rules_sha256, recorded)


def generated_at(zone: tzinfo) -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that the same input gives the same bytes
    (``UsageError`` when it is not a number of seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.now(zone).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), zone)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a time in seconds") from None
