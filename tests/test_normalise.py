import re

from hypothesis import given
from hypothesis import strategies as st

from scamcheck.normalise import _separator_cuts, normalise, normalise_many


def test_full_width_traditional_and_case():
    text = normalise("您的花唄已逾期１５天，請盡快還款ＡＰＰ").text
    assert text == "您的花呗已逾期15天,请尽快还款app"


def test_separators_between_cjk_are_removed():
    for evasive in ["逾 期", "逾*期", "逾-期", "逾.期", "逾·期", "逾_期", "逾|期", "逾\u200b期",
                    "逾 * 期"]:
        assert normalise(evasive).text == "逾期", evasive


def test_separators_between_digits_only_whitespace():
    assert normalise("9 5 1 8 8").text == "95188"
    assert normalise("1,234.56元").text == "1,234.56元"
    assert normalise("2026-11-03").text == "2026-11-03"


def test_lookalike_letters_inside_numbers():
    assert normalise("请致电9S1B8").text == "请致电95188"
    assert normalise("hello world").text == "hello world"


def test_tones_go():
    assert normalise("Nǐ de jièkuǎn yūqī le").text == "你的借款逾期了"
    assert normalise("lǜshī hán").text == "律师函"  # ü is typed v
    n = normalise("café")
    assert (n.text, n.steps) == ("cafe", ("tones",))


def test_offsets_point_into_the_original():
    original = "【招行】您已逾 期，征*信 受损"
    n = normalise(original)
    for word in ("逾期", "征信"):
        i = n.text.index(word)
        start, end = n.span(i, i + len(word))
        assert original[start:end].replace(" ", "").replace("*", "") == word


def test_lone_surrogates_and_controls():
    n = normalise("逾期\ud800\x00x")
    assert "\ud800" not in n.text and "\x00" not in n.text


@given(st.text())
def test_any_string_normalises_and_maps(text):
    n = normalise(text)
    assert n.original == text
    for i in range(len(n.text) + 1):
        assert 0 <= n.to_original(i) <= len(text)
    assert normalise(n.text).text == normalise(n.text).text


_TRICKY = st.sampled_from(["逾 期", "Σ", "ΑΣ", "İ", "ﬁ", "①", "\u200b", "\ufe0f", "\ud800", "\x01",
                           "Ǐ", "ǚ", "９Ｓ１", "哈哈哈哈", "還款", "\n", "Ａ", "ß", " ", "9 5",
                           "\u3000", "ni3 hao3 ma1 "])


@given(st.lists(st.lists(_TRICKY | st.text(max_size=5), max_size=6).map("".join), max_size=8))
def test_a_batch_normalises_like_its_messages_one_by_one(texts):
    assert normalise_many(texts) == [normalise(t) for t in texts]


def test_the_corpus_normalises_the_same_in_batches_and_alone():
    from scamcheck.corpus import read_corpus

    from .conftest import ROOT

    texts = [e.text for e in read_corpus(ROOT / "data" / "corpus.csv")]
    assert normalise_many(texts) == [normalise(t) for t in texts]


# The separator rule as one regular expression: the definition _separator_cuts implements.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SEP = r"[\s*\-_.·•|/\\~^+=#'\"`’‘“”•・·ˉ¯…]+"
_SEPARATORS = re.compile(
    rf"[{_CJK}]({_SEP})(?=[{_CJK}0-9])|[0-9]({_SEP})(?=[{_CJK}])|[0-9]([ \t]+)(?=[0-9])"
)


@given(st.lists(st.sampled_from(["逾", "期", "1", "2", " ", "\t", "-", "*", "a", "·", "\n", "。",
                                 "﨑", "㐀", "…", "/", "\x01", "\u3000"]),
                max_size=12).map("".join))
def test_separator_cuts_follow_the_definition(text):
    expected = [m.span(m.lastindex) for m in _SEPARATORS.finditer(text)]
    assert _separator_cuts(text) == expected


def test_steps_record_what_changed_the_text_in_order():
    assert normalise("逾\u200b期 還款").steps == ("invisible", "traditional", "separators")
    assert normalise("客服9S1O8").steps == ("lower_case", "lookalike_digits")
    assert normalise("hb yq了").steps == ("canonical_forms",)
    assert normalise("哈哈哈哈").steps == ("repeats",)
    assert normalise("您好").steps == ()
    texts = ["逾 期", "ＡＢ", "您好", "\ud800"]
    assert [n.steps for n in normalise_many(texts)] == [
        ("separators",), ("nfkc", "lower_case"), (), ("surrogates",)]


@given(st.lists(st.lists(_TRICKY | st.text(max_size=5), max_size=6).map("".join), max_size=8))
def test_a_step_is_recorded_exactly_when_it_changed_the_text(texts):
    from scamcheck.normalise import _STEPS, _Builder

    builders = [_Builder(t) for t in texts]
    expected: list[list[str]] = [[] for _ in texts]
    for name, step in _STEPS:
        before = [b.text for b in builders]
        step(builders)
        for i, b in enumerate(builders):
            if b.text != before[i]:
                expected[i].append(name)
    assert [list(n.steps) for n in normalise_many(texts)] == expected
