"""Finding the text, sender, time and id fields among column names or JSON keys.

A name given by the user is matched case-insensitively. Otherwise each role takes the
first of its common names found: first exact matches, then (text, sender, time only) a
short name containing one as a word, such as ``SMS Body`` or ``短信内容(正文)``. A column
serves one role only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

__all__ = ["NAMES", "ColumnSpec", "find_columns"]

#: Common names per role, most telling first; the order of roles is the order they claim.
NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "编号", "序号", "msg_id", "message_id", "sms_id"),
    "text": (
        "text", "body", "content", "message", "msg", "sms", "内容", "短信内容", "信息内容",
        "短信", "消息内容", "消息", "正文",
    ),
    "sender": (
        "address", "from", "sender", "number", "phone", "mobile", "tel", "号码", "发件人",
        "手机号", "手机号码", "电话", "电话号码", "发信人", "发送方", "对方号码",
    ),
    "time": (
        "date", "time", "datetime", "timestamp", "date_sent", "时间", "日期", "发送时间",
        "接收时间", "收到时间",
    ),
}  # fmt: skip
_FUZZY_ROLES = ("text", "sender", "time")
_FUZZY_MAX_LEN = 24
_FUZZY_MAX_LEN_CJK = 10
_WORD = re.compile(r"[a-z0-9]+")
_NOT_A_NAME = re.compile(r'[\t"{}\[\]<>=:;,!?，。！？、：；]')


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """Column (or key) names chosen by the user; ``None`` means find it."""

    text: str | None = None
    sender: str | None = None
    time: str | None = None
    id: str | None = None


def find_columns(names: Sequence[str], given: ColumnSpec) -> dict[str, int | None]:
    """The index in ``names`` of each role's field, or ``None`` where there is none.

    A role the user named but that is not there is ``None`` too: the caller decides
    whether that is a usage error (a CSV header) or a bad record (a JSON object).
    """
    keys = [_key(name) for name in names]
    found: dict[str, int | None] = {}
    for spec in fields(ColumnSpec):
        wanted = getattr(given, spec.name)
        if wanted is not None:
            found[spec.name] = _given(keys, wanted)
    for role, candidates in NAMES.items():
        if role not in found:
            taken = set(found.values())
            found[role] = _exact(keys, candidates, taken)
            if found[role] is None and role in _FUZZY_ROLES:
                found[role] = _fuzzy(keys, candidates, taken)
    return {role: found[role] for role in NAMES}


def _key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def _given(keys: list[str], wanted: str) -> int | None:
    key = _key(wanted)
    return keys.index(key) if key in keys else None


def _exact(keys: list[str], candidates: tuple[str, ...], taken: set) -> int | None:
    for candidate in candidates:
        for index, key in enumerate(keys):
            if key == candidate and index not in taken:
                return index
    return None


def _fuzzy(keys: list[str], candidates: tuple[str, ...], taken: set) -> int | None:
    for candidate in candidates:
        for index, key in enumerate(keys):
            if index in taken or len(key) > _FUZZY_MAX_LEN or _NOT_A_NAME.search(key):
                continue
            if candidate.isascii():
                if candidate in _WORD.findall(key):
                    return index
            elif candidate in key and len(key) <= _FUZZY_MAX_LEN_CJK:
                return index
    return None
