"""The labelled corpus file (``data/corpus.csv``) and the near-duplicate measure of its split."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .exitcodes import CommandError
from .labels import Label

__all__ = [
    "FIELDS",
    "STYLES",
    "Example",
    "near_duplicates",
    "read_corpus",
    "read_corpus_for_command",
    "shingles",
    "write_corpus",
]

FIELDS = ("id", "text", "label", "source", "template", "split", "style")

#: The dress a message is written in (``data/README.md`` describes each); the test split is
#: reported per style. ``standard`` is plain written Chinese, and every row of a corpus file
#: without a ``style`` column.
STYLES = ("standard", "terse", "spoken", "traditional", "english", "pinyin", "long",
          "lookalike", "fraud")


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    label: Label
    source: str  # handwritten | generated
    template: str  # template id or hand-written batch id
    split: str  # train | test
    style: str = "standard"  # one of STYLES

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "text": self.text, "label": str(self.label),
                "source": self.source, "template": self.template, "split": self.split,
                "style": self.style}


def read_corpus(path: str | Path) -> list[Example]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"text", "label"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        return [
            Example(
                id=row.get("id") or str(i),
                text=row["text"],
                label=Label(row["label"]),
                source=row.get("source") or "",
                template=row.get("template") or "",
                split=row.get("split") or "test",
                style=row.get("style") or "standard",
            )
            for i, row in enumerate(reader, 1)
        ]


def read_corpus_for_command(path: str | Path) -> list[Example]:
    """:func:`read_corpus`, with what stops it said in one line (``CommandError``)."""
    try:
        return read_corpus(path)
    except FileNotFoundError:
        raise CommandError(
            f"{path} not found: run this in a checkout of the scamcheck repository (it"
            " has data/corpus.csv), or name a corpus file"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError, csv.Error) as error:
        raise CommandError(f"{path}: not a usable corpus file: {error}") from None


def write_corpus(path: str | Path, examples: Iterable[Example]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(FIELDS)
        for e in examples:
            row = e.to_dict()
            writer.writerow([row[f] for f in FIELDS])


def shingles(text: str, n: int = 5) -> frozenset[str]:
    """Character n-grams of ``text`` with white space removed (the text itself if shorter)."""
    s = "".join(text.split())
    if len(s) <= n:
        return frozenset([s])
    return frozenset(s[i : i + n] for i in range(len(s) - n + 1))


def near_duplicates(
    queries: Sequence[str], pool: Sequence[str], threshold: float = 0.8, n: int = 5
) -> list[tuple[int, int, float]]:
    """``(query index, pool index, Jaccard)`` for every pair at or above ``threshold``.

    An inverted index over the pool's shingles counts shared shingles, so only pairs that
    share any shingle are compared.
    """
    pool_sets = [shingles(t, n) for t in pool]
    index: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(pool_sets):
        for g in s:
            index[g].append(j)
    found = []
    for i, text in enumerate(queries):
        q = shingles(text, n)
        shared: dict[int, int] = defaultdict(int)
        for g in q:
            for j in index.get(g, ()):
                shared[j] += 1
        for j, k in shared.items():
            jac = k / (len(q) + len(pool_sets[j]) - k)
            if jac >= threshold:
                found.append((i, j, jac))
    return found
