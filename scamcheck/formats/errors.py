"""The two ways reading an input can fail as a whole."""

from __future__ import annotations

__all__ = ["FormatError", "UsageError"]


class FormatError(ValueError):
    """The input cannot be read past this point (malformed XML); records before it are valid."""


class UsageError(ValueError):
    """The request cannot be carried out: unknown format or encoding, missing column, …"""
