import numpy as np

from scamcheck.fusion import FULL_SUPPORT, MIN_EVIDENCE, VETO, evidence, fuse, softmax, summed
from scamcheck.labels import LABELS, Label

SCAM = LABELS.index(Label.LIKELY_SCAM)
OFFICIAL = LABELS.index(Label.OFFICIAL_REMINDER)
UNRELATED = LABELS.index(Label.UNRELATED)
AGGRESSIVE = LABELS.index(Label.AGGRESSIVE_COLLECTION)


def test_rows_sum_to_one_and_no_rules_keeps_the_model():
    logits = np.array([[2.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 3.0]])
    probs = fuse(logits, np.zeros_like(logits), 1.0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_array_equal(probs.argmax(axis=1), logits.argmax(axis=1))


def test_a_strong_scam_rule_overrides_a_confident_model():
    logits = np.array([[4.0, 0.0, 0.0, 0.0]])
    scores = np.zeros((1, 4))
    scores[0, SCAM] = 6.0
    assert fuse(logits, scores, 1.0).argmax() == SCAM


def test_a_weak_rule_only_nudges():
    logits = np.array([[4.0, 0.0, 0.0, 0.0]])
    scores = np.zeros((1, 4))
    scores[0, AGGRESSIVE] = 1.0
    probs = fuse(logits, scores, 1.0)
    assert probs.argmax() == OFFICIAL
    assert probs[0, AGGRESSIVE] > fuse(logits, np.zeros((1, 4)), 1.0)[0, AGGRESSIVE]


def test_a_scam_cue_keeps_a_message_from_being_official():
    """Five official cues and a confident model cannot outvote one scam cue; a weak sign
    only weighs in."""
    logits = np.array([[9.0, 0.0, 0.0, 0.0]] * 3)
    scores = np.array([[5.0, 0.0, VETO, 0.0], [5.0, 0.0, VETO / 2, 0.0], [5.0, 0.0, 0.0, 0.0]])
    probs = fuse(logits, scores, 1.0)
    assert probs[0].argmax() != OFFICIAL
    assert probs[0, OFFICIAL] < probs[0, SCAM]
    assert probs[1].argmax() == probs[2].argmax() == OFFICIAL
    assert probs[1, SCAM] > probs[2, SCAM]


def test_little_evidence_flattens_the_model_but_not_the_rules():
    logits = np.array([[0.0, 3.0, 0.0, 0.0], [0.0, 3.0, 0.0, 0.0]])
    scores = np.array([[0.0, 0.0, 0.0, 2.0], [0.0, 0.0, 0.0, 2.0]])
    sure, unsure = fuse(logits, scores, 1.0, support=np.array([FULL_SUPPORT, 1]))
    assert sure.argmax() == AGGRESSIVE
    assert unsure.argmax() == UNRELATED and unsure.max() < 0.9
    np.testing.assert_array_equal(evidence(np.array([0, FULL_SUPPORT, 99])),
                                  [MIN_EVIDENCE, 1.0, 1.0])


def test_temperature_flattens_without_changing_the_label():
    logits = np.array([[3.0, 1.0, 0.0, 0.0]])
    sharp, flat = fuse(logits, np.zeros((1, 4)), 0.5), fuse(logits, np.zeros((1, 4)), 2.0)
    assert sharp.argmax() == flat.argmax()
    assert sharp.max() > flat.max()


def test_no_content_is_unrelated():
    logits = np.array([[5.0, 0.0, 0.0, 0.0], [5.0, 0.0, 0.0, 0.0]])
    probs = fuse(logits, np.zeros((2, 4)), 1.0, np.array([True, False]))
    assert probs[0].argmax() == OFFICIAL
    assert probs[1, UNRELATED] == 1.0


def test_decisive_label_beats_lower_precedence_only():
    from scamcheck.fusion import MARGIN

    aggressive = LABELS.index(Label.AGGRESSIVE_COLLECTION)
    logits = np.array([[6.0, 0.0, 0.0, 0.0], [0.0, 0.0, 6.0, 0.0]])
    both = np.array([aggressive, aggressive])
    probs = fuse(logits, np.zeros((2, 4)), 1.0, decisive=both)
    assert probs[0].argmax() == aggressive  # beats official, which ranks lower
    assert np.log(probs[0, aggressive] / probs[0, OFFICIAL]) >= MARGIN - 1e-9
    assert probs[1].argmax() == SCAM  # scam ranks higher and keeps its lead
    untouched = fuse(logits, np.zeros((2, 4)), 1.0, decisive=np.array([-1, -1]))
    np.testing.assert_allclose(untouched, fuse(logits, np.zeros((2, 4)), 1.0))


def test_decision_values_and_log_probabilities_fuse_alike():
    logits = np.array([[2.0, -1.0, 0.5, 0.0], [0.0, 9.0, 1.0, -3.0]])
    log_probs = np.log(softmax(logits))
    scores = np.array([[0.0, 0.0, 6.0, 0.0], [1.5, 0.0, 0.0, 0.0]])
    decisive = np.array([LABELS.index(Label.LIKELY_SCAM), -1])
    for t in (0.5, 1.0, 2.0):
        np.testing.assert_allclose(fuse(logits, scores, t, decisive=decisive),
                                   fuse(log_probs, scores, t, decisive=decisive), atol=1e-12)


def test_an_absence_in_few_words_says_little():
    """The topic gate fires on what a text lacks: in a text of two words that is weighted
    like the model's own opinion."""
    logits = np.zeros((2, 4))
    scores = np.array([[0.0, 0.0, 0.0, 3.0]] * 2)
    absent = scores.copy()
    short, full = fuse(logits, scores, 1.0, support=np.array([0, FULL_SUPPORT]), absent=absent)
    assert short[UNRELATED] < full[UNRELATED]
    np.testing.assert_allclose(summed(logits[:1], scores[:1], np.array([0]), absent[:1]),
                               [[0.0, 0.0, 0.0, 3.0 * MIN_EVIDENCE]])
