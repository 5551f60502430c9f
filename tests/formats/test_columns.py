from __future__ import annotations

import pytest

from scamcheck.formats.columns import ColumnSpec, find_columns

NONE = ColumnSpec()


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["号码", "时间", "内容"], {"id": None, "text": 2, "sender": 0, "time": 1}),
        (["编号", "发件人", "发送时间", "短信内容"], {"id": 0, "text": 3, "sender": 1, "time": 2}),
        (["ID", "Address", "Date", "Body"], {"id": 0, "text": 3, "sender": 1, "time": 2}),
        (["sms_id", "SMS Body", "From", "Timestamp"], {"id": 0, "text": 1, "sender": 2, "time": 3}),
        (["\ufefftext"], {"id": None, "text": 0, "sender": None, "time": None}),
        (["短信内容(正文)", "对方号码"], {"id": None, "text": 0, "sender": 1, "time": None}),
        (["a", "b"], {"id": None, "text": None, "sender": None, "time": None}),
    ],
)
def test_common_names_are_found(names: list[str], expected: dict) -> None:
    assert find_columns(names, NONE) == expected


def test_given_names_win_and_are_not_claimed_twice() -> None:
    found = find_columns(["body", "note", "from"], ColumnSpec(text="Note"))
    assert found == {"id": None, "text": 1, "sender": 2, "time": None}


def test_a_given_name_that_is_missing_is_none() -> None:
    assert find_columns(["body"], ColumnSpec(sender="phone"))["sender"] is None


def test_a_message_is_not_taken_for_a_column_name() -> None:
    assert find_columns(["收到短信请回电话，谢谢"], NONE)["text"] is None
