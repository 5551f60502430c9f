"""The corpus generator (data/generate.py): styles of batches, frozen sides, dressed variants."""

import random
import sys

from scamcheck.corpus import STYLES
from scamcheck.labels import LABELS, Label

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "data"))
import generate
import styles

G = generate.Group


def test_batch_style_from_the_file_name():
    assert generate.batch_style("hw_terse_bank_system") == "terse"
    assert generate.batch_style("hw_lookalike_chat") == "lookalike"
    assert generate.batch_style("hw_off_terse_system") == "standard"
    assert generate.batch_style("hw_unknownstyle_x") == "standard"


def test_new_groups_get_a_side_and_old_ones_keep_theirs(tmp_path):
    (tmp_path / "test_groups.txt").write_text("old_test\n", "utf-8")
    (tmp_path / "train_groups.txt").write_text("old_train", "utf-8")
    groups = {"old_test": G("generated", "standard", Label.UNRELATED),
              "old_train": G("generated", "standard", Label.UNRELATED),
              "hw_fraud_only": G("handwritten", "fraud", Label.LIKELY_SCAM)}
    for style in ("terse", "english"):
        for label in LABELS:
            for i in range(3):
                groups[f"hw_{style}_{label}_{i}"] = G("handwritten", style, label)
    groups["hw_terse_lonely"] = G("handwritten", "terse", Label.UNRELATED)
    test = generate.assign_sides(groups, seed=1, folder=tmp_path)
    assert "old_test" in test and "old_train" not in test
    assert "hw_fraud_only" in test  # at least one group per style
    for style in ("terse", "english"):
        chosen = [g for g in test if g.startswith(f"hw_{style}_")]
        assert 3 <= len(chosen) < 8
        for label in LABELS:
            n = sum(f"hw_{style}_{label}_{i}" in test for i in range(3))
            assert 1 <= n < 3
    test_lines = (tmp_path / "test_groups.txt").read_text("utf-8").split()
    train_lines = (tmp_path / "train_groups.txt").read_text("utf-8").split()
    assert test_lines[0] == "old_test" and train_lines[0] == "old_train"
    assert set(test_lines) | set(train_lines) == set(groups)
    assert not set(test_lines) & set(train_lines)
    # A second run finds nothing new and changes nothing.
    assert generate.assign_sides(groups, seed=99, folder=tmp_path) == test
    assert (tmp_path / "test_groups.txt").read_text("utf-8").split() == test_lines


def _dresser():
    import tomllib

    with (ROOT / "data" / "slots.toml").open("rb") as fh:
        words = tomllib.load(fh)
    templates, extra = generate.load_templates(ROOT / "data" / "templates")
    words["lender_en"] = extra["lender_en"]
    standard = [t for t in templates if t["style"] == "standard"]
    made = generate.generate(standard, words, seed=3, per_label=200)
    test = {t["id"] for t in templates[::5]}
    return generate.Dresser(made, templates, words, extra, test, seed=3), made, test


def test_variants_keep_labels_and_sides():
    dresser, made, test = _dresser()
    variants = dresser.variants()
    assert {e.style for e in variants} <= set(STYLES)
    base = {m.example.template for m in made}
    for e in variants:
        assert e.template in base and e.source == "generated"
        if e.style == "lookalike":
            assert e.label is Label.UNRELATED
        if e.style == "long" and e.label is Label.AGGRESSIVE_COLLECTION:
            assert any(c in e.text for c in styles.AGGRESSIVE_CUES)
        if e.style == "terse" and e.label is Label.AGGRESSIVE_COLLECTION:
            assert any(c in e.text for c in styles.AGGRESSIVE_CUES)
    # A long composition draws its partner sentence from templates on its own side only.
    for (_label, is_test), templates in dresser.partners.items():
        assert all((t["id"] in test) == is_test for t in templates)


def test_generation_is_seeded():
    a = [e.text for e in _dresser()[0].variants()]
    b = [e.text for e in _dresser()[0].variants()]
    assert a == b and len(a) > 500
    rng = random.Random(0)
    assert generate.fill("{a|{b|c}}", generate.Filler(rng, {}, None)) in {"a", "b", "c"}
