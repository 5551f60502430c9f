"""The README's quick start stays true: CI runs its test command verbatim."""

import re

from .conftest import ROOT


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_two_quick_start_commands_and_ci_runs_the_test_one():
    install_and_score, install_and_test = _quick_start_commands()
    assert "scamcheck score examples/" in install_and_score
    example = install_and_score.split("scamcheck score ", 1)[1].split()[0]
    assert (ROOT / example).is_file()
    assert install_and_test in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_the_python_examples_run(monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Use it from Python", 1)[1].split("\n## ", 1)[0]
    monkeypatch.chdir(ROOT)  # the examples name files of the checkout
    for block in re.findall(r"```python\n(.+?)\n```", section, re.S):
        exec(compile(block, "README.md", "exec"), {})
    assert "examples/sms-backup.xml 16 " in capsys.readouterr().out
