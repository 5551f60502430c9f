"""The one step that combines the model and the rules into probabilities.

For each message and label *k*::

    z_k = log p_model(k) + Σ weight(r) over fired rules r with label k
    p(k) = softmax(z / T)_k

The model's log-probabilities and the rules' weights are on the same log-odds scale, so a
rule of weight 3 multiplies the odds of its label by e³ ≈ 20 against every other label.
Rules therefore *settle* a label when they are strong (weights of 5–6 on unmistakable scam
cues outweigh any model opinion, which is how the product's precedence — a request to pay
anywhere but the official channel is a scam — is enforced) and only *nudge* it when weak.
``T`` is a temperature fitted at training time on out-of-fold predictions so that the fused
probabilities are calibrated. ``log p_model`` is the model's decision values less one
constant per message (their log-sum-exp), which neither the softmax nor the precedence step
below can see, so the fusion takes the decision values as they are.

Precedence (``labels.PRECEDENCE``) is then applied for *decisive* rules: when one fires,
its label's score is raised, if needed, to ``MARGIN`` above every label of lower
precedence, so that it wins against them (labels of higher precedence keep their chance).
Adding weights alone cannot promise this: an overdue notice that quotes three official
cues and one unlawful threat would otherwise stay official.

A message with no letters, digits or CJK characters carries no evidence of any debt: it is
``unrelated`` with certainty, whatever the model's intercepts would say.
"""

from __future__ import annotations

import numpy as np

from .labels import LABELS, PRECEDENCE, Label

__all__ = ["MARGIN", "fuse", "softmax"]

_UNRELATED = LABELS.index(Label.UNRELATED)
#: How far (in scaled log-odds) a decisive label ends up above every lower label: e² ≈ 7.4.
MARGIN = 2.0
# _LOWER[k, j]: label j has lower precedence than label k.
_RANK = np.array([PRECEDENCE.index(label) for label in LABELS])
_LOWER = _RANK[None, :] > _RANK[:, None]


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of ``z``, shape ``(n, n_labels)``."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def fuse(
    model_logits: np.ndarray,
    rule_scores: np.ndarray,
    temperature: float,
    has_content: np.ndarray | None = None,
    decisive: np.ndarray | None = None,
) -> np.ndarray:
    """Fused probabilities, shape ``(n, n_labels)``, rows summing to 1.

    ``model_logits`` are the model's decision values (its log-probabilities give the same
    result); ``decisive`` holds, per message, the index in ``LABELS`` of the decisive
    label, or -1.
    """
    z = (model_logits + rule_scores) / temperature
    if decisive is not None and len(decisive) and decisive.max() >= 0:
        rows = np.flatnonzero(decisive >= 0)
        labels = decisive[rows]
        lower_best = np.where(_LOWER[labels], z[rows], -np.inf).max(axis=1)
        z[rows, labels] = np.maximum(z[rows, labels], lower_best + MARGIN)
    probs = softmax(z)
    if has_content is not None and not has_content.all():
        probs[~has_content] = 0.0
        probs[~has_content, _UNRELATED] = 1.0
    return probs
