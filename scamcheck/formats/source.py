"""An input file or stdin as a binary stream that shows its head and counts bytes read."""

from __future__ import annotations

import io
import os
import stat
import sys

__all__ = ["HEAD_SIZE", "Source"]

#: How much of an input is read ahead for encoding and format detection.
HEAD_SIZE = 256 * 1024


class Source(io.RawIOBase):
    """A readable binary stream over ``path`` (``-`` for stdin).

    ``head`` holds the first bytes (at most ``HEAD_SIZE``), read ahead and then served
    again, ``complete`` whether they are all of the input, ``size`` the total size when
    known and ``bytes_read`` how much the reader has consumed so far (for progress).
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.name = "<stdin>" if path == "-" else path
        self._file = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        self.size = _regular_file_size(self._file)
        self.head = self._read_head()
        self.complete = len(self.head) < HEAD_SIZE
        self._pending = memoryview(self.head)
        self.bytes_read = 0

    def _read_head(self) -> bytes:
        parts, wanted = [], HEAD_SIZE
        while wanted and (part := self._file.read(wanted)):
            parts.append(part)
            wanted -= len(part)
        return b"".join(parts)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._pending:
            n = min(len(buffer), len(self._pending))
            buffer[:n] = self._pending[:n]
            self._pending = self._pending[n:]
        else:
            n = self._file.readinto1(buffer) or 0
        self.bytes_read += n
        return n

    def close(self) -> None:
        if not self.closed and self.path != "-":
            self._file.close()
        super().close()


def _regular_file_size(file) -> int | None:
    try:
        info = os.fstat(file.fileno())
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
