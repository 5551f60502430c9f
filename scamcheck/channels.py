"""Lenders' official channels (``data/official_channels.toml``) and the rule checks built on them.

A message that claims a lender but sends the reader to a number, link or id that is not an
official one is a strong scam cue; a link to the lender's own domain is not. The checks here
are referenced by name from ``rules.toml`` (``check = "…"``); each takes the normalised text
and the sender and returns the span it fired on, ``(-1, -1)`` when the cue is the sender, or
``None``; each is declared with ``checks.check``, which says what the rule engine may assume.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .checks import check, table

__all__ = ["CHECKS", "Lender", "lenders", "named_lenders"]


@dataclass(frozen=True, slots=True)
class Lender:
    id: str
    names: tuple[str, ...]
    brand: str
    products: tuple[str, ...]
    hotlines: tuple[str, ...]
    apps: tuple[str, ...]
    domains: tuple[str, ...]


@cache
def lenders() -> tuple[Lender, ...]:
    """The shipped table of lenders and their official channels."""
    with (resources.files("scamcheck") / "data" / "official_channels.toml").open("rb") as fh:
        doc = tomllib.load(fh)
    return tuple(
        Lender(
            id=row["id"],
            names=tuple(row["names"]),
            brand=row["brand"],
            products=tuple(row.get("products", ())),
            hotlines=tuple(row.get("hotlines", ())),
            apps=tuple(row.get("apps", ())),
            domains=tuple(d.lower() for d in row.get("domains", ())),
        )
        for row in doc["lender"]
    )


def named_lenders(text: str) -> tuple[Lender, ...]:
    """The lenders whose names or brands ``text`` mentions (case aside), in table order."""
    index = _index()
    found = {index.lender_of[m.group()] for m in index.lender_names.finditer(text.lower())}
    table = lenders()
    return tuple(table[position] for position in sorted(found))


@dataclass(frozen=True, slots=True)
class _Index:
    lender_names: re.Pattern[str]
    lender_of: dict[str, int]  # lower-cased name -> the first lender it names, by position
    hotlines: frozenset[str]
    domains: frozenset[str]


@cache
def _index() -> _Index:
    table = lenders()
    lender_of: dict[str, int] = {}
    for position, lender in enumerate(table):
        for name in (*lender.names, lender.brand):
            lender_of.setdefault(name.lower(), position)
    names = sorted(lender_of, key=lambda name: (-len(name), name))
    return _Index(
        lender_names=re.compile("|".join(map(re.escape, names))),
        lender_of=lender_of,
        hotlines=frozenset(h for lender in table for h in lender.hotlines),
        domains=frozenset(d for lender in table for d in lender.domains),
    )


# Contacts in normalised text. Quantifiers are bounded so that a search is linear.
# The look-ahead names every character a number can start with, so that ``re`` looks for
# one of them before it tries the rest: without it, a search that starts with a
# look-behind is tried at every position, 2.4 times slower.
_PHONE = re.compile(
    r"(?=[+01489])(?<![0-9])(?:\+?86-?)?(1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8}|[48]00-?[0-9]{3}-?[0-9]{4}"
    r"|9[56][0-9]{3,4})(?![0-9])"
)
_URL = re.compile(
    r"(?:https?://)?((?:[a-z0-9][a-z0-9-]{0,62}\.){1,6}(?:com|cn|net|org|cc|top|vip|xyz|info"
    r"|me|co|io|app|link|site|online|shop|club|ltd|work|icu|pw|tk|hk|tw|ly|gl|im|la|to)"
    r"(?:\.cn)?)(?![a-z0-9-])"
)
_MOBILE_SENDER = re.compile(r"^(?:\+?86)?1[3-9][0-9]{9}$")
# Cheap guards: no URL without a dot between a letter or digit and a letter, no phone
# number without three digits in a row.
_DOTTED = re.compile(r"[a-z0-9]\.[a-z]")
_THREE_DIGITS = re.compile(r"[0-9]{3}")


def _links(text: str):
    if "." not in text or not _DOTTED.search(text):
        return ()
    return _URL.finditer(text)


def _digits(number: str) -> str:
    return re.sub(r"[^0-9]", "", number)


def _is_official_number(number: str) -> bool:
    return _digits(number) in _index().hotlines


def _is_official_domain(host: str) -> bool:
    """The host is an official domain or a subdomain of one."""
    domains = _index().domains
    while host not in domains:
        dot = host.find(".")
        if dot < 0:
            return False
        host = host[dot + 1 :]
    return True


def _names_lender(text: str) -> bool:
    return _index().lender_names.search(text) is not None


def _lender_names() -> re.Pattern[str]:
    return _index().lender_names


def _phone() -> re.Pattern[str]:
    return _PHONE


def _dotted() -> re.Pattern[str]:
    return _DOTTED


@check(guard=_phone)  # rarer in messages than a lender's name
def lender_nonofficial_number(text: str, sender: str | None) -> tuple[int, int] | None:
    """Names a lender and gives a mobile, landline or 400/800 number that is not official."""
    if not _THREE_DIGITS.search(text) or not _names_lender(text):
        return None
    for m in _PHONE.finditer(text):
        number = m.group(1)
        if not number.startswith("9") and not _is_official_number(number):
            return m.span(1)
    return None


@check(guard=_dotted)
def lender_nonofficial_link(text: str, sender: str | None) -> tuple[int, int] | None:
    """Names a lender and links to a domain that is not any lender's official one."""
    links = _links(text)
    if not links or not _names_lender(text):
        return None
    for m in links:
        if not _is_official_domain(m.group(1)):
            return m.span()
    return None


