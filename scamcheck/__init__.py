"""scamcheck: label Chinese SMS about consumer debt, and say why.

>>> import scamcheck
>>> r = scamcheck.classify("【支付宝】您的花呗已逾期15天，请登录支付宝App还款。", sender="95188")
>>> r.label, r.confidence, [h.rule_id for h in r.hits]            # doctest: +SKIP
>>> for record, verdict in scamcheck.iter_scored(["export.xml"]):  # doctest: +SKIP
...     print(record.row, record.sender, verdict and verdict.label)

Names are imported lazily so that ``import scamcheck`` and the command line start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "Label": "labels",
    "LABELS": "labels",
    "Result": "result",
    "RuleHit": "result",
    "Classifier": "classifier",
    "classify": "classifier",
    "classify_many": "classifier",
    "iter_scored": "scoring",
    "Scored": "scoring",
    "Verdict": "verdict",
    "Record": "formats",
}

__all__ = [
    "LABELS",
    "Classifier",
    "Label",
    "Record",
    "Result",
    "RuleHit",
    "Scored",
    "Verdict",
    "__version__",
    "classify",
    "classify_many",
    "iter_scored",
]

if TYPE_CHECKING:
    from .classifier import Classifier, classify, classify_many
    from .formats import Record
    from .labels import LABELS, Label
    from .result import Result, RuleHit
    from .scoring import Scored, iter_scored
    from .verdict import Verdict


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scamcheck' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
