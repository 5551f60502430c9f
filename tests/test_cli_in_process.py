"""The command line called in this process, where a test needs to fake its surroundings."""

from __future__ import annotations

import csv
import io
import sys

from scamcheck.cli import main
from scamcheck.corpus import FIELDS
from scamcheck.labels import LABELS

WORDS = {"official_reminder": "逾期还款", "aggressive_collection": "老赖上门",
         "likely_scam": "转账安全账户", "unrelated": "快递取件"}


class Terminal(io.TextIOWrapper):
    """Standard input typed at a terminal: text over bytes, as sys.stdin is."""

    def __init__(self, text: str) -> None:
        super().__init__(io.BytesIO(text.encode("utf-8")), encoding="utf-8")

    def isatty(self) -> bool:
        return True


def test_a_bare_check_on_a_terminal_says_what_it_waits_for(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", Terminal("你好"))
    assert main(["check"]) == 0
    assert "type or paste the message" in capsys.readouterr().err


def test_train_without_scikit_learn_says_so(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    assert main(["train"]) == 2
    assert "pip install 'scamcheck[train]'" in capsys.readouterr().err


def tiny_corpus(folder) -> None:
    (folder / "data").mkdir()
    with open(folder / "data" / "corpus.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(FIELDS)
        for label in LABELS:
            for i in range(20):
                split = "test" if i % 10 == 0 else "train"
                writer.writerow([f"{label}{i}", f"{WORDS[label]}{i}号", str(label), "handwritten",
                                 f"t{i % 7}", split])


def test_train_writes_a_new_folder_and_says_how_to_use_it(tmp_path, monkeypatch, capsys):
    tiny_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["train"]) == 0
    (folder,) = tmp_path.glob("trained-model-*")
    assert f"scamcheck --model {folder.name} check" in capsys.readouterr().err
    assert main(["--model", folder.name, "check", "老赖上门"]) == 0
    assert main(["train", "--out", "mine"]) == 0
    assert (tmp_path / "mine").is_dir() and len(list(tmp_path.glob("trained-model-*"))) == 1
