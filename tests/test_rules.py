"""Every rule's examples, the loader's validation, and linear-time patterns."""

import time

import pytest

from scamcheck.normalise import normalise
from scamcheck.rules import RuleError, load_rules

from .conftest import needs_datasets

RULES = load_rules()


def _fired(text: str, sender: str | None = None) -> set[str]:
    return {m.rule.id for m in RULES.match(normalise(text).text, sender)}


def test_at_least_forty_rules_with_descriptions():
    shown = [r for r in RULES.rules if not r.is_sub_rule]
    assert len(shown) >= 40
    assert all(r.description for r in shown)


@pytest.mark.parametrize("rule", [r for r in RULES.rules if not r.is_sub_rule], ids=lambda r: r.id)
def test_rule_examples(rule):
    for text, sender in rule.examples_match:
        assert rule.id in _fired(text, sender), f"{rule.id} should fire on {text!r}"
    for text, sender in rule.examples_no_match:
        assert rule.id not in _fired(text, sender), f"{rule.id} should not fire on {text!r}"


def _write(tmp_path, body: str):
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = '''
[[rule]]
id = "OFF_X"
label = "official_reminder"
cue = "lawful"
pattern = "逾期"
weight = 1
description = "d"
examples.match = ["已逾期"]
examples.no_match = ["你好"]
'''


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (("OFF_X", "off-x"), "UPPER_SNAKE"),
        (("official_reminder", "official"), "label must be one of"),
        (("逾期", "逾期("), "does not compile"),
        (("weight = 1", "weight = 99"), "outside"),
        (('pattern = "逾期"', 'pattern = "a?"'), "empty string"),
        (('description = "d"', 'description = ""'), "description"),
        (('examples.no_match = ["你好"]', ""), "example"),
        (('cue = "lawful"', 'cue = "nice"'), "cue must be one of"),
        (('cue = "lawful"', 'cue = "off_channel"'), "does not fit"),
        (('cue = "lawful"', ""), "cue must be one of"),
    ],
)
def test_loader_rejects_bad_rules(tmp_path, mutation, message):
    with pytest.raises(RuleError, match=message):
        load_rules(_write(tmp_path, GOOD.replace(*mutation)))


def test_loader_rejects_duplicates_and_unknown_requires(tmp_path):
    with pytest.raises(RuleError, match="duplicate"):
        load_rules(_write(tmp_path, GOOD + GOOD))
    meta = GOOD.replace('pattern = "逾期"', 'requires = ["__NOPE"]')
    with pytest.raises(RuleError, match="unknown sub-rule"):
        load_rules(_write(tmp_path, meta))


def test_decisive_cues_need_a_positive_weight(tmp_path):
    scam = GOOD.replace("official_reminder", "likely_scam").replace("lawful", "off_channel")
    assert load_rules(_write(tmp_path, scam)).rules[0].decisive
    with pytest.raises(RuleError, match="positive weight"):
        load_rules(_write(tmp_path, scam.replace("weight = 1", "weight = -1")))


def test_no_texts_give_empty_results():
    found = RULES.evaluate([])
    assert found.matches == [] and found.scores.shape == (0, 4) and found.decisive.shape == (0,)
    assert RULES.match_many([]) == []


def test_batch_matching_equals_one_by_one():
    texts = [t for r in RULES.rules for t, _ in (*r.examples_match, *r.examples_no_match)]
    norm = [normalise(t).text for t in texts]
    batch = RULES.match_many(norm)
    for text, hits in zip(norm, batch, strict=True):
        assert [m.rule.id for m in hits] == [m.rule.id for m in RULES.match(text)]


def _fragments(pattern: str) -> list[str]:
    """Literal CJK/ASCII pieces of a pattern, to build adversarial input from."""
    import re

    pieces = re.findall(r"[\u4e00-\u9fff]+|[a-z0-9]+", pattern)
    return pieces or ["a"]


