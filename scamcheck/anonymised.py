"""Realistic values for the anonymisation tokens of public SMS corpora, for evaluation.

The FBS corpus (``../shared/datasets/fbs_sms``) replaces every contact and number with a
token: ``URL``, ``PHONE``, ``CELLPHONE``, ``DIGIT``, ``NAME``, ``PLACE``, ``WECHAT``,
``QQ``. A phishing SMS arrived with a link, a number or an account in their place, and
those are among the cues a reader judges it by; evaluation puts back a value of each kind,
seeded, so that a message is scored as it arrived. The tokens themselves must never be a
cue: :func:`restore` is for evaluation only, and no rule or canonical form names them.

The links are invented look-alikes of the institutions a message names, on the same
top-level domains as real phishing, never a real institution's official domain; the
numbers are ordinary mobile, landline and 400 numbers.
"""

from __future__ import annotations

import random
import re

__all__ = ["TOKENS", "restore"]

TOKENS = ("URL", "CELLPHONE", "PHONE", "DIGIT", "NAME", "PLACE", "WECHAT", "QQ")
_TOKEN = re.compile(r"(?<![A-Za-z])(?:" + "|".join(TOKENS) + r")(?![A-Za-z])")

_BRANDS = ("icbc", "ccb", "abc", "boc", "bankcomm", "cmb", "psbc", "cib", "spdb", "ecitic",
           "10086", "95588", "95533", "95599", "95566", "wap", "m", "e", "my")
_WORDS = ("jf", "vip", "kf", "wap", "m", "jifen", "bank", "e", "web", "user", "sj", "pay")
_TLDS = ("com", "cn", "net", "cc", "top", "vip", "xyz", "com.cn", "org", "me")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明")
_PLACES = ("北京", "上海", "广州", "深圳", "杭州", "南京", "武汉", "成都", "重庆", "西安",
           "长沙", "郑州", "济南", "福州", "合肥", "昆明")


def _url(rng: random.Random) -> str:
    host = f"{rng.choice(_BRANDS)}{rng.choice(('-', '', '.'))}{rng.choice(_WORDS)}"
    path = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz0123456789") for _ in range(4))
    scheme = rng.choice(("", "http://", "https://", "www."))
    return f"{scheme}{host}.{rng.choice(_TLDS)}" + (f"/{path}" if rng.random() < 0.5 else "")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


_MAKERS = {
    "URL": _url,
    "CELLPHONE": lambda rng: "1" + rng.choice("3456789") + _digits(rng, 9),
    "PHONE": lambda rng: rng.choice((f"0{rng.randint(10, 99)}-{rng.randint(2, 8)}{_digits(rng, 7)}",
                                     f"400-{_digits(rng, 3)}-{_digits(rng, 4)}")),
    "DIGIT": lambda rng: str(rng.randint(2, 9)) + _digits(rng, rng.randint(0, 3)),
    "NAME": lambda rng: rng.choice(_SURNAMES) + rng.choice(_GIVEN),
    "PLACE": lambda rng: rng.choice(_PLACES),
    "WECHAT": lambda rng: "wx" + _digits(rng, 6),
    "QQ": lambda rng: str(rng.randint(1, 9)) + _digits(rng, 8),
}


def restore(text: str, rng: random.Random) -> str:
    """``text`` with each anonymisation token replaced by a realistic value of its kind."""
    return _TOKEN.sub(lambda m: _MAKERS[m.group()](rng), text)
