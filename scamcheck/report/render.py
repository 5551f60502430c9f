"""The report's facts as one self-contained HTML page (Jinja2, auto-escaped) and as JSON.

Every message, number and file name in the page was written by someone else, scammers
included: the template engine escapes all of it, and the few pieces of markup built here
(the highlighted words) are built from escaped text. The page loads nothing: CSS and SVG
are inline, there is no script, and its Content-Security-Policy forbids both anyway.
"""

from __future__ import annotations

import json
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..channels import lenders
from ..labels import LABEL_IDS
from .chart import STACK, timeline
from .facts import BUSY_DAY, NIGHT_FROM, NIGHT_UNTIL, Facts, Quote

__all__ = ["LABEL_NAMES", "render_html", "render_json"]

#: How the page names each label.
LABEL_NAMES = {
    "official_reminder": "正规催收提醒",
    "aggressive_collection": "违规催收",
    "likely_scam": "疑似诈骗",
    "unrelated": "与欠款无关",
}
#: Quotes shown per list before the rest are folded into a <details> (printed all the same).
SHOWN_QUOTES = 20
#: Counterparts shown open; the rest are folded, worst first, never left out.
SHOWN_SENDERS = 30


def render_json(facts: Facts) -> str:
    return json.dumps(facts.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_html(facts: Facts) -> str:
    return _template().render(
        facts=facts,
        totals=facts.totals,
        labels=LABEL_IDS,
        stack=[str(label) for label in STACK],
        names=LABEL_NAMES,
        lenders={lender.id: lender for lender in lenders()},
        busy_day=BUSY_DAY,
        night=f"{NIGHT_FROM}:00–{NIGHT_UNTIL:02d}:00",
        shown_quotes=SHOWN_QUOTES,
        shown_senders=SHOWN_SENDERS,
    )


@cache
def _template():
    environment = Environment(
        loader=PackageLoader("scamcheck.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        highlight=highlight, clock=clock, count=count, timeline=timeline
    )
    return environment.get_template("report.html.j2")


def highlight(quote: Quote) -> Markup:
    """The quote's text, escaped, with its matched words in ``<mark>``."""
    pieces, done = [], 0
    for start, end in quote.spans:
        pieces.append(escape(quote.text[done:start]))
        pieces.append(Markup("<mark>%s</mark>") % quote.text[start:end])
        done = end
    pieces.append(escape(quote.text[done:]))
    return Markup("").join(pieces)


def clock(moment: str) -> str:
    """``2026-11-05T02:31:47+08:00`` as ``2026-11-05 02:31:47``: the page states the zone once."""
    return moment[:19].replace("T", " ")


def count(number: int) -> str:
    return f"{number:,}"