def _best_time(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("rule", [r for r in RULES.rules if r.pattern is not None],
                         ids=lambda r: r.id)
def test_patterns_scale_linearly_on_adversarial_input(rule):
    """Ten times the input must cost far less than a hundred times the time (quadratic).

    The input repeats the pattern's own literal fragments, which is what makes a
    backtracking pattern blow up. This compares growth, not absolute speed.
    """
    frags = _fragments(rule.pattern.pattern)
    for unit in ("".join(frags), "".join(frags[:-1]) or frags[0], " ".join(frags)):
        small = (unit * (10_000 // len(unit) + 1))[:10_000]
        large = (unit * (100_000 // len(unit) + 1))[:100_000]

        def scan(text):
            return lambda: sum(1 for _ in rule.pattern.finditer(text))

        ratio = _best_time(scan(large)) / max(_best_time(scan(small)), 1e-5)
        assert ratio < 35, f"10x input took {ratio:.0f}x the time on {unit[:30]!r}…"


def test_every_positive_rule_is_precise_on_the_corpus():
    """No rule with a positive weight is right for its label less than 80 % of the time.

    A debt rule's hit is also right in a message whose label outranks the rule's: an
    official cue in a long notice with one unlawful or off-channel sentence is a true cue
    that precedence overrules (the corpus's `long` style is built of such messages). An
    `unrelated` rule is right only in `unrelated` messages."""
    from collections import Counter

    from scamcheck.corpus import read_corpus
    from scamcheck.labels import PRECEDENCE, Label

    from .conftest import ROOT

    corpus = read_corpus(ROOT / "data" / "corpus.csv")
    hits, right = Counter(), Counter()
    for example, matches in zip(
        corpus, RULES.match_many([normalise(e.text).text for e in corpus]), strict=True
    ):
        rank = PRECEDENCE.index(example.label)
        for m in matches:
            hits[m.rule.id] += 1
            right[m.rule.id] += m.rule.label == example.label or (
                m.rule.label != Label.UNRELATED and rank < PRECEDENCE.index(m.rule.label))
    weak = {rid: round(right[rid] / n, 3) for rid, n in hits.items()
            if RULES.by_id[rid].weight > 0 and right[rid] / n < 0.8}
    assert not weak, weak


@pytest.mark.parametrize("texts_from", ["corpus", pytest.param("real", marks=needs_datasets)])
def test_prefilter_never_changes_what_fires(texts_from):
    """The Hyperscan prefilter must give exactly what scanning every rule gives."""
    from scamcheck.channels import CHECKS
    from scamcheck.corpus import read_corpus
    from scamcheck.rules import RuleSet

    from .conftest import ROOT, SHARED

    if texts_from == "corpus":
        texts = [e.text for e in read_corpus(ROOT / "data" / "corpus.csv")]
        texts += [t for r in RULES.rules for t, _ in (*r.examples_match, *r.examples_no_match)]
    else:
        texts = [line.split("\t", 1)[-1] for f in sorted(SHARED.rglob("*.t*"))
                 for line in f.read_text("utf-8").splitlines()]
    normalised = [normalise(t).text for t in texts]
    plain = RuleSet(RULES.rules, CHECKS, prefilter=False)
    kinds = ["95188", "13800138000", "", None, "106575", "+86 139-1234-5678"]
    for i in range(0, len(normalised), 2000):
        batch = normalised[i : i + 2000]
        senders = [kinds[k % len(kinds)] for k in range(len(batch))]
        fast, slow = RULES.evaluate(batch, senders), plain.evaluate(batch, senders)
        assert [[(m.rule.id, m.start, m.end) for m in ms] for ms in fast.matches] == [
            [(m.rule.id, m.start, m.end) for m in ms] for ms in slow.matches]


def test_widen_repeats():
    from scamcheck.prefilter import widen_repeats

    assert widen_repeats("逾期.{0,20}上门") == "逾期.{0,}上门"
    assert widen_repeats("a{2,5}b{3}c{,4}") == "a{2,}b{3}c{0,}"
    assert widen_repeats(r"[{1,2}]\{1,2\}x{1,2}") == r"[{1,2}]\{1,2\}x{1,}"


def test_prefilter_leaves_out_what_hyperscan_cannot_compile(tmp_path, monkeypatch):

    from scamcheck.prefilter import Prefilter

    monkeypatch.setenv("SCAMCHECK_CACHE", str(tmp_path))
    patterns = ["逾期", r"\N{DIGIT ONE}", "上门", r"\u4e0a"]
    for _ in range(2):  # built, then loaded from the cache
        pre = Prefilter.load(patterns)
        assert pre.unfiltered == [1, 3]
        assert pre.candidates(["逾期后上门", "1", "\ud800逾期"]) == {0: [0, 2], 2: [0, 2]}
    assert len(list(tmp_path.glob("rules-*.hsdb"))) == 1


def test_without_hyperscan_every_pattern_is_searched(monkeypatch):
    import sys

    from scamcheck.channels import CHECKS
    from scamcheck.prefilter import Prefilter
    from scamcheck.rules import RuleSet

    monkeypatch.setitem(sys.modules, "hyperscan", None)  # import fails
    pre = Prefilter.load(["逾期", "上门"])
    assert pre.unfiltered == [0, 1] and pre.candidates(["逾期"]) == {}
    texts = [normalise(t).text for r in RULES.rules for t, _ in r.examples_match][:200]
    rules = RuleSet(RULES.rules, CHECKS)
    rules.evaluate(texts * 10)  # builds the (empty) prefilter
    assert rules.engine._prefilter is not None
    plain = RuleSet(RULES.rules, CHECKS, prefilter=False)
    assert [[m.rule.id for m in ms] for ms in rules.evaluate(texts).matches] == [
        [m.rule.id for m in ms] for ms in plain.evaluate(texts).matches]


def test_the_prefilter_is_loaded_early_and_built_late(tmp_path, monkeypatch):
    from scamcheck.channels import CHECKS
    from scamcheck.prefilter import BUILD_AFTER
    from scamcheck.rules import RuleSet

    monkeypatch.setenv("SCAMCHECK_CACHE", str(tmp_path))
    text = normalise("您的借款已逾期，请尽快还款").text
    first = RuleSet(RULES.rules, CHECKS)
    first.evaluate([text] * 16)
    assert first.engine._prefilter is None  # nothing cached: a small job does not pay to build it
    first.evaluate([text] * BUILD_AFTER)
    assert first.engine._prefilter is not None and list(tmp_path.glob("rules-*.hsdb"))
    second = RuleSet(RULES.rules, CHECKS)
    second.evaluate([text])
    assert second.engine._prefilter is not None  # loaded from the cache at once
    # ... and only the patterns it named were compiled
    engine = second.engine
    assert 0 < sum(p is not None for p in engine._compiled) < len(engine._pattern_idx) // 4


def test_building_a_prefilter_prunes_databases_unused_for_a_month(tmp_path, monkeypatch):
    import os
    import time

    from scamcheck.prefilter import CACHE_DAYS, Prefilter

    monkeypatch.setenv("SCAMCHECK_CACHE", str(tmp_path))
    stale, recent = tmp_path / "rules-stale.hsdb", tmp_path / "rules-recent.hsdb"
    for path, days in ((stale, CACHE_DAYS + 1), (recent, CACHE_DAYS - 1)):
        path.write_bytes(b"[]\n")
        then = time.time() - days * 86_400
        os.utime(path, (then, then))
    Prefilter.load(["逾期"])
    assert not stale.exists() and recent.exists()
    (built,) = set(tmp_path.glob("rules-*.hsdb")) - {recent}
    os.utime(built, (0, 0))
    Prefilter.load(["逾期"])  # loading marks it used
    assert built.stat().st_mtime > time.time() - 60


def test_the_shipped_rule_file_validates_when_given_by_path():
    from scamcheck.rules import _default_path, load_rules

    assert len(load_rules(str(_default_path()))) == len(RULES)


def _first_chars(items) -> set[str] | None:
    """The characters a parsed regex (``re._parser``) can start a match with, skipping
    zero-width assertions; ``None`` when that is not a finite set of literals."""
    import re._constants as c

    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        if op is c.LITERAL:
            return {chr(av)}
        if op is c.IN:
            return {chr(a) for o, a in av} if all(o is c.LITERAL for o, _ in av) else None
        if op is c.SUBPATTERN:
            return _first_chars(av[-1])
        if op is c.BRANCH:
            alternatives = [_first_chars(alt) for alt in av[1]]
            return None if None in alternatives else set().union(*alternatives)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return _first_chars(av[2])
        return None
    return None


def test_a_first_character_look_ahead_admits_every_alternative():
    """A pattern that starts with "(?=[...])" (so that ``re`` skips ahead) must list there
    the first character of every alternative it guards: 日夜轰炸 in __MENACE_WORDS and the
    closing-quote branch of UNR_QUOTES_A_MESSAGE could never match while their first
    characters were missing."""
    import re
    import re._parser as parser

    checked = 0
    for rule in RULES.rules:
        if not (rule.source or "").startswith("(?=["):
            continue
        parsed = list(parser.parse(rule.source, re.MULTILINE))
        if parsed[0][0] is not parser.ASSERT:
            continue  # the look-ahead guards only the first of top-level alternatives
        allowed, body = _first_chars(parsed[0][1][1]), _first_chars(parsed[1:])
        if allowed is None or body is None:
            continue
        checked += 1
        assert body <= allowed, (rule.id, "".join(sorted(body - allowed)))
    assert checked >= 40