# Who a message claims to be: a 【signature】, or a caller who names an office.
_CLAIMS_INSTITUTION = re.compile(
    r"【[^】\n]{1,16}】|\[[^\]\n]{1,16}\]|(?:我是|我们是|本行|我行|本中心|本平台|官方)"
    r"|(?:银行|客服|中心|公安|法院|税务|社保|医保|人社|交警|车管|快递|物流|航空|平台|政府"
    r"|联通|移动|电信|10086|10010|10000|苹果|apple|icloud)")
# What a phishing link is for: money, credentials, or an account or benefit at stake.
_AT_STAKE = re.compile(
    r"积分|兑换|现金|红包|补贴|补助|退税|退款|赔付|补偿|理赔|改签|罚款|违章|扣分|销分|清零|奖|"
    r"失效|过期|到期|停用|冻结|注销|升级|认证|激活|解冻|验证|核验|保证金|押金|手续费|费用|"
    r"银行卡|卡号|密码|验证码|身份证|账户|余额|提现|缴纳|缴费|支付|付款|转账|领取|申领")
# Government sites are official whatever the office, and so are the carriers' and Apple's
# own domains (their websites: 10086.cn, 10010.com, 189.cn, apple.com, icloud.com);
# lenders' domains are in the table.
_PUBLIC_OFFICIAL = re.compile(r"(?:^|\.)(?:gov\.cn|10086\.cn|10010\.com|189\.cn|apple\.com"
                              r"|icloud\.com)$")


@check(guard=_dotted)
def institution_offsite_link(text: str, sender: str | None) -> tuple[int, int] | None:
    """Claims to be an institution, puts money, credentials or an account at stake, and
    links to a domain that is neither a lender's official one nor a government site."""
    links = _links(text)
    if not links or not _CLAIMS_INSTITUTION.search(text) or not _AT_STAKE.search(text):
        return None
    for m in links:
        host = m.group(1)
        if not _is_official_domain(host) and not _PUBLIC_OFFICIAL.search(host):
            return m.span()
    return None


# A domain that a text names as what the official one is ("支付宝的域名是alipay.com"): said
# to tell a phishing link from the real one, not to send the reader there.
_NAMED_AS_OFFICIAL = re.compile(r"(?:域名|网站|官网|网址)(?:是|为) ?$")


@check(guard=_dotted)
def official_link(text: str, sender: str | None) -> tuple[int, int] | None:
    """Links to a lender's official domain (not merely naming it as the official one)."""
    for m in _links(text):
        if (_is_official_domain(m.group(1))
                and not _NAMED_AS_OFFICIAL.search(text, max(0, m.start() - 6), m.start())):
            return m.span()
    return None


@check(needs_sender=True)
def sender_official(text: str, sender: str | None) -> tuple[int, int] | None:
    """Sent from a lender's official hotline number."""
    if sender and _is_official_number(sender):
        return (-1, -1)
    return None


@check(guard=_lender_names, needs_sender=True)
def sender_mobile_claims_lender(text: str, sender: str | None) -> tuple[int, int] | None:
    """Sent from a personal mobile number while naming a lender (lenders send from short codes)."""
    if sender and _MOBILE_SENDER.match(re.sub(r"[\s-]", "", sender)) and _names_lender(text):
        return (-1, -1)
    return None


CHECKS = table(
    lender_nonofficial_number,
    lender_nonofficial_link,
    institution_offsite_link,
    official_link,
    sender_official,
    sender_mobile_claims_lender,
)
