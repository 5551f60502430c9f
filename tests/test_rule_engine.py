"""The engine on a tiny rule set of its own; tests/test_rules.py runs the shipped rules."""

import re

from scamcheck.checks import check, table
from scamcheck.rules import RuleSet, _parse_rule


def _digit_guard() -> re.Pattern[str]:
    return re.compile("[0-9]")


@check(guard=_digit_guard, needs_sender=True)
def _digit_with_sender(text: str, sender: str | None) -> tuple[int, int] | None:
    m = _digit_guard().search(text)
    return m.span() if m and sender else None


CHECKS = table(_digit_with_sender)


def _rule(rule_id, label="likely_scam", cue="scam_sign", weight=1.0, **kw):
    raw = {"id": rule_id, "label": label, "cue": cue, "weight": weight, "description": "d",
           "examples": {"match": ["x"], "no_match": ["y"]}, **kw}
    if rule_id.startswith("__"):
        raw.update(label="unrelated", cue="context", weight=0, examples={})
    return _parse_rule(raw, CHECKS, compile_pattern=True)


RULES = [
    _rule("__PAY", pattern="转账"),
    _rule("__QUOTE_FREE", pattern="安全账户"),
    _rule("SAFE_ACCOUNT", cue="off_channel", weight=3.0, pattern="安全账户"),
    _rule("PAY_NOW", requires=["__PAY"], unless=["__QUOTE_FREE"]),
    _rule("DIGIT_SENDER", check="_digit_with_sender"),
    _rule("NO_MONEY", label="unrelated", cue="everyday", absent=True, pattern="钱|转账"),
]


def _found(rules: RuleSet, texts, senders=None):
    return [[(m.rule.id, m.start, m.end) for m in ms]
            for ms in rules.evaluate(texts, senders).matches]


def test_steps_search_checks_combine_score():
    rules = RuleSet(RULES, CHECKS, prefilter=False)
    texts = ["请转账", "转账到安全账户", "验证码1234", "「请立即转到安全账户里面去」他们这么说"]
    found = _found(rules, texts, ["95188", None, "95188", None])
    assert found == [
        [("PAY_NOW", 1, 3)],  # a meta rule without a pattern: its last sub-rule's span
        [("SAFE_ACCOUNT", 3, 7)],  # ``unless`` keeps PAY_NOW quiet
        [("NO_MONEY", -1, -1), ("DIGIT_SENDER", 3, 4)],  # by start
        [("NO_MONEY", -1, -1)],  # the quoted words are not the sender's own
    ]
    result = rules.evaluate(texts)
    assert list(result.decisive) == [-1, 2, -1, -1]  # LABELS index of likely_scam
    assert result.scores[1].tolist() == [0.0, 0.0, 3.0, 0.0]


def test_a_frame_cue_suspends_precedence_and_counts_inside_a_quotation():
    asks = _rule("ASKS", label="unrelated", cue="frame", weight=2.0, pattern="合法吗")
    rules = RuleSet([*RULES, asks], CHECKS, prefilter=False)
    texts = ["转账到安全账户", "转账到安全账户，这合法吗", "「转账到安全账户，这合法吗」他们发的"]
    result = rules.evaluate(texts)
    assert list(result.decisive) == [2, -1, -1]  # the framed texts have no decisive label
    assert result.scores[1].tolist() == [0.0, 0.0, 3.0, 2.0]  # the cue still weighs in
    # Inside the quotation the scam cue is the quoted message's; the frame cue counts.
    assert [m.rule.id for m in result.matches[2]] == ["ASKS"]
    assert result.quoted == {2: [(1, 13)]}


def test_a_check_that_needs_a_sender_never_runs_without_one():
    rules = RuleSet(RULES, CHECKS, prefilter=False)
    assert _found(rules, ["1"], None) == _found(rules, ["1"], [""]) == [[("NO_MONEY", -1, -1)]]


def test_the_prefilter_positions_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("SCAMCHECK_CACHE", str(tmp_path))
    rules = RuleSet(RULES, CHECKS)
    texts = ["请转账", "转账到安全账户", "验证码1234", "无"] * 600
    senders = ["95188"] * len(texts)
    assert _found(rules, texts, senders) == _found(
        RuleSet(RULES, CHECKS, prefilter=False), texts, senders)
    engine = rules.engine
    patterns = [r.id for r in RULES if r.source is not None]
    assert [RULES[r].id for r in engine._rule_at.values()] == patterns
    assert {k: [RULES[r].id for r in rs] for k, rs in engine._guarded_at.items()} == {
        len(patterns): ["DIGIT_SENDER"]}
