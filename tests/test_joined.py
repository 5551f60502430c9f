import re

from scamcheck.joined import JOIN, first_matches, starts
from scamcheck.normalise import normalise


def test_starts_end_one_past_the_last_text():
    assert starts(["ab", "", "cde"]) == [0, 3, 4, 8]
    assert starts([]) == [0]


def test_first_matches_are_per_text_and_never_cross_a_join():
    texts = ["逾期逾期", "无", "逾", "期还款", "逾期"]
    joined = "\n".join(texts)
    found = list(first_matches(re.compile(r"逾\n?期"), joined, starts(texts)))
    # "逾" + "\n" + "期" spans two texts: discarded, and text 2 alone does not match
    assert found == [(0, (0, 2)), (4, (0, 2))]


def test_a_match_running_into_the_next_text_is_searched_again_alone():
    texts = ["a1", "b"]
    found = list(first_matches(re.compile(r"a1(?:\nb)?|1"), "\n".join(texts), starts(texts)))
    assert found == [(0, (0, 2))]


def test_normalised_text_never_contains_the_join():
    assert JOIN not in normalise(f"逾期{JOIN}还款").text
