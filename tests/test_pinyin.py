"""Text typed in pinyin, read back as Chinese words."""

from itertools import pairwise

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from scamcheck.normalise import _TWO_LATIN_WORDS, normalise
from scamcheck.pinyin import SYLLABLES, read_pinyin, syllables, tone_numbers


@pytest.mark.parametrize(("word", "expected"), [
    ("meituanjiekuan", ("mei", "tuan", "jie", "kuan")),
    ("nijiede", ("ni", "jie", "de")),
    ("xian", ("xian",)),  # the fewest syllables: 先, not 西安
    ("overdue", None),
    ("please", None),
])
def test_syllables(word, expected):
    assert syllables(word) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ni de xinyongka yuqi le", "你的信用卡逾期了"),
    ("ni de jiekuan yuqi2geyue le", "你的借款逾期2个月了"),
    ("women mingtian qu ni danwei", "我们明天去你单位"),
    # The canonical forms' own terms win over commoner words of the same reading (与其),
    # also where the forms themselves do not read a word that touches a number.
    ("ni de daikuan yuqi2tian", "你的贷款逾期2天"),
    # A full stop ends a sentence: the word before it is read, as the canonical forms do,
    # and the stop is read as the 。 it stands for.
    ("ni de jiekuan yuqi le. mingtian qu ni danwei.", "你的借款逾期了。明天去你单位。"),
])
def test_pinyin_is_read_as_chinese(text, expected):
    assert normalise(text).text == expected


@pytest.mark.parametrize("text", [
    "your loan is overdue, please repay via the app today",  # English
    "change the plan",
    "请登录jiebei还款",  # one Latin word says too little
    "denglu fy-tiaojie.cn",  # a link's words, and then one word
])
def test_what_is_not_pinyin_is_left_alone(text):
    assert read_pinyin(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("ni3 de jie4kuan3 yi3jing1 yu2qi1 9 tian1 le", "你的借款已经逾期9天了"),
    ("Nǐ de jièkuǎn yūqī le", "你的借款逾期了"),  # tone marks
])
def test_pinyin_with_tones_is_read(text, expected):
    assert normalise(text).text == expected


@pytest.mark.parametrize("text", [
    "ni de jiekuan yuqi2tian, yuqi3ci",  # counts, in a text without tone numbers
    "车牌皖e1yyht, a3栋, a4纸, iphone5",  # ids and models
    "weihao2206 3,216.00",
])
def test_digits_that_are_no_tone_numbers_stay(text):
    assert tone_numbers(text) == []


def test_a_hit_points_at_the_letters_typed():
    text = "ni de jiekuan yuqi2geyue le"
    n = normalise(text)
    start = n.text.index("逾期")
    assert text[slice(*n.span(start, start + 2))] == "yuqi"
    assert "pinyin" in n.steps


@given(st.lists(st.sampled_from([*sorted(SYLLABLES), " ", "2", ".", "-", "x", "the"]),
                max_size=30).map("".join))
@example("ni hao. ni hao")
def test_edits_cover_whole_syllables_in_order(text):
    edits = read_pinyin(text)
    assert all(a[1] <= b[0] for a, b in pairwise(edits))
    for start, end, words in edits:
        if words == "。":  # a full stop, with the spaces after it
            assert text[start:end].rstrip(" ") == "."
        elif words:
            assert text[start:end].strip()
            assert all("\u4e00" <= ch <= "\u9fff" for ch in words)
        else:  # the spaces between two words read
            assert text[start:end].strip(" '") == ""


@given(st.lists(st.sampled_from([*sorted(SYLLABLES)[::7], " ", "2", ".", "-", "x", "你", "。"]),
                max_size=30).map("".join))
def test_the_batch_prefilter_keeps_every_text_that_is_read(text):
    """normalise reads pinyin only in the texts ``_TWO_LATIN_WORDS`` names: none that
    ``read_pinyin`` would read may be left out."""
    if read_pinyin(text):
        assert _TWO_LATIN_WORDS.search(text)


def test_a_long_run_of_letters_costs_linear_time():
    # The batch prefilter once took 24 s on this: a lazy ".*?" between two words, tried from
    # every letter; and the search for tone numbers 20 s on the last (a tone mark makes it
    # look for them).
    for text in ("a" * 50_000, "ab " + "x" * 50_000, "ax" * 25_000):
        assert normalise(text).text == text
    assert normalise("a" * 49_999 + "ǎ").text == "a" * 50_000
