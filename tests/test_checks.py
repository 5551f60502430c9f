import re

import pytest

from scamcheck.channels import CHECKS
from scamcheck.checks import CheckSpec, check, table


def _digits() -> re.Pattern[str]:
    return re.compile("[0-9]")


@check(guard=_digits, needs_sender=True)
def _has_digit(text: str, sender: str | None) -> tuple[int, int] | None:
    m = _digits().search(text)
    return None if m is None or not sender else m.span()


def test_a_declaration_is_a_frozen_spec_that_runs_like_its_function():
    assert isinstance(_has_digit, CheckSpec)
    assert (_has_digit.name, _has_digit.guard, _has_digit.needs_sender) == (
        "_has_digit", _digits, True)
    assert _has_digit("ab1", "95188") == (2, 3) == _has_digit.run("ab1", "95188")
    with pytest.raises(AttributeError):
        _has_digit.needs_sender = False  # type: ignore[misc]


def test_a_table_is_by_name_and_refuses_a_name_twice():
    assert table(_has_digit) == {"_has_digit": _has_digit}
    with pytest.raises(ValueError, match="twice"):
        table(_has_digit, _has_digit)


def test_the_shipped_checks_declare_what_the_engine_may_assume():
    assert all(isinstance(spec, CheckSpec) and spec.name == name for name, spec in CHECKS.items())
    assert {name for name, spec in CHECKS.items() if spec.needs_sender} == {
        "sender_official", "sender_mobile_claims_lender"}
    assert CHECKS["sender_official"].guard is None
    assert all(isinstance(spec.guard(), re.Pattern) for spec in CHECKS.values() if spec.guard)
