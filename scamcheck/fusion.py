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
probabilities are calibrated.

A message with no letters, digits or CJK characters carries no evidence of any debt: it is
``unrelated`` with certainty, whatever the model's intercepts would say.
"""

from __future__ import annotations

import numpy as np

from .labels import LABELS, Label

__all__ = ["fuse", "log_softmax", "softmax"]

_UNRELATED = LABELS.index(Label.UNRELATED)


def log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def softmax(z: np.ndarray) -> np.ndarray:
    return np.exp(log_softmax(z))


def fuse(
    model_logits: np.ndarray,
    rule_scores: np.ndarray,
    temperature: float,
    has_content: np.ndarray | None = None,
) -> np.ndarray:
    """Fused probabilities, shape ``(n, n_labels)``, rows summing to 1."""
    probs = softmax((log_softmax(model_logits) + rule_scores) / temperature)
    if has_content is not None and not has_content.all():
        probs[~has_content] = 0.0
        probs[~has_content, _UNRELATED] = 1.0
    return probs
