from __future__ import annotations

from scamcheck.formats import EMPTY, OK, Input


def test_one_message_per_line_any_line_ending(tmp_path) -> None:
    path = tmp_path / "m.txt"
    path.write_bytes("第一条\r\n\r\n  \n第四条\r最后\u2028一条".encode())
    with Input(str(path)) as messages:
        records = list(messages)
    assert [r.text for r in records] == ["第一条", "", "  ", "第四条", "最后\u2028一条"]
    assert [r.status for r in records] == [OK, EMPTY, EMPTY, OK, OK]
    assert records[1].error == "line 2: blank line"


def test_example_file() -> None:
    with Input("examples/messages.txt") as messages:
        assert sum(1 for record in messages if record.status == OK) == 14
