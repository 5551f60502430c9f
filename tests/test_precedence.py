"""Precedence by structure: one off-channel cue makes a message likely_scam, one unlawful
cue makes it aggressive_collection, however many lawful cues surround it (the product's
"no likely_scam labelled official_reminder, ever"). Each decisive rule's own examples are
buried in an official notice that fires every lawful cue, with the tiny fake model and with
the shipped one; and each off-channel example again with a frame cue after it, which
suspends precedence but never lets the scam pass as official."""

import pytest

from scamcheck.classifier import Classifier
from scamcheck.labels import Label
from scamcheck.rules import load_rules

RULES = load_rules()
# Every lawful cue of an overdue notice: brand, days and amount, penalty interest, credit
# reporting, lawful litigation, the lender's app, own card and hotline.
NOTICE = ("【招商银行】尊敬的客户，您尾号3317的信用卡已逾期62天，欠款9,480.20元，逾期期间按合同"
          "计收罚息，逾期信息已报送征信。若仍未还款，我行将依法向人民法院提起诉讼。{}还款请使用"
          "掌上生活App或存入本人名下还款卡，详询95555。")
DECISIVE = [(rule, text, sender) for rule in RULES.rules if rule.decisive
            for text, sender in rule.examples_match]


@pytest.fixture(scope="module", params=["fake", "shipped"])
def classifier(request, fake_classifier):
    return fake_classifier if request.param == "fake" else Classifier.load()


def test_the_notice_alone_is_official(classifier):
    result = classifier.classify(NOTICE.format(""), "95555")
    assert result.label == Label.OFFICIAL_REMINDER
    assert len([h for h in result.hits if h.label == Label.OFFICIAL_REMINDER]) >= 5


@pytest.mark.parametrize(("rule", "text", "sender"), DECISIVE,
                         ids=[f"{r.id}-{i}" for i, (r, _, _) in enumerate(DECISIVE)])
def test_one_decisive_sentence_decides(classifier, rule, text, sender):
    result = classifier.classify(NOTICE.format(text.rstrip("。") + "。"), sender or "95555")
    fired = {h.rule_id for h in result.hits}
    if rule.id not in fired:
        pytest.skip(f"{rule.id}'s example does not fire inside the notice")
    assert result.label != Label.OFFICIAL_REMINDER
    off_channel = any(h.decisive and h.label == Label.LIKELY_SCAM for h in result.hits)
    assert result.label == (Label.LIKELY_SCAM if off_channel else rule.label)
    if result.decided_by:
        assert result.decided_by in fired
        assert any(note.startswith("precedence decided") for note in result.notes)


OFF_CHANNEL = [(rule, text, sender) for rule, text, sender in DECISIVE
               if rule.label == Label.LIKELY_SCAM]


@pytest.mark.parametrize(("rule", "text", "sender"), OFF_CHANNEL,
                         ids=[f"{r.id}-{i}" for i, (r, _, _) in enumerate(OFF_CHANNEL)])
def test_a_frame_cue_never_lets_a_scam_pass_as_official(classifier, rule, text, sender):
    """A frame cue ("这是不是真的") suspends precedence, but scam cues still keep a message
    from being official_reminder: a scammer who adds one cannot pass for the lender."""
    result = classifier.classify(NOTICE.format(text.rstrip("。") + "。这是不是真的？"),
                                 sender or "95555")
    fired = {h.rule_id for h in result.hits}
    if rule.id not in fired:
        pytest.skip(f"{rule.id}'s example does not fire inside the notice")
    assert "UNR_JUDGES_A_MESSAGE" in fired
    assert result.label != Label.OFFICIAL_REMINDER
