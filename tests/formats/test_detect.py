from __future__ import annotations

import os

import pytest

from scamcheck.formats import ColumnSpec, Input, ReaderOptions
from scamcheck.formats.detect import detect_format


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        ("\ufeff<?xml version='1.0'?>\n<smses>", "-", "xml"),
        ('{"text": "a"}\n"b"\n', "x", "jsonl"),
        ("号码,时间,内容\n95188,2026/11/3,花呗\n", "x", "csv"),
        ("id\ttext\n1\t花呗\n", "x", "tsv"),
        ("95188\t花呗逾期\n10086\t话费\n", "x", "tsv"),  # consistent tabs, no header
        ("95188,花呗逾期\n10086,话费\n", "x", "txt"),  # commas in plain text are text
        ("95188,花呗逾期\n10086,话费\n", "export.CSV", "csv"),  # ... unless the name says so
        ('{"text": "a"}\n{broken\n', "m.jsonl", "jsonl"),
        ("今天不还钱就上门\n", "-", "txt"),
        ("", "-", "txt"),
    ],
)
def test_detect(head: str, name: str, expected: str) -> None:
    assert detect_format(head, complete=True, name=name, columns=ColumnSpec()) == expected


@pytest.mark.parametrize(
    ("path", "fmt", "encoding"),
    [
        ("examples/sms-backup.xml", "xml", "utf-8"),
        ("examples/export-gbk.csv", "csv", "gb18030"),
        ("examples/export.tsv", "tsv", "utf-8"),
        ("examples/messages.jsonl", "jsonl", "utf-8"),
        ("examples/messages.txt", "txt", "utf-8"),
    ],
)
def test_examples_are_recognised(path: str, fmt: str, encoding: str) -> None:
    with Input(path) as messages:
        assert (messages.format, messages.encoding) == (fmt, encoding)
        assert messages.size == os.path.getsize(path)


def test_a_format_given_overrides_detection() -> None:
    with Input("examples/messages.jsonl", ReaderOptions(format="txt")) as messages:
        assert next(iter(messages)).text.startswith('{"id": "j01"')
