"""Scoring Spark DataFrames: the values ``scamcheck score`` writes, computed on the executors.

>>> from scamcheck.spark import score_dataframe                      # doctest: +SKIP
>>> score_dataframe(spark.read.parquet("sms/"), text="body", sender="address")

``classify_column`` is a scalar-iterator pandas UDF returning a struct of ``FIELDS``:
label, confidence, the four probabilities, the rules, status and error, each with the value
``scamcheck score`` writes for the same text, since both go through ``scoring.score_records``
and ``formats.output.verdict_fields``.
Each Python worker loads the shipped classifier once, at its first batch, and keeps it for
every later batch and task (Spark reuses its Python workers). The Hyperscan prefilters
(of the rules and of the canonical forms) cannot be pickled; each worker loads them from the
cache folder (``SCAMCHECK_CACHE``, see ``scamcheck.prefilter``), or builds and caches them
once it has scored 2,000 texts; a worker without Hyperscan searches every rule and every
text for canonical forms, with the same results.

A bad row never fails the job: a null or blank text is ``empty``; a binary text that is not
UTF-8, a text of a type that is not text (an array, a map, a struct), or a text the
classifier fails on is ``error``, with the reason in ``error``. Numbers are scored as their
digits, as in a JSON Lines input. A text longer than ``classifier.MAX_CHARS`` is judged on
its first ``MAX_CHARS`` characters.

``python -m scamcheck.spark INPUT OUTPUT`` scores a Parquet, CSV or JSON Lines input into
Parquet; see ``main``. Importing ``scamcheck`` never imports this module (nor pyspark).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Iterator, Sequence
from numbers import Number

import pandas as pd
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.functions import pandas_udf
from pyspark.sql.types import DoubleType, StringType, StructField, StructType

from .classifier import default_classifier
from .exitcodes import EXIT_ERROR_ROWS, EXIT_OK, EXIT_USAGE
from .formats.columns import ColumnSpec, find_columns
from .formats.output import SCORE_DIGITS, verdict_fields
from .formats.record import ERROR, Record, make_record
from .labels import LABELS
from .scoring import score_records
from .summary import Summary
from .verdict import Verdict

__all__ = ["FIELDS", "SCHEMA", "classify_column", "main", "score_dataframe"]

_PROBABILITIES = tuple(f"p_{label}" for label in LABELS)
FIELDS: tuple[str, ...] = ("label", "confidence", *_PROBABILITIES, "rules", "status", "error")
SCHEMA = StructType(
    [StructField(name, DoubleType() if name == "confidence" or name in _PROBABILITIES
                 else StringType())
     for name in FIELDS]
)
_UNSCORED = (None,) * (len(FIELDS) - 2)
_SCORED = "__scamcheck"


def classify_column(text: str | Column, sender: str | Column | None = None) -> Column:
    """A struct column of ``FIELDS`` for the texts in ``text``, sent by ``sender`` (each a
    column name or a ``Column``)."""
    sender = F.lit(None) if sender is None else sender
    return _score_batches(_as_column(text), _as_column(sender).cast("string"))


def score_dataframe(df: DataFrame, text: str = "text", sender: str | None = None) -> DataFrame:
    """``df`` with the ``FIELDS`` of its ``text`` (and ``sender``) column added as columns."""
    clash = [name for name in (*FIELDS, _SCORED) if name in df.columns]
    if clash:
        raise ValueError(f"df already has the columns {', '.join(clash)}")
    scored = df.select("*", classify_column(text, sender).alias(_SCORED))
    return scored.select("*", *(F.col(f"{_SCORED}.{name}").alias(name) for name in FIELDS)
                         ).drop(_SCORED)


def _as_column(column: str | Column) -> Column:
    """A column given by its exact name (dots and all) or as a ``Column``."""
    if isinstance(column, Column):
        return column
    return F.col("`{}`".format(column.replace("`", "``")))


@pandas_udf(SCHEMA)  # type: ignore[call-overload]
def _score_batches(batches: Iterator[tuple[pd.Series, pd.Series]]) -> Iterator[pd.DataFrame]:
    """The scored fields of each batch of texts and senders (a scalar-iterator pandas UDF)."""
    classifier = default_classifier()  # loaded once per worker process, kept across tasks
    for texts, senders in batches:
        yield score_batch(classifier, texts, senders)


def score_batch(classifier, texts: pd.Series | pd.DataFrame, senders: pd.Series) -> pd.DataFrame:
    """The ``FIELDS`` of one batch; a struct text column arrives as a ``pd.DataFrame``."""
    sender_list = [s if isinstance(s, str) else "" for s in senders.tolist()]
    if isinstance(texts, pd.DataFrame):
        records = [make_record(0, None, sender=s, error="the text column holds struct values")
                   for s in sender_list]
    else:
        records = [_record(t, s) for t, s in zip(texts.tolist(), sender_list, strict=True)]
    rows = [_fields(record, verdict)
            for record, verdict in score_records(classifier, records, digits=SCORE_DIGITS)]
    return pd.DataFrame(rows, columns=list(FIELDS))


def _record(text: object, sender: str) -> Record:
    """The record of a text value of any type Spark hands to pandas."""
    if isinstance(text, bytes | bytearray):
        # Bytes that are not UTF-8 become marks that make_record reports, as score does.
        text = bytes(text).decode("utf-8", "surrogateescape")
    elif isinstance(text, float) and math.isnan(text):  # null in a numeric column
        text = None
    elif isinstance(text, Number) and not isinstance(text, bool):
        text = str(text)  # as a number in a JSON Lines text field
    elif text is not None and not isinstance(text, str):
        return make_record(0, None, sender=sender,
                           error=f"the text column holds {type(text).__name__} values")
    return make_record(0, text, sender=sender)


def _fields(record: Record, verdict: Verdict | None) -> tuple:
    if verdict is None:
        return (*_UNSCORED, record.status, record.error)
    label, *scored = verdict_fields(verdict)
    return (str(label), *scored, record.status, record.error)


# The command line.

_READERS = {".parquet": "parquet", ".csv": "csv", ".tsv": "tsv", ".json": "json",
            ".jsonl": "json", ".ndjson": "json"}
_CORRUPT = "_corrupt_record"  # Spark's column for a JSON line it could not parse


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m scamcheck.spark INPUT OUTPUT``: score a table into Parquet."""
    args = _parser().parse_args(argv)
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit: a local run
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.appName("scamcheck").getOrCreate()
    try:
        df = _read(spark, args.input, args.format or _format_of(args.input))
    except Exception as error:  # Spark reports a missing or unreadable input this way
        return _usage(f"cannot read {args.input}: {str(error).splitlines()[0]}")
    found = find_columns(df.columns, ColumnSpec(text=args.text, sender=args.sender))
    if found["text"] is None:
        return _usage(f"no text column among {', '.join(df.columns)} (use --text)")
    if args.sender is not None and found["sender"] is None:
        return _usage(f"no column {args.sender!r} among {', '.join(df.columns)}")
    text = df.columns[found["text"]]
    sender = None if found["sender"] is None else df.columns[found["sender"]]
    try:
        scored = score_dataframe(df, text=text, sender=sender)
    except ValueError as error:  # the input already has a column of that name
        return _usage(str(error))
    if _CORRUPT in df.columns:
        malformed = F.col(_CORRUPT).isNotNull()
        scored = scored.withColumns({
            "status": F.when(malformed, F.lit(ERROR)).otherwise(F.col("status")),
            "error": F.when(malformed, F.lit("malformed JSON")).otherwise(F.col("error")),
        })
    scored.write.mode(args.mode).parquet(args.output)
    # The summary reads two columns of what was written back, rather than scoring twice.
    counts = {(label, status): n for label, status, n in spark.read.parquet(args.output)
              .groupBy("label", "status").count().collect()}
    print(_summary(counts), file=sys.stderr)
    errors = sum(n for (_, status), n in counts.items() if status == ERROR)
    return EXIT_ERROR_ROWS if errors else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scamcheck.spark",
        description="Score a table of messages with Spark into Parquet: the input's columns "
        f"and {', '.join(FIELDS)}, with the values `scamcheck score` gives.",
    )
    parser.add_argument("input", help="a Parquet, CSV/TSV (with a header) or JSON Lines "
                        "file or folder (a folder is Parquet unless --format says otherwise)")
    parser.add_argument("output", help="the Parquet folder to write")
    parser.add_argument("--format", choices=sorted(set(_READERS.values())),
                        help="the input's format (default: from its name)")
    parser.add_argument("--text", help="the text column (default: found by name, as score does)")
    parser.add_argument("--sender", help="the sender column (default: found by name)")
    parser.add_argument("--mode", choices=("error", "overwrite"), default="error",
                        help="what to do when OUTPUT exists (default: error)")
    return parser


def _format_of(path: str) -> str:
    suffix = os.path.splitext(path.rstrip("/"))[1].lower()
    return _READERS.get(suffix, "parquet")


def _read(spark: SparkSession, path: str, fmt: str) -> DataFrame:
    if fmt == "parquet":
        return spark.read.parquet(path)
    if fmt == "json":
        return spark.read.json(path, columnNameOfCorruptRecord=_CORRUPT)
    # Every column as text, as score reads it; quoted fields may hold line breaks.
    return spark.read.csv(path, header=True, multiLine=True, escape='"',
                          sep="\t" if fmt == "tsv" else ",")


def _summary(counts: dict[tuple[str | None, str], int]) -> str:
    summary = Summary(records=sum(counts.values()))
    for (label, status), n in counts.items():
        summary.statuses[status] += n
        if label is not None:
            summary.labels[label] += n
    return summary.report()


def _usage(message: str) -> int:
    print(f"scamcheck: error: {message}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
