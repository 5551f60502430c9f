"""Evaluation: ``scamcheck evaluate [FILE] [--real-negatives DIR] [--json OUT]``.

Reports, on a labelled file (default: the frozen test split of ``data/corpus.csv``):
per-class precision/recall/F1, macro-F1, the confusion matrix, calibration (expected
calibration error), macro-F1, accuracy, calibration error and scams called official per
style (the corpus's ``style`` column) and overall, the ablation rules only / model only /
fused on the same messages, and macro-F1 on an evasion copy of the same messages.
``--real-negatives`` adds the share of real, non-debt SMS given each label; ``--rules`` adds
the rule report (hits, precision and conflicts of every rule on the whole corpus).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .anonymised import restore
from .corpus import STYLES, Example, read_corpus_for_command
from .evasion import evade
from .exitcodes import EXIT_OK, CommandError
from .labels import LABELS, Label
from .result import Result

__all__ = [
    "Report",
    "StyleFigures",
    "evaluate",
    "evaluate_examples",
    "format_report",
    "main",
    "read_real_negatives",
    "rule_report",
]

EVASION_SEED = 7
RESTORE_SEED = 9
BATCH = 2000


@dataclass(frozen=True)
class Scores:
    """Classification scores of predictions against gold labels."""

    per_class: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support
    macro_f1: float
    accuracy: float
    confusion: list[list[int]]  # rows gold, columns predicted, LABELS order

    @classmethod
    def of(cls, gold: Sequence[Label], pred: Sequence[Label]) -> Scores:
        idx = {label: i for i, label in enumerate(LABELS)}
        confusion = [[0] * len(LABELS) for _ in LABELS]
        for g, p in zip(gold, pred, strict=True):
            confusion[idx[g]][idx[p]] += 1
        per_class = {}
        for i, label in enumerate(LABELS):
            tp = confusion[i][i]
            predicted = sum(row[i] for row in confusion)
            support = sum(confusion[i])
            precision = tp / predicted if predicted else 0.0
            recall = tp / support if support else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            per_class[str(label)] = (precision, recall, f1, support)
        present = [v[2] for v in per_class.values() if v[3]]
        macro = sum(present) / len(present) if present else 0.0
        accuracy = sum(confusion[i][i] for i in range(len(LABELS))) / max(1, len(gold))
        return cls(per_class, macro, accuracy, confusion)

    def scam_as_official(self) -> int:
        return self.confusion[LABELS.index(Label.LIKELY_SCAM)][
            LABELS.index(Label.OFFICIAL_REMINDER)]


@dataclass(frozen=True)
class StyleFigures:
    """The fused figures on the messages of one style (or all of them)."""

    messages: int
    macro_f1: float
    accuracy: float
    ece: float
    scam_as_official: int

    @classmethod
    def of(cls, results: Sequence[Result], gold: Sequence[Label]) -> StyleFigures:
        scores = Scores.of(gold, [r.label for r in results])
        return cls(len(gold), scores.macro_f1, scores.accuracy,
                   expected_calibration_error(results, gold), scores.scam_as_official())

    def to_dict(self) -> dict[str, float | int]:
        return {
            "messages": self.messages,
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "expected_calibration_error": round(self.ece, 4),
            "likely_scam_as_official_reminder": self.scam_as_official,
        }


def per_style(examples: Sequence[Example], results: Sequence[Result]) -> dict[str, StyleFigures]:
    """Figures per style, in the order of STYLES (unknown styles after, by name), then overall."""
    by_style: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        by_style.setdefault(e.style, []).append(i)
    order = sorted(by_style, key=lambda s: (STYLES.index(s) if s in STYLES else len(STYLES), s))
    out = {style: StyleFigures.of([results[i] for i in by_style[style]],
                                  [examples[i].label for i in by_style[style]])
           for style in order}
    out["overall"] = StyleFigures.of(results, [e.label for e in examples])
    return out


@dataclass
class Report:
    n: int
    fused: Scores
    model_only: Scores
    rules_only: Scores
    ece: float
    styles: dict[str, StyleFigures] = field(default_factory=dict)
    evasion: Scores | None = None
    real_negatives: dict[str, dict[str, float | int]] = field(default_factory=dict)
    rules: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        out = {
            "messages": self.n,
            "macro_f1": round(self.fused.macro_f1, 4),
            "accuracy": round(self.fused.accuracy, 4),
            "per_class_f1": {k: round(v[2], 4) for k, v in self.fused.per_class.items()},
            "likely_scam_as_official_reminder": self.fused.scam_as_official(),
            "expected_calibration_error": round(self.ece, 4),
            "ablation_macro_f1": {
                "rules_only": round(self.rules_only.macro_f1, 4),
                "model_only": round(self.model_only.macro_f1, 4),
                "fused": round(self.fused.macro_f1, 4),
            },
            "per_style": {style: f.to_dict() for style, f in self.styles.items()},
        }
        if self.evasion is not None:
            out["evasion_macro_f1"] = round(self.evasion.macro_f1, 4)
            out["evasion_drop"] = round(self.fused.macro_f1 - self.evasion.macro_f1, 4)
        if self.real_negatives:
            out["real_negatives"] = self.real_negatives
        return out


def _argmax(scores: dict) -> Label:
    return Label(max(scores, key=scores.__getitem__))


def rules_only_label(result: Result) -> Label:
    """The label the rules alone would give: the best positive rule score, else unrelated."""
    best = _argmax(result.rule_scores)
    return best if result.rule_scores[best] > 0 else Label.UNRELATED


def _classify(classifier, texts: Sequence[str]) -> list[Result]:
    out: list[Result] = []
    for i in range(0, len(texts), BATCH):
        out.extend(classifier.classify_many(texts[i : i + BATCH]))
    return out


def expected_calibration_error(results: Sequence[Result], gold: Sequence[Label],
                               bins: int = 10) -> float:
    """Weighted gap between confidence and accuracy over equal-width confidence bins."""
    totals = [[0, 0.0, 0] for _ in range(bins)]  # count, confidence sum, correct
    for r, g in zip(results, gold, strict=True):
        b = min(bins - 1, int(r.confidence * bins))
        totals[b][0] += 1
        totals[b][1] += r.confidence
        totals[b][2] += r.label == g
    n = max(1, len(results))
    return sum(abs(c / k - ok / k) * k / n for k, c, ok in totals if k)


def evaluate_examples(classifier, examples: Sequence[Example], evasion: bool = True) -> Report:
    texts = [e.text for e in examples]
    gold = [e.label for e in examples]
    results = _classify(classifier, texts)
    styles = per_style(examples, results)
    report = Report(
        n=len(examples),
        fused=Scores.of(gold, [r.label for r in results]),
        model_only=Scores.of(gold, [_argmax(r.model_probabilities) for r in results]),
        rules_only=Scores.of(gold, [rules_only_label(r) for r in results]),
        ece=styles["overall"].ece,
        styles=styles,
    )
    if evasion:
        rng = random.Random(EVASION_SEED)
        evaded = _classify(classifier, [evade(t, rng) for t in texts])
        report.evasion = Scores.of(gold, [r.label for r in evaded])
    return report


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")


def read_real_negatives(path: Path) -> Iterable[tuple[str, list[str]]]:
    """``(name, texts)`` for each real-SMS file under ``path``.

    ``*.tsv`` files are ``label<TAB>text`` and only label-0 (normal) lines are kept;
    ``*.txt`` files are one message a line, with the spaces between CJK characters of
    pre-segmented corpora removed.
    """
    files = [path] if path.is_file() else sorted(path.rglob("*"))
    for f in files:
        if f.suffix == ".tsv":
            texts = [line.split("\t", 1)[1] for line in f.read_text("utf-8").splitlines()
                     if line.startswith("0\t")]
        elif f.suffix == ".txt":
            texts = [_CJK_GAP.sub("", line) for line in f.read_text("utf-8").splitlines()
                     if line.strip()]
        else:
            continue
        yield f.stem, texts


def real_negative_shares(classifier, path: Path) -> dict[str, dict[str, float | int]]:
    """The share of each real set's messages given each label. Fraud sets (``FR_*``) are
    also scored with their anonymisation tokens replaced by realistic values
    (``anonymised.restore``, seeded), as the messages arrived: ``NAME (tokens restored)``."""
    out = {}
    for name, texts in read_real_negatives(path):
        out[name] = _label_shares(classifier, texts)
        if name.startswith("FR_"):
            rng = random.Random(RESTORE_SEED)
            out[f"{name} (tokens restored)"] = _label_shares(
                classifier, [restore(t, rng) for t in texts])
    return out


def _label_shares(classifier, texts: Sequence[str]) -> dict[str, float | int]:
    counts = Counter(r.label for r in _classify(classifier, texts))
    n = max(1, len(texts))
    row: dict[str, float | int] = {"messages": len(texts)}
    row.update({str(label): round(counts[label] / n, 5) for label in LABELS})
    return row


def rule_report(classifier, examples: Sequence[Example]) -> list[dict]:
    """Per rule: hits on the corpus, precision for its label, and conflicting co-hits."""
    results = _classify(classifier, [e.text for e in examples])
    stats: dict[str, dict] = {
        r.id: {"rule": r.id, "label": str(r.label), "weight": r.weight, "hits": 0, "correct": 0,
               "conflicts": 0}
        for r in classifier.rules.rules if not r.is_sub_rule
    }
    for e, res in zip(examples, results, strict=True):
        labels_fired = {h.label for h in res.hits if h.weight > 0}
        for h in res.hits:
            s = stats[h.rule_id]
            s["hits"] += 1
            s["correct"] += h.label == e.label
            s["conflicts"] += bool(labels_fired - {h.label})
    for s in stats.values():
        s["precision"] = round(s["correct"] / s["hits"], 3) if s["hits"] else None
    return sorted(stats.values(), key=lambda s: (s["label"], -s["hits"]))


def _scores_table(title: str, s: Scores) -> list[str]:
    lines = [title, f"  {'label':<22} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}"]
    for label, (p, r, f1, n) in s.per_class.items():
        lines.append(f"  {label:<22} {p:>9.3f} {r:>7.3f} {f1:>7.3f} {n:>8}")
    lines.append(f"  macro-F1 {s.macro_f1:.4f}   accuracy {s.accuracy:.4f}")
    return lines


def format_report(report: Report) -> str:
    lines = _scores_table(f"fused (rules + model), {report.n} messages", report.fused)
    lines.append("confusion (rows gold, columns predicted; order " +
                 ", ".join(str(x) for x in LABELS) + ")")
    lines += ["  " + " ".join(f"{v:>6}" for v in row) for row in report.fused.confusion]
    lines.append(f"likely_scam labelled official_reminder: {report.fused.scam_as_official()}")
    lines.append(f"expected calibration error: {report.ece:.4f}")
    if report.styles:
        lines.append(f"per style: {'style':<12} {'messages':>8} {'macro-F1':>8} "
                     f"{'accuracy':>8} {'ECE':>7} {'scam→official':>13}")
        for style, f in report.styles.items():
            lines.append(f"  {style:<21} {f.messages:>8} {f.macro_f1:>8.4f} {f.accuracy:>8.4f} "
                         f"{f.ece:>7.4f} {f.scam_as_official:>13}")
    lines.append("ablation (macro-F1 on the same messages): "
                 f"rules only {report.rules_only.macro_f1:.4f}, "
                 f"model only {report.model_only.macro_f1:.4f}, "
                 f"fused {report.fused.macro_f1:.4f}")
    if report.evasion is not None:
        lines.append(f"evasion copy: macro-F1 {report.evasion.macro_f1:.4f} "
                     f"(drop {report.fused.macro_f1 - report.evasion.macro_f1:+.4f})")
    if report.real_negatives:
        lines.append("real negatives (share of messages per label):")
        for name, row in report.real_negatives.items():
            shares = ", ".join(f"{label} {row[str(label)]:.2%}" for label in LABELS)
            lines.append(f"  {name:<40} n={row['messages']:>6}  {shares}")
    if report.rules:
        lines.append(f"rules on the corpus: {'rule':<34} {'label':<22} "
                     f"{'weight':>6} {'hits':>6} {'precision':>9} {'conflicts':>9}")
        for s in report.rules:
            p = "-" if s["precision"] is None else f"{s['precision']:.3f}"
            lines.append(f"  {s['rule']:<52} {s['label']:<22} {s['weight']:>6.1f} "
                         f"{s['hits']:>6} {p:>9} {s['conflicts']:>9}")
    return "\n".join(lines)


def evaluate(args: argparse.Namespace) -> int:
    """``scamcheck evaluate`` with the options parsed by ``scamcheck.cli``."""
    from .classifier import Classifier

    negatives = None if args.real_negatives is None else Path(args.real_negatives)
    if negatives is not None and not negatives.exists():
        raise CommandError(f"--real-negatives {negatives}: no such folder or file")
    classifier = Classifier.load(args.model)
    examples = read_corpus_for_command(args.file)
    test = [e for e in examples if e.split == "test"]
    if not test:
        raise CommandError(f"{args.file}: no rows with split=test to evaluate on")
    report = evaluate_examples(classifier, test, evasion=not args.no_evasion)
    if negatives is not None:
        report.real_negatives = real_negative_shares(classifier, negatives)
        if not report.real_negatives:
            raise CommandError(f"--real-negatives {negatives}: no *.tsv or *.txt file in it")
    if args.rules:
        report.rules = rule_report(classifier, examples)
    print(format_report(report))
    if args.json:
        summary = report.summary()
        if report.rules:
            summary["rules"] = report.rules
        Path(args.json).write_text(
            json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """``python -m scamcheck.evaluate …`` is ``scamcheck evaluate …``."""
    from .cli import main as cli_main

    return cli_main(["evaluate", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
