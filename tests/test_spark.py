"""The Spark entry point gives the rows ``scamcheck score`` gives, in local[2] mode.

Deselect locally with ``-m "not spark"``; CI always runs these (and fails without pyspark).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scamcheck.batch import score
from scamcheck.classifier import MAX_CHARS, Classifier, classify_many
from scamcheck.corpus import read_corpus
from scamcheck.labels import LABELS

from .conftest import ROOT, SHARED

if os.environ.get("CI"):
    import pyspark  # noqa: F401  (CI installs the extra: without pyspark it fails, not skips)
pytest.importorskip("pyspark")

import pandas as pd
from pyspark.sql import Row, SparkSession
from pyspark.sql import functions as F

from scamcheck.spark import FIELDS, classify_column, main, score_batch, score_dataframe

pytestmark = pytest.mark.spark

SENDERS = ["95188", "13800138000", "", None, "106575", "+86 139-1234-5678"]


@pytest.fixture(scope="session")
def spark():
    # Workers run this interpreter (and inherit SCAMCHECK_CACHE, see conftest).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("scamcheck-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")  # fast to and from pandas
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _messages() -> list[tuple[str | None, str | None]]:
    """(text, sender): the test split and the real data sets, with null, empty and blank
    texts among them."""
    texts: list[str | None] = [
        e.text for e in read_corpus(ROOT / "data" / "corpus.csv") if e.split == "test"]
    for f in sorted(SHARED.rglob("*.t*")) if SHARED.is_dir() else ():
        texts += [line.split("\t", 1)[-1] for line in f.read_text("utf-8").splitlines()]
    for at, odd in enumerate([None, "", "   ", None, "\u200b", "\n"]):
        texts.insert(at * 997, odd)
    return [(text, SENDERS[i % len(SENDERS)]) for i, text in enumerate(texts)]


def _score_rows(tmp_path: Path, messages) -> list[dict]:
    """What ``scamcheck score`` writes for the messages given as JSON Lines."""
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps({"text": t, "sender": s}, ensure_ascii=False) + "\n"
                              for t, s in messages), "utf-8")
    score([str(source)], str(out), classifier_factory=Classifier.load, jobs=1, progress=False)
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def test_same_rows_as_score_and_classify_many(spark, tmp_path) -> None:
    messages = _messages()
    df = spark.createDataFrame(pd.DataFrame(
        {"i": range(len(messages)), "text": [t for t, _ in messages],
         "sender": [s for _, s in messages]}))
    scored = score_dataframe(df, sender="sender").orderBy("i").toPandas()
    got = scored.astype(object).where(scored.notna(), None).to_dict("records")
    assert [row["i"] for row in got] == list(range(len(messages)))
    expected = _score_rows(tmp_path, messages)
    assert [{f: row[f] for f in FIELDS} for row in got] == [
        {f: row[f] for f in FIELDS} for row in expected]
    assert {row["status"] for row in got} == {"ok", "empty"}
    ok = [(t, s) for (t, s), row in zip(messages, got, strict=True) if row["status"] == "ok"]
    results = classify_many([t for t, _ in ok], [s or None for _, s in ok])
    assert [row["label"] for row in got if row["status"] == "ok"] == [
        str(r.label) for r in results]


def test_bad_rows_get_a_status_never_a_failed_job(spark) -> None:
    huge = "【支付宝】您的花呗已逾期15天，请登录支付宝App还款。" * (2 * MAX_CHARS // 25)
    df = spark.createDataFrame(
        [(b"\xff\xfe\xe5\x80", [1], 7, huge), (None, None, None, None),
         ("老赖还钱".encode(), [2], 123, "")],
        "raw binary, arr array<int>, n long, big string")
    # One UDF a query and one partition: an idle worker that has loaded the classifier
    # takes it (five UDFs in one query would start five workers per task).
    columns = {"raw": "raw", "arr": "arr", "n": "n", "st": F.struct("n", "big"), "big": "big"}
    by_column = {name: [row.v for row in df.coalesce(1).select(
        classify_column(column).alias("v")).collect()] for name, column in columns.items()}
    rows = [Row(**{name: by_column[name][i] for name in columns}) for i in range(3)]
    statuses = [[(row[c].status, row[c].error) for c in row.__fields__] for row in rows]
    assert statuses[0][:2] == [("error", "undecodable bytes \\xff\\xfe\\xe5\\x80 "
                                         "(wrong --encoding?)"),
                               ("error", "the text column holds ndarray values")]
    assert statuses[0][2:] == [("ok", ""), ("error", "the text column holds struct values"),
                               ("ok", "")]
    empty = ("empty", "empty message")
    assert statuses[1] == [empty] * 3 + [statuses[0][3], empty]
    assert rows[2].raw.label == str(classify_many(["老赖还钱"])[0].label)
    assert rows[0].big.label == str(classify_many([huge])[0].label)
    assert rows[0].raw.label is None and rows[0].raw.confidence is None


def test_score_batch_without_spark(fake_classifier) -> None:
    class Failing:
        def verdicts(self, texts, senders=None, digits=None):
            if any("💥" in t for t in texts):
                raise RuntimeError("boom")
            return fake_classifier.verdicts(texts, senders, digits)

    texts = pd.Series(["请转账", "💥", None, float("nan"), 5.0, True, " "], dtype=object)
    out = score_batch(Failing(), texts, pd.Series([None, "x", None, None, None, None, "y"]))
    assert list(out.columns) == list(FIELDS)
    assert out["status"].tolist() == ["ok", "error", "empty", "empty", "ok", "error", "empty"]
    assert out["error"][1] == "classifier failed: RuntimeError: boom"
    assert out["error"][5] == "the text column holds bool values"
    assert out["label"][0] in LABELS and out["label"][1:4].isna().all()


_ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=40)  # lone surrogates too
_VALUES = st.one_of(st.none(), _ANY_TEXT, st.binary(max_size=20), st.integers(), st.floats(),
                    st.booleans(), st.lists(st.integers(), max_size=2))


@given(st.lists(st.tuples(_VALUES, st.one_of(st.none(), st.text(max_size=12))), max_size=30))
@settings(max_examples=60, deadline=None)
def test_score_batch_never_crashes_never_loses_a_row(fake_classifier, rows) -> None:
    texts = pd.Series([t for t, _ in rows], dtype=object)
    out = score_batch(fake_classifier, texts, pd.Series([s for _, s in rows], dtype=object))
    assert len(out) == len(rows)
    assert set(out["status"]) <= {"ok", "empty", "error"}
    assert out["label"].isna().tolist() == (out["status"] != "ok").tolist()


def test_score_dataframe_keeps_the_columns_and_refuses_a_clash(spark) -> None:
    df = spark.createDataFrame([("a", "你好", "95188")], "id string, text string, `a.b` string")
    scored = score_dataframe(df, sender="a.b")  # a name with a dot is a name
    assert scored.columns == ["id", "text", "a.b", *FIELDS]
    verdict = Classifier.load().verdicts(["你好"], ["95188"])[0]
    assert scored.first().rules == ";".join(verdict.rule_ids)
    with pytest.raises(ValueError, match="label"):
        score_dataframe(df.withColumn("label", F.lit(1)))


def test_each_worker_loads_the_classifier_once_and_keeps_it(spark) -> None:
    df = spark.range(0, 4000, numPartitions=8).select(F.lit("逾期").alias("text"))
    assert score_dataframe(df).filter("status = 'ok'").count() == 4000

    def loaded(_):
        from scamcheck import classifier

        yield os.getpid(), id(classifier._default)

    seen = spark.sparkContext.parallelize(range(8), 8).mapPartitions(loaded).collect()
    assert 0 not in {i for _, i in seen} and id(None) not in {i for _, i in seen}
    assert len(set(seen)) == len({pid for pid, _ in seen})  # one classifier per worker


def test_command_line_reads_csv_json_and_parquet(spark, tmp_path, capsys) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text('号码,短信内容\n95188,"【支付宝】花呗已逾期，\n请登录App还款。"\n,\n', "utf-8")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"body": "你好", "from": "1"}\n{oops\n{"body": null}\n', "utf-8")
    for source, rows in ((csv, 2), (jsonl, 3)):
        out = tmp_path / f"{source.name}.parquet"
        assert main([str(source), str(out)]) == (1 if source == jsonl else 0)
        table = spark.read.parquet(str(out))
        assert table.count() == rows and set(FIELDS) <= set(table.columns)
    statuses = [r.status for r in spark.read.parquet(str(tmp_path / "in.jsonl.parquet"))
                .select("status").collect()]
    assert sorted(statuses) == ["empty", "error", "ok"]
    assert "2 records read" in capsys.readouterr().err
    parquet = tmp_path / "in.csv.parquet"
    assert main([str(parquet), str(tmp_path / "again")]) == 2  # already has the columns
    assert main([str(jsonl), str(tmp_path / "x"), "--text", "nope"]) == 2
    assert main([str(tmp_path / "missing.csv"), str(tmp_path / "y")]) == 2


def test_import_scamcheck_does_not_import_pyspark() -> None:
    code = ("import sys, scamcheck; scamcheck.classify('你好'); import scamcheck.batch; "
            "assert not [m for m in sys.modules if m.startswith(('pyspark', 'pandas'))]")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_worker_without_hyperscan_gives_the_same_fields(tmp_path) -> None:
    texts = [e.text for e in read_corpus(ROOT / "data" / "corpus.csv") if e.split == "test"]
    code = (
        "import json, sys; sys.modules['hyperscan'] = None  # as if not installed\n"
        "import pandas as pd\n"
        "from scamcheck.classifier import default_classifier\n"
        "from scamcheck.spark import score_batch\n"
        "texts = json.load(sys.stdin)\n"
        "none = pd.Series([None] * len(texts))\n"
        "print(score_batch(default_classifier(), pd.Series(texts), none).to_json(orient='records'))"
    )
    plain = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), text=True,
                           capture_output=True, check=True, timeout=120,
                           env={**os.environ, "SCAMCHECK_CACHE": str(tmp_path)})
    classifier = Classifier.load()
    classifier.verdicts(["你好"] * 2000)  # enough texts to build (or load) the prefilter
    fast = score_batch(classifier, pd.Series(texts), pd.Series([None] * len(texts)))
    assert json.loads(plain.stdout) == json.loads(fast.to_json(orient="records"))
