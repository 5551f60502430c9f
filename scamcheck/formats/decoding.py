"""Decoding an input's bytes line by line, where one encoding does not fit every line.

An export is not always in one encoding: a file two tools appended to, or two phones'
exports joined, holds UTF-8 lines and GBK lines. Read with one codec, the lines in the
other become mojibake — real characters that mean nothing, which would be labelled. So
every input in an ASCII-compatible encoding is decoded through a codec of this module:

* when the encoding was detected, each line that is (mostly) UTF-8 is read as UTF-8, and
  every other line in the file's other encoding. In a file that looked like UTF-8, that
  is GB18030 for a line that looks like GBK Chinese, and UTF-8 for the rest (damaged
  UTF-8, whose bad bytes are then marked). In a file that is not UTF-8, a line is taken
  for UTF-8 only with a character beyond U+07FF: a GBK line that is valid UTF-8 by chance
  is so through two-byte characters;
* when it was given (``--encoding``), every line is read in it;
* either way, a line that holds no valid text in its encoding is not decoded: one whose
  bytes are UTF-8 text read in another encoding (Chinese or other text when that
  encoding has no Chinese; with Chinese, only UTF-8 beyond two-byte characters, which GBK
  bytes hardly ever pass for), or GBK Chinese read in an encoding that has no Chinese
  (latin-1, cp1252, …). Its non-ASCII bytes are marked as undecodable (see ``encoding``),
  so its record is an error with the reason, never a label.

In a UTF-8 file, a block of lines that is UTF-8 throughout is decoded in one call: UTF-8
files cost no more.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from .encoding import (
    MARK,
    SURROGATE,
    choose_encoding,
    gbk_text,
    mostly_utf8,
    shown_bytes,
    utf8_text,
)

__all__ = ["decode", "decoding_codec"]

#: A line longer than this is decoded in pieces rather than held whole.
PIECE = 1 << 20
_ASCII_TEST = "\t\n\r \"',.<>/:;{}[]09AZaz"
_UTF8 = ("utf-8", "utf-8-sig")
_CODECS: dict[str, codecs.CodecInfo] = {}


def decoding_codec(encoding: str, *, detected: bool) -> str:
    """The codec that decodes an input in ``encoding`` (a Python codec name), line by line
    where that can help: ``detected`` says it was detected rather than given."""
    if detected and encoding == "utf-8":
        return _register("gb18030", utf8="file")
    if encoding in _UTF8 or not _ascii_compatible(encoding):
        return encoding
    return _register(encoding, utf8="lines" if detected else "")


def decode(data: bytes) -> str:
    """All of ``data`` as text, decoded as ``scamcheck score`` decodes an input whose
    encoding is detected. Raises ``ValueError``, saying why, if it is not text: it holds
    undecodable bytes, or NULs (binary data)."""
    encoding = choose_encoding("auto", data, complete=True)
    text = data.decode(decoding_codec(encoding, detected=True), MARK)
    if SURROGATE.search(text):
        raise ValueError(f"undecodable bytes {shown_bytes(text)} (read as {encoding})")
    if "\x00" in text:
        raise ValueError("NUL bytes: binary data, not text")
    return text


def _ascii_compatible(encoding: str) -> bool:
    try:
        return _ASCII_TEST.encode(encoding) == _ASCII_TEST.encode("ascii")
    except (UnicodeError, LookupError):
        return False


def _register(encoding: str, *, utf8: str) -> str:
    """A codec for a file in ``encoding`` (``utf8="file"``: a UTF-8 file whose other lines
    are in ``encoding``), with UTF-8 lines (``"lines"``) or without (``""``)."""
    name = re.sub(r"[^a-z0-9]+", "_", f"scamcheck_utf_8_{utf8}_{encoding}".lower())
    if name not in _CODECS:  # the name as codecs.lookup normalises it
        try:
            "中文".encode(encoding)
            chinese = True
        except UnicodeEncodeError:
            chinese = False
        decoder = type(
            "LineDecoder", (_LineDecoder,),
            {"decode_line": staticmethod(codecs.lookup(encoding).decode), "utf8": utf8,
             "chinese": chinese,
             "wide_utf8": chinese and utf8 != "file"},
        )  # fmt: skip

        def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
            return decoder(errors).decode(data, final=True), len(data)

        _CODECS[name] = codecs.CodecInfo(
            name=name,
            encode=codecs.lookup(encoding).encode,
            decode=decode,
            incrementaldecoder=decoder,
        )
    return name


codecs.register(_CODECS.get)


class _LineDecoder(codecs.IncrementalDecoder):
    """Decodes whole lines, each as the module docstring says."""

    # The lines that are not UTF-8, in the file's encoding: a codec's own function, as
    # bytes.decode(name) looks the codec up (and builds a CJK decoder) on every call.
    decode_line: Callable[[bytes, str], tuple[str, int]]
    utf8: str  # "file": a UTF-8 file; "lines": UTF-8 lines are read as such; "": they are not
    wide_utf8: bool  # whether a UTF-8 line must have a character beyond U+07FF
    chinese: bool  # whether the encoding has Chinese characters

    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self._pending = b""

    def decode(self, data: bytes, final: bool = False) -> str:
        data = self._pending + bytes(data)
        cut = len(data) if final else data.rfind(b"\n") + 1
        if not cut and len(data) > PIECE:
            cut = _safe_cut(data)
        block, self._pending = data[:cut], data[cut:]
        if self.utf8 == "file":
            try:
                return block.decode("utf-8")
            except UnicodeDecodeError:
                pass
        elif block.isascii():
            return block.decode("ascii")
        return "".join([self._line(line) for line in block.splitlines(keepends=True)])

    def _line(self, line: bytes) -> str:
        if line.isascii():
            return line.decode("ascii")
        if self.utf8:
            if mostly_utf8(line, complete=True, wide=self.wide_utf8):
                return line.decode("utf-8", self.errors)
            if self.utf8 == "file" and not gbk_text(line):
                return line.decode("utf-8", self.errors)  # damaged UTF-8: bad bytes marked
        elif utf8_text(line, wide=self.chinese):
            return line.decode("ascii", self.errors)  # mojibake: every non-ASCII byte marked
        if not self.chinese and gbk_text(line):
            return line.decode("ascii", self.errors)
        return self.decode_line(line, self.errors)[0]

    def reset(self) -> None:
        self._pending = b""

    def getstate(self) -> tuple[bytes, int]:
        return self._pending, 0

    def setstate(self, state: tuple[bytes, int]) -> None:
        self._pending = state[0]


def _safe_cut(data: bytes) -> int:
    """Where a long line may be cut: after its last byte below 0x30, which no multi-byte
    character of UTF-8, GB18030, Big5 or Shift-JIS contains; failing that (a megabyte
    without one), before its last UTF-8 character, so that it is never held whole."""
    cut = max(data.rfind(bytes([byte])) for byte in range(0x30)) + 1
    if cut:
        return cut
    return max(i for i in range(len(data) - 4, len(data)) if not 0x80 <= data[i] < 0xC0)
