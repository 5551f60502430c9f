"""Realistic values for anonymisation tokens: every token replaced, nothing else touched."""

import random

from hypothesis import given
from hypothesis import strategies as st

from scamcheck.anonymised import TOKENS, restore
from scamcheck.channels import CHECKS


def test_every_token_becomes_a_value_of_its_kind():
    text = "尊敬的 NAME 请登录 URL 或致电 PHONE 、 CELLPHONE ，积分 DIGIT 分，微信 WECHAT QQ PLACE"
    out = restore(text, random.Random(1))
    assert not any(token in out for token in TOKENS)
    assert out.startswith("尊敬的 ") and "请登录 " in out
    assert restore(text, random.Random(1)) == out  # seeded


def test_tokens_inside_words_are_left_alone():
    assert restore("URLs and DIGITAL QQmusic", random.Random(1)) == "URLs and DIGITAL QQmusic"


def test_restored_links_are_never_a_lenders_official_domain():
    rng = random.Random(3)
    for _ in range(300):
        text = restore("【招商银行】请登录 URL 查询", rng)
        assert CHECKS["official_link"](text.lower(), None) is None, text


@given(st.text())
def test_never_crashes(text):
    assert isinstance(restore(text, random.Random(0)), str)
