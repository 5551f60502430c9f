"""Every canonical form's examples, the loader's validation, and the offset map through them."""

import re
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scamcheck.canonical import (
    _LATIN,
    CanonicalError,
    Forms,
    _from_toml,
    _latin_words,
    _variant_regex,
    load_forms,
)
from scamcheck.normalise import normalise, normalise_many
from scamcheck.prefilter import BUILD_AFTER

from .conftest import ROOT, SHARED, needs_datasets

# Given by path, every form's own pattern is compiled and checked.
FORMS = load_forms(resources.files("scamcheck.data") / "canonical.toml").forms


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.id)
def test_form_examples(form):
    for text in form.examples_map:
        n = normalise(text)
        assert form.id in n.forms, f"{form.id} should map in {text!r} (got {n.text!r})"
        assert form.canonical in n.text
    for text in form.examples_no_map:
        assert form.id not in normalise(text).forms, f"{form.id} should not map in {text!r}"


def test_batch_equals_one_by_one():
    texts = [t for f in FORMS for t in (*f.examples_map, *f.examples_no_map)]
    assert normalise_many(texts) == [normalise(t) for t in texts]


def test_hits_point_at_the_variant_in_the_original():
    original = "Ni de HB yq le, 明天必须 hk"
    n = normalise(original)
    # The pinyin left after the canonical forms is read as Chinese words (see test_pinyin).
    assert n.text == "你的花呗逾期了, 明天必须还款"
    for word, variant in (("花呗", "HB"), ("逾期", "yq"), ("还款", "hk")):
        i = n.text.index(word)
        start, end = n.span(i, i + len(word))
        assert original[start:end] == variant


def test_latin_variants_never_map_inside_links_ids_or_numbers():
    for text in ("www.loan-help.com 借款", "加微信 tx98 提现", "hk500 还款", "a@overdue.cn"):
        assert normalise(text).forms == (), text


LATIN = sorted({v for f in FORMS for v in f.variants or () if _LATIN.match(v)},
               key=lambda v: (-len(v), v))
LATIN_REGEXES = [_variant_regex(v) for v in LATIN]
# The plain version of the fast path: the variants as one alternation, whole words only.
PLAIN_LATIN = re.compile(r"(?=[a-z])(?<![a-z0-9./@_-])(?:" + "|".join(LATIN_REGEXES)
                         + r")(?![a-z0-9_@/-]|\.[a-z0-9])")
GROUPED_LATIN = re.compile(_latin_words(LATIN_REGEXES))


def _spans(pattern, text):
    return [m.span() for m in pattern.finditer(text)]


def test_latin_words_match_as_the_plain_alternation_on_every_example():
    for form in FORMS:
        for text in (*form.examples_map, *form.examples_no_map):
            text = normalise(text).text
            assert _spans(GROUPED_LATIN, text) == _spans(PLAIN_LATIN, text), text


@given(st.lists(st.sampled_from([*LATIN, " ", "  ", ".", "-", "_", "/", "@", "1", "x", "s",
                                 "借", "www.", ".cn", "\n"]), max_size=12).map("".join))
def test_latin_words_match_as_the_plain_alternation(text):
    assert _spans(GROUPED_LATIN, text) == _spans(PLAIN_LATIN, text)


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"variants": ["x"], "pattern": "x"}, "exactly one"),
        ({"variants": ["X"]}, "lower-case"),
        ({"pattern": "(a)"}, "groups"),
        ({"pattern": "a?"}, "empty"),
        ({"variants": ["x"], "context": "nowhere"}, "unknown context"),
        ({"variants": ["x"], "kind": "latin"}, "kind"),
        ({"variants": ["x"], "examples": {"map": ["x"]}}, "example"),
    ],
)
def test_invalid_entries_are_refused(entry, problem):
    raw = {"id": "X", "canonical": "逾期", "kind": "english", "description": "d", "source": "s",
           "examples": {"map": ["x"], "no_map": ["y"]}} | entry
    with pytest.raises(CanonicalError, match=problem):
        _from_toml({"form": [raw]})


def test_many_variants_in_one_text():
    """20,000 variants that each need a context (quadratic once: 18 s), all mapped, and the
    offset map still pointing at each."""
    n = normalise("借呗 " + "hk " * 20_000)
    assert n.text.count("还款") == 20_000
    last = n.text.rindex("还款")
    assert n.original[slice(*n.span(last, last + 2))] == "hk"


@pytest.mark.parametrize("texts_from", ["corpus", pytest.param("real", marks=needs_datasets)])
def test_prefilter_never_changes_what_maps(texts_from):
    """The Hyperscan prefilter of the passes must give exactly what searching every text
    with every pass gives."""
    from scamcheck.corpus import read_corpus

    if texts_from == "corpus":
        texts = [e.text for e in read_corpus(ROOT / "data" / "corpus.csv")]
        texts += [t for f in FORMS for t in (*f.examples_map, *f.examples_no_map)]
    else:
        texts = [line.split("\t", 1)[-1] for f in sorted(SHARED.rglob("*.t*"))
                 for line in f.read_text("utf-8").splitlines()]
    texts += ["hk " * 3000, "借呗 " + "yq hk zx " * 500, "“" * 5000, "\ud800 hb yq"]
    lowered = [t.lower() for t in texts]  # the canonical step sees lower-cased text
    fast = load_forms(resources.files("scamcheck.data") / "canonical.toml")
    plain = Forms(list(fast.forms), prefilter=False)
    assert fast._prefilter_for(BUILD_AFTER) is not None  # built, or loaded from the cache
    for i in range(0, len(lowered), 500):
        batch = lowered[i : i + 500]
        assert fast.found_many(batch) == plain.found_many(batch)


def test_passes_are_the_same_text_in_every_process():
    """The prefilter's cache is keyed on the passes' text: a set's order, which changes with
    the hash seed of each process, must not reach it."""
    import os
    import subprocess
    import sys

    code = ("from scamcheck.canonical import load_forms; "
            "print([p.pattern for p in load_forms().patterns])")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(outs) == 1
