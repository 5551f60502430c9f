"""Which rules can match which messages, for all rule patterns at once (Hyperscan).

Searching ~100 patterns one after another costs ~100 passes over each message; Hyperscan
compiles them into one automaton that finds, in one pass, every pattern that matches.
It runs in *prefilter* mode: it may report a pattern that does not match (it relaxes what
it cannot run, such as look-arounds), never miss one that does. The engine then searches
only the reported rules with Python's ``re``, which decides and gives the span, so the
results are exactly those of searching every rule (``tests/test_rules.py`` checks it on the
corpus and the real data sets).

Bounded repeats (``.{0,20}``) are widened to unbounded ones before compiling, which keeps
the answer a superset and cuts compilation from seconds to about one: UTF-8 multiplies the
states a bounded repeat of any character needs. Compiled databases are kept in a cache
folder (``SCAMCHECK_CACHE``, else ``$XDG_CACHE_HOME/scamcheck``, else ``~/.cache/scamcheck``)
under the hash of their patterns and Hyperscan's version, so a process loads rather than
compiles them; a cache that cannot be read or written is skipped. Loading a database marks
it used; building one deletes those unused for ``CACHE_DAYS`` days (left by earlier rule
files or Hyperscan versions), so the folder does not grow with every upgrade.

A pattern Hyperscan cannot compile even in prefilter mode is left out and searched in
every message instead; so is one written with syntax that Python's ``re`` and Hyperscan
(PCRE) read differently, and every pattern when Hyperscan is not installed.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from .joined import Joined

__all__ = ["BUILD_AFTER", "CACHE_DAYS", "Prefilter", "WhenRepaid", "widen_repeats"]

CACHE_DAYS = 30
#: A prefilter is loaded from its cache at its first use, and built when there is none once
#: this many texts have been seen (see :class:`WhenRepaid`): building takes about a second,
#: which a small file or a one-off ``scamcheck check`` would not repay.
BUILD_AFTER = 2_000

# An escape, a character class (where braces are literal) or a bounded repeat {m,n}.
_REPEAT_SYNTAX = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\{(\d*),\d+\}", re.DOTALL)


# Python-only escapes (\uXXXX, \UXXXXXXXX, \N{…}) and what PCRE would read as a POSIX class.
_NOT_PCRE = re.compile(r"\\[uUN]|\[:[a-z]+:\]")


def widen_repeats(pattern: str) -> str:
    """``pattern`` with every bounded repeat ``{m,n}`` made unbounded (``{m,}``)."""
    return _REPEAT_SYNTAX.sub(
        lambda m: m.group() if m.group(1) is None else "{%s,}" % (m.group(1) or "0"), pattern
    )


def _cache_dir() -> Path:
    if explicit := os.environ.get("SCAMCHECK_CACHE"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "scamcheck"


class Prefilter:
    """Candidate ``(message, pattern)`` pairs for a fixed list of patterns; see :meth:`load`.

    ``unfiltered`` are the positions of patterns to search in every message.
    """

    def __init__(self, count: int, database, unfiltered: list[int], hyperscan) -> None:
        self._count = count
        self._db = database
        self.unfiltered = unfiltered
        self._hs = hyperscan
        self._local = threading.local()  # Hyperscan's scratch space is per thread

    @classmethod
    def load(cls, patterns: Sequence[str], *, build: bool = True,
             per_text: bool = True) -> Prefilter | None:
        """The prefilter of ``patterns`` (their text), from the cache if it is there;
        otherwise built (about a second for the shipped rules) and cached when ``build``,
        else ``None``. ``per_text``: for :meth:`candidates` (each pattern reported once per
        text), else for :meth:`texts_matched` (every match in a batch reported)."""
        try:
            import hyperscan as hs
        except ImportError:  # not installed (no wheel for Linux ARM)
            return cls(len(patterns), None, list(range(len(patterns))), None)
        sources = [widen_repeats(p) for p in patterns]
        flags = _flags(hs, per_text)
        key = hashlib.sha256(
            "\0".join([hs.__version__, str(flags), _NOT_PCRE.pattern, *sources]).encode()
        ).hexdigest()
        path = _cache_dir() / f"rules-{key[:32]}.hsdb"
        try:
            header, _, blob = path.read_bytes().partition(b"\n")
            unfiltered = json.loads(header)
            loaded = cls(len(patterns), hs.loadb(blob, hs.HS_MODE_BLOCK) if blob else None,
                         unfiltered, hs)
            with suppress(OSError):
                os.utime(path)  # used: see _prune
            return loaded
        except (OSError, ValueError, hs.error):
            if not build:
                return None
        db, unfiltered = _build(hs, sources, flags)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
            partial.write_bytes(json.dumps(unfiltered).encode() + b"\n"
                                + (hs.dumpb(db) if db is not None else b""))
            os.replace(partial, path)
            _prune(path)
        except OSError:
            pass
        return cls(len(patterns), db, unfiltered, hs)

    def texts_matched(self, batch: Joined) -> list[int] | None:
        """The texts of ``batch`` (ascending) in which any pattern may match, with one scan
        of the joined batch (one call for the batch rather than one per text, the cheaper
        way when few texts match); ``None`` when that cannot be told (no database, a lone
        surrogate): then every text may. Unfiltered patterns are left out. Needs a
        prefilter loaded with ``per_text=False``: with each pattern reported once per scan,
        only the first text it matched would be named."""
        if self._db is None:
            return None
        try:
            data = batch.text.encode()
        except UnicodeEncodeError:  # a lone surrogate: Hyperscan needs valid UTF-8
            return None
        ends: list[int] = []
        self._db.scan(data, match_event_handler=lambda _p, _s, end, _f, _c: ends.append(end),
                      scratch=self._scratch())
        if not ends:
            return []
        # The separator is one byte in UTF-8: the text a match ends in is the number of
        # separators before its last byte.
        separators = [m.start() for m in re.finditer(re.escape(batch.separator.encode()), data)]
        return sorted({bisect.bisect_left(separators, end - 1) for end in ends})

    def _scratch(self):
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._hs.Scratch(self._db)
        return scratch

    def candidates(self, texts: Sequence[str]) -> dict[int, list[int]]:
        """The patterns that may match, each with the messages (ascending) where it may;
        unfiltered patterns are left out."""
        found: defaultdict[int, list[int]] = defaultdict(list)
        if self._db is None:
            return found
        scratch = self._scratch()
        scan = self._db.scan

        def on_match(pattern: int, _start: int, _end: int, _flags: int, message: int) -> None:
            found[pattern].append(message)

        for i, text in enumerate(texts):
            try:
                data = text.encode()
            except UnicodeEncodeError:  # a lone surrogate: Hyperscan needs valid UTF-8
                for k in range(self._count):
                    if k not in self.unfiltered:
                        found[k].append(i)
                continue
            scan(data, match_event_handler=on_match, context=i, scratch=scratch)
        return found


class WhenRepaid:
    """The prefilter of some patterns, once it repays: loaded from the cache at the first
    use, else built once ``BUILD_AFTER`` texts have been seen (``None`` until then).

    ``patterns`` gives the patterns when they are first needed; ``per_text`` is passed to
    :meth:`Prefilter.load`.
    """

    def __init__(self, patterns: Callable[[], Sequence[str]], *, per_text: bool = True) -> None:
        self._patterns = patterns
        self._per_text = per_text
        self.prefilter: Prefilter | None = None
        self._texts_seen = 0

    def __call__(self, n: int) -> Prefilter | None:
        """The prefilter, for a batch of ``n`` texts."""
        seen_before, self._texts_seen = self._texts_seen, self._texts_seen + n
        if self.prefilter is None:
            build = self._texts_seen >= BUILD_AFTER
            if build or seen_before == 0:  # look in the cache once, then build at the mark
                self.prefilter = Prefilter.load(self._patterns(), build=build,
                                                per_text=self._per_text)
        return self.prefilter


def _prune(kept: Path) -> None:
    """Delete the cached databases beside ``kept`` that no process has used lately."""
    too_old = time.time() - CACHE_DAYS * 86_400
    for path in kept.parent.glob("rules-*.hsdb"):
        with suppress(OSError):
            if path != kept and path.stat().st_mtime < too_old:
                path.unlink()


def _compile(hs, sources: Sequence[str], ids: Sequence[int], flags: int):
    db = hs.Database(mode=hs.HS_MODE_BLOCK)
    db.compile(expressions=[s.encode() for s in sources], ids=list(ids),
               elements=len(sources), flags=flags)
    return db


def _build(hs, sources: Sequence[str], flags: int):
    """The database of every pattern Hyperscan accepts, and the positions of the rest."""
    unfiltered = [k for k, source in enumerate(sources) if _NOT_PCRE.search(source)]
    if not unfiltered:
        try:
            return _compile(hs, sources, range(len(sources)), flags), []
        except hs.error:
            pass
    for k, source in enumerate(sources):
        try:
            if k not in unfiltered:
                _compile(hs, [source], [k], flags)
        except hs.error:
            unfiltered.append(k)
    unfiltered.sort()
    ids = [k for k in range(len(sources)) if k not in unfiltered]
    return (_compile(hs, [sources[k] for k in ids], ids, flags) if ids else None), unfiltered


def _flags(hs, per_text: bool = True) -> int:
    return (hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP | hs.HS_FLAG_MULTILINE
            | (hs.HS_FLAG_SINGLEMATCH if per_text else 0)
            | hs.HS_FLAG_PREFILTER | hs.HS_FLAG_ALLOWEMPTY)
