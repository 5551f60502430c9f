"""Where a message quotes another: the quoted words are not the sender's own.

"你看催收发的：「再不还就去你单位」这合法吗？" is a person asking about a threat, and a news
report or a bank's anti-fraud notice quotes the scripts it warns about. A rule that matches
inside the quotation describes the quoted message, not this one, so the rule engine does
not count it (see ``rule_engine``), and the model reads the text with ``QUOTED`` in the
quotation's place (:func:`unquoted`): the framing, and that something was quoted. Read
whole, a pasted overdue notice taught it "official reminder" whatever the comment around
it said.

A quotation is text between 「」, 『』, “” or "" of at least ``MIN_QUOTED`` characters
(shorter quotes are emphasis: 所谓的“安全账户”), or what follows a forwarding phrase and a
colon ("转发给你看看：…", "原话是：…") up to a dash or the end, or what a third person is
reported to have said about the writer ("他说我再不还就去我单位", "还说要给我爸妈打电话") up
to the end of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .joined import RULES_SEPARATOR, Joined

__all__ = ["MIN_QUOTED", "QUOTED", "inside", "quoted_regions", "unquoted"]

MIN_QUOTED = 6
#: What the model reads in place of a quotation (one word to the segmenter).
QUOTED = "〔引文〕"
# A text can quote only if it has a quotation mark, a colon or a verb of speech; one search
# finds out (a frozenset's isdisjoint hashes every character of the text, several times
# slower).
_MAY_QUOTE = re.compile('[「『“":：说胁扬话→↓—]|-{2}|\\s【')


def _nesting(opening: str, closing: str) -> str:
    """A quotation between ``opening`` and ``closing`` that may hold one level of quotation
    in the same marks (writers nest “…“…”…” as often as “…‘…’…”). An inner quotation's gap
    stops at another opening mark, so that a run of opening marks costs each start one step
    rather than a scan to the end."""
    plain = f"[^{opening}{closing}\\n]"
    return (f"{opening}((?:{plain}|{opening}{plain}{{0,600}}{closing})"
            f"{{{MIN_QUOTED},600}}){closing}")


_QUOTED = re.compile(
    rf"{_nesting('「', '」')}|{_nesting('『', '』')}|{_nesting('“', '”')}"
    rf"|\"([^\"\n]{{{MIN_QUOTED},600}})\""
    r"|(?:转发给你看看|转给你看|原话是|原文是|收到这条|收到一条|他们发的|催收发的|发来的|短信称|短信说"
    r"|内容是|内容如下)[:：]([^—\n]{12,600})"
    # A message pasted after a comment of the writer's ("收到的→ …", "我收到：…", "转你看看--…").
    r"|(?:收到的|我收到|又收到|发的是|截给我的|转给我的|转你看看)(?:[:：→↓]|-{2,}|—)[:：→↓ ]*"
    r"([^—\n]{12,600})"
    # A sender's signature after such a comment, up to the first sentence followed by a
    # space, where the comment resumes ("妈你看这个是不是真的 【某银行】…还款。 我记得…").
    r"|(?:我|你看|看看|收到|转|截|发|刚|又|这)[^【\n]{0,40}?[ :：→↓] *"
    r"(【[^】\n]{2,20}】[^\n]{8,600}?(?:[。!?](?=\s)|(?=\n)|$))"
    # Reported speech: a third person's words about the writer, "他说我再不还就…".
    r"|(?:他们|他|她|对方|那人|那个人|催收的?|有人|还|又)[^,，。!！?？\n]{0,10}(?:说|威胁|扬言|放话)"
    r"[:：]?((?:我|要)[^。!！?？\n]{4,120})|[,，](?:说|威胁|扬言|放话)(我[^。!！?？\n]{4,120})"
)


def quoted_regions(texts: Sequence[str]) -> dict[int, list[tuple[int, int]]]:
    """The quoted spans of each text that has any, by index, in one scan of the batch."""
    may_quote = _MAY_QUOTE.search
    candidates = [i for i, t in enumerate(texts) if may_quote(t)]
    if not candidates:
        return {}
    # Joined as the rules join them: the quotes' [^…\n] gaps stop at a message's end.
    chosen = Joined([texts[i] for i in candidates], RULES_SEPARATOR)
    out: dict[int, list[tuple[int, int]]] = {}
    for m in _QUOTED.finditer(chosen.text):
        group = m.lastindex or 0
        s, e = m.span(group)
        k, offset = chosen.locate(s)
        out.setdefault(candidates[k], []).append((offset, offset + e - s))
    return out


def inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one of ``regions``."""
    return any(s <= start and end <= e for s, e in regions)


def unquoted(texts: Sequence[str], regions: dict[int, list[tuple[int, int]]]) -> list[str]:
    """``texts`` with each of their quoted ``regions`` (as :func:`quoted_regions` gives
    them, in order and apart; a region is inside any quotation marks) replaced by
    ``QUOTED``."""
    out = list(texts)
    for i, spans in regions.items():
        text, parts, at = out[i], [], 0
        for s, e in spans:
            parts += (text[at:s], QUOTED)
            at = e
        parts.append(text[at:])
        out[i] = "".join(parts)
    return out
