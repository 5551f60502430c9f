import json
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scamcheck.labels import Label
from scamcheck.report.facts import Gatherer, Quote, Scope
from scamcheck.report.render import highlight, render_html, render_json

from .test_facts import AGGRESSIVE, FILE, GENERATED, SCAM, TOOL, scored, sms

INJECTIONS = [
    "<script>document.title='pwned'</script>",
    '"><img src=x onerror="document.title=1">',
    "<a href=\"javascript:document.title='pwned'\">点这里还款</a>",
    "</textarea></style></title><svg onload=alert(1)>",
]


def facts_of(classifier, records):
    gatherer = Gatherer(Scope(), TOOL, GENERATED)
    gatherer.read(FILE, scored(classifier, records))
    return gatherer.facts()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_highlight_escapes_the_text_and_marks_the_spans():
    text = "<b>老赖</b> & 后果自负"
    quote = Quote(1, 1, "", False, False, Label.AGGRESSIVE_COLLECTION, text,
                  ((3, 5), (12, 16)), (), ())
    assert str(highlight(quote)) == (
        "&lt;b&gt;<mark>老赖</mark>&lt;/b&gt; &amp; <mark>后果自负</mark>"
    )


def test_message_text_senders_and_file_names_render_as_text(fake_classifier):
    records = [sms(i, AGGRESSIVE + payload, sender=payload[:12])
               for i, payload in enumerate(INJECTIONS, 1)]
    facts = facts_of(fake_classifier, records)
    html = render_html(facts)
    found = tags(html)
    assert not [t for t, _ in found if t in ("script", "img", "iframe", "object", "embed")]
    assert not [a for _, a in found if any(k.startswith("on") for k in a)]
    assert not [a for t, a in found if t == "a" and not a.get("href", "").startswith("#")]
    assert "&lt;script&gt;" in html and "javascript:" in html  # shown, as text


def test_the_page_loads_nothing(fake_classifier):
    html = render_html(facts_of(fake_classifier, [sms(1, AGGRESSIVE), sms(2, SCAM)]))
    assert "default-src 'none'" in html
    for tag, attrs in tags(html):
        assert tag not in ("script", "link", "img", "iframe")
        assert not any(k in attrs for k in ("src", "srcset", "action"))
    assert not re.search(r"url\(|@import|https?://", html.split("</style>")[0])


def test_same_facts_same_bytes(fake_classifier):
    records = [sms(1, AGGRESSIVE), sms(2, SCAM, "95188"), sms(3, AGGRESSIVE, time="")]
    first, second = facts_of(fake_classifier, records), facts_of(fake_classifier, records)
    assert render_html(first) == render_html(second)
    assert render_json(first) == render_json(second)
    assert json.loads(render_json(first))["totals"]["unlawful"] == 2


def test_long_lists_fold_but_keep_every_message(fake_classifier):
    records = [sms(i, f"{AGGRESSIVE}第{i}条", time=f"2026-11-03T10:{i:02d}:00+08:00")
               for i in range(1, 46)]
    html = render_html(facts_of(fake_classifier, records))
    assert html.count('<article class="quote') == 45
    assert "其余 25 条" in html


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
                      min_size=1, max_size=6),
       sender=st.text(st.characters(exclude_categories=["Cs"]), max_size=12))
def test_any_text_renders_as_text(fake_classifier, texts, sender):
    records = [sms(i, AGGRESSIVE + text, sender=sender) for i, text in enumerate(texts, 1)]
    html = render_html(facts_of(fake_classifier, records))
    assert {tag for tag, _ in tags(html)} <= ALLOWED_TAGS
    assert not [a for _, a in tags(html) if any(k.startswith("on") for k in a)]


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p",
    "section", "dl", "div", "dt", "dd", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "a", "span", "ol", "ul", "li", "b", "br", "code", "figure", "figcaption", "svg", "line",
    "text", "g", "rect", "path", "details", "summary", "article", "time", "blockquote", "mark",
}
