"""The one step that combines the model and the rules into probabilities.

For each message and label *k*::

    z_k = e · model_k + Σ weight(r) over fired rules r with label k
    p(k) = softmax(z / T)_k

``model_k`` are the model's decision values (its log-probabilities less one constant per
message, which the softmax cannot see), on the same log-odds scale as the rules' weights: a
rule of weight 3 multiplies the odds of its label by e³ ≈ 20 against every other label.
``e`` is the model's *evidence*, between ``MIN_EVIDENCE`` and 1: the share of
``FULL_SUPPORT`` features (known words and word pairs) the model found in the message. A
message of two words it has never seen ("嗯，", "Hi Tom") leaves it with its intercepts and
a guess; scaled down, that guess no longer passes for confidence, and the rules, if any
fired, decide. Rules that fire on what a text lacks (``absent``, such as "no word about a
debt") are weighted by the same share: two words lack every debt word, which says little.
``T`` is a temperature fitted at training time on held-out predictions so that
the fused probabilities are calibrated.

Precedence (``labels.PRECEDENCE``) is then enforced by structure, not by counting:

* a *decisive* cue (``rules.DECISIVE_CUES``: money, codes or control sent off the official
  channel; unlawful collection means) raises its label's score, if needed, to ``MARGIN``
  above every label of lower precedence, so that it wins against them however many cues of
  those labels fired (labels of higher precedence keep their chance);
* a message whose scam cues weigh ``VETO`` or more is never ``official_reminder``: its
  official score is held ``MARGIN`` below its scam score. Weaker signs (a lender's name
  from a mobile number, which authorised agencies use too, weighs 0.5) only weigh in.

A message with no letters, digits or CJK characters carries no evidence of any debt: it is
``unrelated`` with certainty, whatever the model's intercepts would say.
"""

from __future__ import annotations

import numpy as np

from .labels import LABELS, PRECEDENCE, Label

__all__ = ["FULL_SUPPORT", "MARGIN", "MIN_EVIDENCE", "VETO", "evidence", "fuse", "softmax",
           "summed"]

_UNRELATED = LABELS.index(Label.UNRELATED)
_OFFICIAL = LABELS.index(Label.OFFICIAL_REMINDER)
_SCAM = LABELS.index(Label.LIKELY_SCAM)
#: How far (in scaled log-odds) a decisive label ends up above every lower label: e² ≈ 7.4.
MARGIN = 2.0
#: Summed scam-cue weight from which a message cannot be official_reminder.
VETO = 1.0
#: Known features from which the model's opinion counts in full.
FULL_SUPPORT = 6
#: The least share of its opinion the model keeps, however little it knows of a message.
MIN_EVIDENCE = 0.25
# _LOWER[k, j]: label j has lower precedence than label k.
_RANK = np.array([PRECEDENCE.index(label) for label in LABELS])
_LOWER = _RANK[None, :] > _RANK[:, None]


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of ``z``, shape ``(n, n_labels)``."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def evidence(support: np.ndarray) -> np.ndarray:
    """The weight of the model's opinion for messages with ``support`` known features."""
    return np.clip(support / FULL_SUPPORT, MIN_EVIDENCE, 1.0)


def summed(
    model_logits: np.ndarray,
    rule_scores: np.ndarray,
    support: np.ndarray | None = None,
    absent: np.ndarray | None = None,
) -> np.ndarray:
    """The model's and the rules' scores added, each weighted by the model's evidence as
    :func:`fuse` weighs them, before temperature and precedence: the label they favour is
    what the precedence step may override."""
    if support is None:
        return model_logits + rule_scores
    share = evidence(support)[:, None]
    scores = rule_scores if absent is None else rule_scores - absent * (1.0 - share)
    return model_logits * share + scores


def fuse(
    model_logits: np.ndarray,
    rule_scores: np.ndarray,
    temperature: float,
    has_content: np.ndarray | None = None,
    decisive: np.ndarray | None = None,
    support: np.ndarray | None = None,
    absent: np.ndarray | None = None,
) -> np.ndarray:
    """Fused probabilities, shape ``(n, n_labels)``, rows summing to 1.

    ``model_logits`` are the model's decision values (its log-probabilities give the same
    result); ``decisive`` holds, per message, the index in ``LABELS`` of the decisive
    label, or -1; ``support`` the number of features the model knew (``None``: enough);
    ``absent`` the part of ``rule_scores`` that rules firing on an absence contributed.
    """
    z = summed(model_logits, rule_scores, support, absent) / temperature
    if decisive is not None and len(decisive) and decisive.max() >= 0:
        rows = np.flatnonzero(decisive >= 0)
        labels = decisive[rows]
        lower_best = np.where(_LOWER[labels], z[rows], -np.inf).max(axis=1)
        z[rows, labels] = np.maximum(z[rows, labels], lower_best + MARGIN)
    scam = rule_scores[:, _SCAM] >= VETO
    if scam.any():
        z[scam, _OFFICIAL] = np.minimum(z[scam, _OFFICIAL], z[scam, _SCAM] - MARGIN)
    probs = softmax(z)
    if has_content is not None and not has_content.all():
        probs[~has_content] = 0.0
        probs[~has_content, _UNRELATED] = 1.0
    return probs
