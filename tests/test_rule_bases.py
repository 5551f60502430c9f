"""The legal bases the rules cite are stated as their sources state them
(``../shared/research/collection-rules.md``): never stronger."""

from scamcheck.rules import load_rules


def test_no_rule_calls_harsh_collection_of_a_consumer_debt_a_crime_under_293_1():
    """刑法第293条之一 is about collecting illegal debts (usury and the like): a rule may cite
    it only as the line the law draws, saying so."""
    for rule in load_rules().rules:
        if "293" in rule.basis:
            assert "非法债务" in rule.basis and "不是普通消费欠款" in rule.basis, rule.id


def test_the_national_standard_is_not_called_an_association_text():
    for rule in load_rules().rules:
        assert "中国互联网金融协会《互联网金融个人网络消费信贷" not in rule.basis, rule.id
        if "贷后催收风控指引" in rule.basis:
            assert "GB/T 45251—2025" in rule.basis, rule.id


def test_every_aggressive_rule_shown_to_users_has_a_basis():
    for rule in load_rules().rules:
        if rule.label == "aggressive_collection" and not rule.id.startswith("__"):
            assert rule.basis, rule.id
