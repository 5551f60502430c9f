import csv
import json
import random

from scamcheck.corpus import FIELDS
from scamcheck.evaluate import Scores, evaluate_examples, format_report, main, read_real_negatives
from scamcheck.evasion import TRANSFORMS, evade
from scamcheck.labels import Label
from scamcheck.normalise import normalise

OFF, AGG, SCAM, UNR = (Label.OFFICIAL_REMINDER, Label.AGGRESSIVE_COLLECTION,
                       Label.LIKELY_SCAM, Label.UNRELATED)


def test_scores_by_hand():
    s = Scores.of([OFF, OFF, AGG, SCAM, UNR, UNR], [OFF, AGG, AGG, OFF, UNR, UNR])
    assert s.per_class["official_reminder"][:2] == (0.5, 0.5)
    assert s.scam_as_official() == 1
    assert s.per_class["unrelated"][2] == 1.0
    assert 0 < s.macro_f1 < 1


def test_evasion_transforms_change_text_and_normalise_back():
    rng = random.Random(1)
    text = "您的花呗已逾期15天，请尽快还款"
    for transform in TRANSFORMS:
        assert isinstance(transform(text, rng), str)
    evaded = evade(text, rng)
    assert evaded != text
    assert "逾期" in normalise(evaded).text


def test_report_on_a_small_file(fake_classifier, tmp_path):
    from scamcheck.corpus import read_corpus

    path = tmp_path / "small.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(FIELDS)
        w.writerow(["1", "您已逾期，请还款", "official_reminder", "handwritten", "b", "test",
                    "standard"])
        w.writerow(["2", "老赖", "aggressive_collection", "handwritten", "b", "test", "standard"])
        w.writerow(["3", "转账到安全账户", "likely_scam", "handwritten", "b", "test", "standard"])
        w.writerow(["4", "快递到了", "unrelated", "handwritten", "b", "test", "standard"])
    report = evaluate_examples(fake_classifier, read_corpus(path))
    text = format_report(report)
    assert "macro-F1" in text and "ablation" in text and "evasion" in text
    assert set(report.summary()["ablation_macro_f1"]) == {"rules_only", "model_only", "fused"}


def test_figures_per_style(fake_classifier, tmp_path):
    from scamcheck.corpus import Example

    rows = [("您已逾期，请还款", OFF, "standard"), ("老赖", AGG, "standard"),
            ("转账到安全账户", SCAM, "pinyin"), ("快递到了", OFF, "pinyin"),
            ("老赖快递", UNR, "mystyle")]
    examples = [Example(str(i), t, label, "generated", "t", "test", style)
                for i, (t, label, style) in enumerate(rows)]
    report = evaluate_examples(fake_classifier, examples, evasion=False)
    assert list(report.styles) == ["standard", "pinyin", "mystyle", "overall"]
    assert report.styles["standard"].messages == 2
    assert report.styles["standard"].accuracy == 1.0
    assert report.styles["pinyin"].accuracy == 0.5
    assert report.styles["overall"].messages == 5
    assert report.styles["overall"].ece == report.ece
    per_style = report.summary()["per_style"]
    assert per_style["pinyin"] == {
        "messages": 2, "macro_f1": round(report.styles["pinyin"].macro_f1, 4), "accuracy": 0.5,
        "expected_calibration_error": round(report.styles["pinyin"].ece, 4),
        "likely_scam_as_official_reminder": report.styles["pinyin"].scam_as_official}
    table = format_report(report)
    assert "per style" in table and "mystyle" in table and "overall" in table


def test_real_negative_reader(tmp_path):
    (tmp_path / "a.tsv").write_text("0\t你好\n1\t广告\n0\t再见\n", "utf-8")
    (tmp_path / "b.txt").write_text("你 好 世 界\n\n", "utf-8")
    got = dict(read_real_negatives(tmp_path))
    assert got == {"a": ["你好", "再见"], "b": ["你好世界"]}


def test_cli_main(tmp_path, capsys):
    path = tmp_path / "tiny.csv"
    path.write_text("text,label\n快递到了,unrelated\n您的花呗已逾期3天,official_reminder\n",
                    "utf-8")
    out = tmp_path / "figures.json"
    assert main([str(path), "--no-evasion", "--json", str(out)]) == 0
    assert "macro-F1" in capsys.readouterr().out
    figures = json.loads(out.read_text("utf-8"))
    assert set(figures["per_style"]) == {"standard", "overall"}
