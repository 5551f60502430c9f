"""The streaming API every front end shares: the records of exported files, in input order,
each with its verdict.

>>> import scamcheck
>>> for record, verdict in scamcheck.iter_scored(["examples/sms-backup.xml"]):  # doctest: +SKIP
...     print(record.source, record.row, record.sender, verdict and verdict.label)

The records of every input are read in this process (see ``scamcheck.formats``) and cut
into chunks of at most ``CHUNK_RECORDS`` records and ``CHUNK_CHARS`` characters of text, so
that memory stays bounded however many or however long the messages are. A chunk's ``ok``
records are classified together, in this process or, with ``jobs > 1``, in worker
processes (``scamcheck.workers``), and yielded in input order whatever the number of jobs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .formats import OK, FormatError, Input, Record, UsageError
from .formats.reader import ReaderOptions
from .formats.record import ERROR
from .verdict import Verdict
from .workers import ordered_map

if TYPE_CHECKING:
    from .classifier import Classifier
    from .result import Result

__all__ = ["CHUNK_CHARS", "CHUNK_RECORDS", "Scored", "ScoredStream", "iter_scored",
           "score_records"]

CHUNK_RECORDS = 2000
#: Characters of text in a chunk: 40 of the longest messages a classifier reads in full
#: (``classifier.MAX_CHARS``), a few hundred kilobytes of typical ones.
CHUNK_CHARS = 2_000_000
_new_tuple = tuple.__new__


class Scorer(Protocol):
    """What scoring needs of a classifier (``scamcheck.Classifier`` is one)."""

    def verdicts(
        self, texts: list[str], senders: list[str | None] | None, digits: int | None
    ) -> list[Verdict]: ...

    def classify_many(self, texts: list[str], senders: list[str | None] | None) -> list: ...


class Scored(NamedTuple):
    """One input record and what was decided about it.

    ``verdict`` is a :class:`~scamcheck.Verdict` (with ``explain=True`` the full
    :class:`~scamcheck.Result`) for a record whose ``status`` is ``ok``, and ``None`` for an
    ``empty`` or ``error`` record (``record.error`` says why; a message the classifier failed
    on becomes an ``error`` record). ``record.source`` names the input the record came from
    (``<stdin>`` for ``-``); ``record.row`` is its number within that input.
    """

    record: Record
    verdict: Verdict | Result | None


def iter_scored(
    inputs: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    classifier: Classifier | None = None,
    jobs: int = 1,
    explain: bool = False,
    digits: int | None = None,
    **reader_options,
) -> ScoredStream:
    """Score exported message files: one :class:`Scored` per input record, in input order.

    ``inputs`` is a path or several (``-`` for stdin); ``classifier`` defaults to the shipped
    model; ``jobs > 1`` classifies in that many worker processes, with the same items in the
    same order. ``digits`` rounds the verdicts' probabilities. ``reader_options`` are the
    fields of :class:`~scamcheck.formats.reader.ReaderOptions`: ``format``, ``encoding``,
    ``text_column``, ``sender_column``, ``time_column``, ``id_column``.

    Inputs are opened on the first ``next()``: a missing file raises ``OSError`` and a bad
    option ``UsageError`` then, before any item; a malformed XML file raises ``FormatError``
    after its last good record. Use the stream as a context manager (or exhaust it) to
    close the inputs and stop the workers.
    """
    options = ReaderOptions(**reader_options)
    load = (lambda: classifier) if classifier is not None else _default_classifier
    return ScoredStream(inputs, load, jobs=jobs, explain=explain, digits=digits, options=options)


def _default_classifier() -> Classifier:
    from .classifier import default_classifier

    return default_classifier()


class ScoredStream(Iterator[Scored]):
    """The iterator :func:`iter_scored` returns; also a context manager that closes it.

    ``load`` gives the classifier; it is called once, after the inputs are opened.
    ``inputs`` lists the opened inputs (for progress: their ``bytes_read`` and ``size``).
    """

    def __init__(
        self,
        paths: str | os.PathLike | Iterable[str | os.PathLike],
        load: Callable[[], Scorer],
        *,
        jobs: int = 1,
        explain: bool = False,
        digits: int | None = None,
        options: ReaderOptions | None = None,
        chunk_records: int = CHUNK_RECORDS,
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        if isinstance(paths, str | os.PathLike):
            paths = [paths]
        self.paths = [os.fspath(path) for path in paths]
        if not self.paths:
            raise UsageError("no input given")
        if self.paths.count("-") > 1:
            raise UsageError("stdin (-) can be read only once")
        if jobs < 1 or chunk_records < 1 or chunk_chars < 1:
            raise UsageError("--jobs and the chunk size must be at least 1")
        self._load = load
        self._jobs = jobs
        self._decide = partial(_decide, explain=explain, digits=digits)
        self._options = options or ReaderOptions()
        self._chunk_records = chunk_records
        self._chunk_chars = chunk_chars
        self.inputs: list[Input] = []
        self._items: Iterator[Scored] | None = None
        self._fault: FormatError | None = None

    def open(self) -> ScoredStream:
        """Open the inputs and load the classifier now, if not done yet (``OSError``,
        ``UsageError``, or whatever loading the classifier raises)."""
        if self._items is None:
            try:
                for path in self.paths:
                    self.inputs.append(Input(path, self._options))
                classifier = self._load()
            except BaseException:
                self.close()
                raise
            self._items = self._scored(classifier)
        return self

    def __iter__(self) -> Iterator[Scored]:
        # A for loop takes the items straight from the generator, not through __next__.
        return self.open()._items

    def __next__(self) -> Scored:
        return next(self.open()._items)

    def close(self) -> None:
        """Stop the workers, if any, and close the inputs."""
        if self._items is not None:
            self._items.close()
        for reader in self.inputs:
            reader.close()

    def __enter__(self) -> ScoredStream:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _scored(self, classifier: Scorer) -> Iterator[Scored]:
        decide = partial(self._decide, classifier)
        for chunk, outcomes in ordered_map(decide, self._chunks(), self._jobs):
            yield from _paired(chunk, outcomes)
        if self._fault is not None:
            raise self._fault

    def _chunks(self) -> Iterator[tuple[list[Record], tuple[list, list | None]]]:
        """``(records, (texts, senders))`` per chunk: the records, named after their input,
        stay in this process; the texts and senders of the ``ok`` ones go to be classified.
        A fault ends the chunks; it is raised once the records before it are yielded."""
        for reader in self.inputs:
            name = reader.name
            chunk: list[Record] = []
            chars = 0
            try:
                for record in reader:
                    # source is Record's last field: this is _replace(source=name) without
                    # its keyword handling, for every record, in the process that reads all.
                    chunk.append(_new_tuple(Record, (*record[:-1], name)))
                    if record.status == OK:
                        chars += len(record.text)
                    if len(chunk) == self._chunk_records or chars >= self._chunk_chars:
                        yield chunk, _to_classify(chunk)
                        chunk, chars = [], 0
            except FormatError as error:
                self._fault = FormatError(f"{reader.name}: {error}")
                if chunk:
                    yield chunk, _to_classify(chunk)
                return
            if chunk:
                yield chunk, _to_classify(chunk)


def score_records(
    classifier: Scorer, records: Sequence[Record], *, explain: bool = False,
    digits: int | None = None,
) -> list[Scored]:
    """The stream's items for records already read (a Spark batch, say): each record with
    its verdict, or ``None``; a record the classifier fails on becomes an error record."""
    records = list(records)
    outcomes = _decide(classifier, _to_classify(records), explain=explain, digits=digits)
    return list(_paired(records, outcomes))


def _paired(records: Sequence[Record], outcomes: Sequence) -> Iterator[Scored]:
    """Each record with its outcome: the ``ok`` records take the outcomes in order."""
    decided = iter(outcomes)
    for record in records:
        if record.status != OK:
            yield Scored(record, None)
            continue
        outcome = next(decided)
        if isinstance(outcome, str):  # the classifier failed on this message
            yield Scored(record._replace(status=ERROR, error=outcome), None)
        else:
            yield Scored(record, outcome)


def _to_classify(chunk: list[Record]) -> tuple[list[str], list[str | None] | None]:
    ok = [record for record in chunk if record.status == OK]
    senders = [record.sender or None for record in ok]
    return [record.text for record in ok], senders if any(senders) else None


def _decide(
    classifier: Scorer,
    task: tuple[list[str], list[str | None] | None],
    *,
    explain: bool,
    digits: int | None,
) -> list[Verdict | Result | str]:
    """A verdict (or result) per text, or where the classifier failed, why: if a batch
    fails, its texts are tried one by one, so that only the culprit fails."""
    texts, senders = task
    if not texts:
        return []
    try:
        if explain:
            return classifier.classify_many(texts, senders)
        return classifier.verdicts(texts, senders, digits=digits)
    except Exception as error:
        if len(texts) == 1:
            return [f"classifier failed: {type(error).__name__}: {error}"]
        return [
            outcome
            for i in range(len(texts))
            for outcome in _decide(
                classifier, (texts[i : i + 1], senders and senders[i : i + 1]),
                explain=explain, digits=digits,
            )
        ]  # fmt: skip
