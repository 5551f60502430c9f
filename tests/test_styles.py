"""The generator's style transforms (data/styles.py): labels kept right, never a crash."""

import random
import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from scamcheck.labels import Label

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "data"))
import styles

OFF, AGG, SCAM, UNR = (Label.OFFICIAL_REMINDER, Label.AGGRESSIVE_COLLECTION,
                       Label.LIKELY_SCAM, Label.UNRELATED)
OFFICIAL = ("【支付宝】尊敬的用户，您的花呗已逾期15天，应还1,326.40元。"
            "请登录支付宝App还款，详询95188。")
AGGRESSIVE = ("张先生，你的借呗已逾期。今天再不还，我们就给你通讯录里所有人打电话。"
              "别怪我们没提醒你。")
SCAM = "【招联金融】您的好期贷已逾期6天。我司可为您办理停息分期。请联系协商专员 13602847719。"


def test_terse_keeps_the_cue_sentence():
    rng = random.Random(1)
    assert "通讯录" in styles.terse(AGGRESSIVE, AGG, rng)
    assert "13602847719" in styles.terse(SCAM, SCAM, rng, extra=["13602847719"])
    cut = styles.terse(OFFICIAL, OFF, rng)
    assert re.search("逾期|yq|预期", cut) and len(cut) < len(OFFICIAL)


def test_terse_skips_what_it_cannot_keep_right():
    rng = random.Random(1)
    assert styles.terse("快递到了。", UNR, rng) is None  # already terse
    chat = "你好，祝你生日快乐，我们明天见面聊聊天吧。改天一起吃饭。"
    assert styles.terse(chat, AGG, rng) is None
    # An unrelated message whose first sentence names a scam cue stays whole.
    warning = "警方从不会让你把钱转到安全账户。接到此类电话请立即挂断，拨打96110。"
    assert styles.terse(warning, UNR, rng) is None


def test_spoken_cantonese_and_traditional():
    rng = random.Random(3)
    got = {styles.spoken("你的欠款没有还，不要拖了，他是不会等的。", rng) for _ in range(40)}
    assert any(re.search("[嘅咗唔冇佢係]", g) for g in got if g)
    assert styles.traditional("你的信用卡已经逾期了，请立即还款", rng).startswith("你的信用卡已經")


def test_pinyin_without_tones():
    rng = random.Random(5)
    got = [styles.pinyin(OFFICIAL, OFF, rng) for _ in range(20)]
    full = [g for g in got if g and not re.search(r"[\u4e00-\u9fff]", g.split("】")[-1])]
    assert full and all(g.isascii() or "】" in g for g in full)
    assert any("yq" in g or "yuqi" in g for g in got if g)


def test_compose_buries_one_sentence_inside():
    out = styles.compose(OFFICIAL, "不还就上门找你家人", random.Random(2))
    assert out.startswith("【支付宝】") and "不还就上门找你家人。" in out
    assert not out.endswith("不还就上门找你家人。")


def test_frame_quotes_the_message():
    fill = lambda s: re.sub(r"\{([^{}|]*\|[^{}]*)\}", lambda m: m.group(1).split("|")[0],  # noqa: E731
                            s).replace("{city}", "某市").replace("{surname}", "王")
    for seed in range(10):
        out = styles.frame(AGGRESSIVE, AGG, random.Random(seed), fill)
        assert "通讯录" in out and out != AGGRESSIVE and "{" not in out


@given(st.text(max_size=80), st.sampled_from([OFF, AGG, SCAM, UNR]), st.integers(0, 9))
def test_transforms_never_crash(text, label, seed):
    rng = random.Random(seed)
    for out in (styles.terse(text, label, rng), styles.spoken(text, rng),
                styles.pinyin(text, label, rng), styles.traditional(text, rng)):
        assert out is None or isinstance(out, str)
    assert "不还就上门。" in styles.compose(text, "不还就上门", rng)


def test_pinyin_reads_repay_as_huan():
    assert styles._to_pinyin("你的白条还款772元，今天不还就上门，还是要还") == (
        "ni de baitiao huankuan 772 yuan, jintian bu huan jiu shangmen, haishi yao huan")
