"""Large SMS Backup & Restore exports for the report's scale tests and benchmark.

The texts are those of the bundled examples (written for this project), by label as
``examples/README.md`` lists them, spread over many senders, half a year and every hour.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import quoteattr

from scamcheck.formats import Input

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ("harassment.xml", "sms-backup.xml")
START = datetime(2026, 6, 1, tzinfo=timezone(timedelta(hours=8)))
DAYS = 180

#: Share of messages, senders per kind: most of an inbox is everyday mail.
MIX = {"collector": (0.14, 400), "scammer": (0.06, 300), "lender": (0.15, 12),
       "everyday": (0.65, 3000)}


def _texts(classifier) -> dict[str, list[str]]:
    texts = []
    for name in EXAMPLES:
        with Input(str(ROOT / "examples" / name)) as records:
            texts += [r.text for r in records if r.status == "ok"]
    kinds = {"aggressive_collection": "collector", "likely_scam": "scammer",
             "official_reminder": "lender", "unrelated": "everyday"}
    by_kind: dict[str, list[str]] = {kind: [] for kind in MIX}
    for text, result in zip(texts, classifier.classify_many(texts), strict=True):
        by_kind[kinds[str(result.label)]].append(text)
    return by_kind


def write_inbox(path: Path, messages: int, classifier, *, seed: int = 12) -> None:
    """Write ``messages`` received messages (and 1 in 20 sent ones among them)."""
    rng = random.Random(seed)
    texts = _texts(classifier)
    kinds = list(MIX)
    weights = [MIX[kind][0] for kind in kinds]
    with open(path, "w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        out.write(f'<smses count="{messages}">\n')
        for _ in range(messages):
            kind = rng.choices(kinds, weights)[0]
            sender = f"1{3 + kinds.index(kind)}{rng.randrange(MIX[kind][1]):09d}"
            when = START + timedelta(seconds=rng.randrange(DAYS * 86400))
            box = 2 if rng.random() < 0.05 else 1
            out.write(f'  <sms address="{sender}" date="{int(when.timestamp() * 1000)}" '
                      f'type="{box}" body={quoteattr(rng.choice(texts[kind]))} />\n')
        out.write("</smses>\n")
