"""Writing lists of messages in every supported input format, for tests."""

from __future__ import annotations

import csv
import io
import json

#: The input formats and the file names tests give them.
SUFFIXES = {"xml": ".xml", "csv": ".csv", "tsv": ".tsv", "jsonl": ".jsonl", "txt": ".txt"}


def sms_attribute(value: str) -> str:
    """``value`` escaped as Android's SMS Backup & Restore does: control characters as
    character references and characters beyond the BMP as UTF-16 surrogate pairs."""
    out = []
    for char in value:
        code = ord(char)
        if char in '&<>"':
            out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[char])
        elif code < 0x20:
            out.append(f"&#{code};")
        elif code > 0xFFFF:
            high, low = divmod(code - 0x10000, 0x400)
            out.append(f"&#{0xD800 + high};&#{0xDC00 + low};")
        else:
            out.append(char)
    return "".join(out)


def sms_xml(messages: list[str], *, senders: list[str] | None = None) -> str:
    senders = senders or [f"1380000{i:04d}" for i in range(len(messages))]
    lines = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>"]
    lines.append(f'<smses count="{len(messages)}">')
    for i, (text, sender) in enumerate(zip(messages, senders, strict=True)):
        date = 1793668360000 + i * 60_000
        lines.append(
            f'  <sms protocol="0" address="{sender}" date="{date}" type="1" '
            f'body="{sms_attribute(text)}" readable_date="x" contact_name="(Unknown)" />'
        )
    lines.append("</smses>")
    return "\n".join(lines) + "\n"


def delimited(messages: list[str], delimiter: str = ",") -> str:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(["id", "text"])
    writer.writerows([f"m{i}", message] for i, message in enumerate(messages))
    return text.getvalue()


def jsonl(messages: list[str]) -> str:
    lines = []
    for i, message in enumerate(messages):
        value = message if i % 3 == 2 else {"id": f"m{i}", "message": message}
        lines.append(json.dumps(value, ensure_ascii=i % 2 == 0))
    return "\n".join(lines) + "\n" if lines else ""


def plaintext(messages: list[str]) -> str:
    return "".join(f"{message}\n" for message in messages)


def render(messages: list[str], fmt: str) -> str:
    """``messages`` as the text of a file in ``fmt``."""
    if fmt == "xml":
        return sms_xml(messages)
    if fmt in ("csv", "tsv"):
        return delimited(messages, "," if fmt == "csv" else "\t")
    if fmt == "jsonl":
        return jsonl(messages)
    return plaintext(messages)
