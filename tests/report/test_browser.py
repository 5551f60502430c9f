"""The report in a real browser: Debian's chromium, headless, driven by Playwright.

``.ci/run`` installs chromium; elsewhere these tests skip when it is missing (in CI they
fail instead). Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
from pathlib import Path

import pytest

from scamcheck.classifier import Classifier
from scamcheck.cli import main

from ..conftest import ROOT
from .exports import write_inbox

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir()
                  if p.suffix in {".xml", ".csv", ".tsv", ".jsonl", ".txt"})

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)",
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


class Opened:
    """A report opened in a fresh page, with everything it tried to do recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1100, "height": 1400})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        started = time.perf_counter()
        self.page.goto(self.url, wait_until="load", timeout=120_000)
        self.load_seconds = time.perf_counter() - started

    def _route(self, route) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_quiet(self) -> None:
        assert self.errors == [] and self.requests == [] and self.dialogs == []


def make_report(tmp_path: Path, *inputs: Path, name: str = "report") -> tuple[Path, dict]:
    html, data = tmp_path / f"{name}.html", tmp_path / f"{name}.json"
    status = main(["report", *map(str, inputs), "-o", str(html), "--json", str(data)])
    assert status == 0
    return html, json.loads(data.read_text("utf-8"))


def shown_numbers(page) -> dict[tuple[str, str], int]:
    """``(sender, fact) -> number`` for every ``data-fact`` on the page (sender ``""`` for
    the summary, ``input N`` for a row of the inputs table)."""
    found = page.eval_on_selector_all("[data-fact]", """els => els.map(e => [
        e.closest('[data-sender]')?.dataset.sender
            ?? (e.closest('[data-input]') ? 'input ' + e.closest('[data-input]').dataset.input
                                          : ''),
        e.dataset.fact, e.dataset.count ?? e.textContent])""")
    return {(owner, fact): int(text.replace(",", "")) for owner, fact, text in found}


def expected_numbers(facts: dict) -> dict[tuple[str, str], int]:
    totals = facts["totals"]
    numbers = {("", f"totals.{key}"): totals[key]
               for key in ("records", "messages", "collection", "unlawful", "scams",
                           "night_collection")}
    numbers |= {("", f"totals.left_out.{k}"): n for k, n in totals["left_out"].items() if n}
    for i, item in enumerate(facts["inputs"], 1):
        numbers |= {(f"input {i}", "records"): item["records"],
                    (f"input {i}", "received"): item["received"]}
    for sender in facts["senders"]:
        owner = sender["sender"]
        numbers |= {(owner, f"labels.{label}"): n for label, n in sender["labels"].items()}
        numbers |= {(owner, "messages"): sender["messages"],
                    (owner, "night_collection"): sender["night_collection"],
                    (owner, "busy_days"): len(sender["busy_days"])}
    return numbers


def assert_page_matches(opened: Opened, facts: dict) -> None:
    assert shown_numbers(opened.page) == expected_numbers(facts)
    charts = opened.page.eval_on_selector_all(
        "section.sender", "els => els.map(e => [e.dataset.sender, "
        "e.querySelectorAll('svg.timeline').length, "
        "e.querySelectorAll('svg.timeline rect').length])")
    expected = [[s["sender"], 1 if s["days"] else 0,
                 sum(1 for day in s["days"] for n in day["labels"].values() if n)]
                for s in facts["senders"]]
    assert charts == expected
    quotes = opened.page.eval_on_selector_all("article.quote", "els => els.length")
    assert quotes == sum(len(s["messages_quoted"]) for s in facts["senders"])


