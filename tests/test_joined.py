import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scamcheck.joined import JOIN, RULES_SEPARATOR, Joined
from scamcheck.normalise import normalise


def test_starts_end_one_past_the_last_text():
    assert Joined(["ab", "", "cde"]).starts == [0, 3, 4, 8]
    assert Joined([]).starts == [0]
    assert Joined(["ab", "", "cde"], RULES_SEPARATOR).text == "ab\n\ncde"


def test_the_separator_is_one_character():
    with pytest.raises(ValueError):
        Joined(["a"], "--")


def test_first_matches_are_per_text_and_never_cross_a_join():
    texts = ["逾期逾期", "无", "逾", "期还款", "逾期"]
    found = list(Joined(texts, RULES_SEPARATOR).first_matches(re.compile(r"逾\n?期")))
    # "逾" + "\n" + "期" spans two texts: discarded, and text 2 alone does not match
    assert found == [(0, (0, 2)), (4, (0, 2))]


def test_a_match_running_into_the_next_text_is_searched_again_alone():
    found = list(Joined(["a1", "b"], RULES_SEPARATOR).first_matches(re.compile(r"a1(?:\nb)?|1")))
    assert found == [(0, (0, 2))]


@given(st.lists(st.text(alphabet="ab\n", max_size=5), max_size=6))
def test_locate_and_slices_map_every_position_back_to_its_text(texts):
    joined = Joined(texts)
    for i, at in enumerate(joined.slices()):
        assert joined.text[at] == texts[i]
        for offset in range(len(texts[i])):
            assert joined.locate(at.start + offset) == (i, offset)
    assert joined.split(joined.text) == (texts or [""])
    assert len(joined) == len(texts)


def test_normalised_text_never_contains_the_join():
    assert JOIN not in normalise(f"逾期{JOIN}还款").text