def assert_not_blank(png: bytes) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    inked = 1 - histogram[255] / sum(histogram)
    assert inked > 0.03 and sum(1 for n in histogram if n) > 20


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_opens_cleanly_and_shows_its_facts(browser, tmp_path, example):
    html, facts = make_report(tmp_path, ROOT / "examples" / example)
    opened = Opened(browser, html)
    opened.assert_quiet()
    assert_page_matches(opened, facts)
    assert_not_blank(opened.page.screenshot())
    opened.page.close()


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_printing_cuts_no_quoted_message(browser, tmp_path):
    from pypdf import PdfReader

    html, facts = make_report(tmp_path, ROOT / "examples" / "harassment.xml")
    opened = Opened(browser, html)
    opened.page.emulate_media(media="print")
    overflowing = opened.page.eval_on_selector_all(
        "article.quote, svg.timeline, table",
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length")
    assert overflowing == 0
    pdf = PdfReader(io.BytesIO(opened.page.pdf(format="A4")))
    assert 4 <= len(pdf.pages) <= 20
    pages = [_squeezed(page.extract_text()) for page in pdf.pages]
    quoted = [q["text"] for s in facts["senders"] for q in s["messages_quoted"]]
    assert len(quoted) == 13
    for text in quoted:
        assert any(_squeezed(text) in page for page in pages), text
    opened.page.close()


INJECTIONS = [
    "<script>window.pwned = 1; alert('script')</script>",
    '"><img src=x onerror="window.pwned = 2; alert(\'img\')">',
    "<a href=\"javascript:window.pwned = 3; alert('link')\">点此还款</a>",
    "</blockquote></article><svg onload=\"alert('svg')\"></svg>",
    "<style>body{background:url(https://example.com/x.png)}</style>",
]


def _hostile_export(path: Path) -> None:
    from xml.sax.saxutils import quoteattr

    rows = [f'<sms address={quoteattr(payload[:20])} date="{1793718902000 + i * 3_600_000}" '
            f'type="1" body={quoteattr("你这个老赖，欠钱不还，后果自负！" + payload)} />'
            for i, payload in enumerate(INJECTIONS)]
    scam = "您的花呗可减免本金，今天转账到指定账户即可结清" + INJECTIONS[2]
    rows.append(f'<sms address="13700001234" date="1793800000000" type="1" '
                f'body={quoteattr(scam)} />')
    path.write_text("<smses>\n" + "\n".join(rows) + "\n</smses>\n", encoding="utf-8")


def test_hostile_text_renders_as_text_and_runs_nothing(browser, tmp_path):
    export = tmp_path / '"><img src=x onerror=alert(1)>.xml'
    _hostile_export(export)
    html, facts = make_report(tmp_path, export)
    assert facts["totals"]["unlawful"] == len(INJECTIONS)
    opened = Opened(browser, html)
    opened.assert_quiet()
    page = opened.page
    assert page.evaluate("window.pwned") is None
    elements = "script, img, iframe, object, embed, link, style ~ style"
    assert page.evaluate(f"document.querySelectorAll('{elements}').length") == 0
    assert page.evaluate("[...document.querySelectorAll('a')].every(a => "
                         "a.getAttribute('href').startsWith('#'))")
    shown = page.inner_text("body")
    for payload in INJECTIONS:
        assert payload in shown
    assert export.name in shown
    page.get_by_text("点此还款").first.click()
    assert page.url == opened.url and page.evaluate("window.pwned") is None
    opened.assert_quiet()
    page.close()


def test_a_100000_message_export(browser, tmp_path):
    export = tmp_path / "inbox.xml"
    write_inbox(export, 100_000, Classifier.load())
    # CPU time, not wall time: the machine is shared, and others' work must not fail this.
    started = time.process_time()
    html, facts = make_report(tmp_path, export)
    seconds = time.process_time() - started
    assert seconds < 60, f"the report of 100,000 messages took {seconds:.0f} s of CPU"
    assert facts["totals"]["records"] == 100_000
    opened = Opened(browser, html)
    assert opened.load_seconds < 15
    opened.assert_quiet()
    assert_page_matches(opened, facts)
    assert_not_blank(opened.page.screenshot())
    opened.page.close()
