"""Build ``data/corpus.csv`` from the hand-written batches and the templates.

    python data/generate.py            # reproducible: same files + seed → same corpus

Templates (``templates/*.toml``) hold ``{slot}`` references and ``{a|b|c}`` alternatives;
slots are filled from ``slots.toml``, from invented numbers, and — for the lender slots
``brand lender product hotline app domain`` — from one lender of the shipped official
channels table, so that a message's brand, product and hotline belong together.

Style transforms (``styles.py``) dress some generated messages again — terse, spoken,
traditional, pinyin, bilingual, long compositions, quoting frames — each variant with its
label kept right and its template's group, so it lands on its template's side of the split;
``templates/english.toml`` holds English templates (style ``english``).

The split is by group: every message of a template or a hand-written batch is on one side.
``test_groups.txt`` and ``train_groups.txt`` freeze each group's side; a group in neither is
new and gets its side by a seeded choice per source and style, appended to one of them.
Training messages with a character 5-gram Jaccard similarity of 0.8 or more with any test
message are dropped, so that no near-duplicate straddles the split.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import styles  # noqa: E402  (data/styles.py, beside this file)

from scamcheck.channels import Lender, lenders  # noqa: E402
from scamcheck.corpus import STYLES, Example, near_duplicates, write_corpus  # noqa: E402
from scamcheck.labels import LABELS, Label  # noqa: E402

SEED = 20261122
PER_LABEL = 1700  # generated messages per label
TEST_SHARE_TEMPLATES = 0.2
TEST_SHARE_BATCHES = 0.25

_TOKEN = re.compile(r"\{([^{}]*)\}")
_NEEDS = {"hotline": "hotlines", "domain": "domains", "product": "products", "app": "apps"}
# Slots whose value sends money, codes or contact off the official channel in a scam template.
_OFF_CHANNEL = ("mobile", "landline", "fake_hotline", "fake_url", "short_url", "wechat", "qq",
                "account_no")

# Style variants wanted per (transform, label) on top of the generated messages; a transform
# that cannot keep a message's label right skips it. The label is the variant's own, except
# for `frame`, which quotes a message of that label and makes it `unrelated`; `long` builds
# messages of that label from official ones.
VARIANTS: dict[str, dict[Label, int]] = {
    "terse": {Label.OFFICIAL_REMINDER: 80, Label.AGGRESSIVE_COLLECTION: 80,
              Label.LIKELY_SCAM: 80, Label.UNRELATED: 60},
    "spoken": dict.fromkeys(LABELS, 75),
    "traditional": dict.fromkeys(LABELS, 60),
    "pinyin": dict.fromkeys(LABELS, 75),
    "bilingual": dict.fromkeys(LABELS, 30),
    "long": {Label.OFFICIAL_REMINDER: 80, Label.AGGRESSIVE_COLLECTION: 120,
             Label.LIKELY_SCAM: 120},
    "frame": {Label.OFFICIAL_REMINDER: 40, Label.AGGRESSIVE_COLLECTION: 150,
              Label.LIKELY_SCAM: 120},
}
STYLE_OF = {"bilingual": "english", "frame": "lookalike"}  # else the transform's own name
PER_ENGLISH_TEMPLATE = 8

_TYPOS = {
    "逾期": "预期", "征信": "正信", "还款": "换款", "账户": "帐户", "立即": "立既", "已经": "以经",
    "影响": "影想", "处理": "处里", "通知": "通之", "联系": "连系", "律师": "律帅", "法院": "法苑",
    "客服": "克服", "手续费": "手序费", "马上": "马尚", "的": "得",
}
_EMOJI = ["😊", "🙏", "⚠️", "❗", "💰", "👉", "🔥", "📢", "✅", "😡"]


class Filler:
    """Random slot values; one instance per message keeps repeated slots consistent."""

    def __init__(self, rng: random.Random, words: dict[str, list[str]], lender: Lender) -> None:
        self.rng = rng
        self.w = words
        self.lender = lender
        self.values: dict[str, str] = {}

    def pick(self, key: str) -> str:
        return self.rng.choice(self.w[key])

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def get(self, slot: str) -> str:
        if slot not in self.values:
            method = getattr(self, "slot_" + slot, None)
            if method is None:
                raise KeyError(f"unknown slot {{{slot}}}")
            self.values[slot] = method()
        return self.values[slot]

    # lender-bound
    def slot_brand(self) -> str:
        return f"【{self.lender.brand}】"

    def slot_lender_en(self) -> str:
        return self.w["lender_en"].get(self.lender.id, self.lender.brand)

    def slot_lender(self) -> str:
        return self.rng.choice([self.lender.brand, *self.lender.names[:2]])

    def slot_product(self) -> str:
        return self.rng.choice(self.lender.products or ("借款",))

    def slot_hotline(self) -> str:
        return self.rng.choice(self.lender.hotlines)

    def slot_app(self) -> str:
        return self.rng.choice(self.lender.apps or (self.lender.brand,))

    def slot_domain(self) -> str:
        d = self.rng.choice(self.lender.domains)
        return self.rng.choice([d, "www." + d, "https://www." + d, "m." + d])

    # non-official contacts
    def slot_mobile(self) -> str:
        n = "1" + self.rng.choice("3456789") + self.digits(9)
        style = self.rng.random()
        if style < 0.15:
            return f"{n[:3]}-{n[3:7]}-{n[7:]}"
        if style < 0.25:
            return f"{n[:3]} {n[3:7]} {n[7:]}"
        return n

    def slot_landline(self) -> str:
        area = self.rng.choice(["010", "021", "020", "0755", "0571", "025", "028", "023", "027",
                                "029", "0731", "0371", "0531", "0551", "0591", "0769"])
        return f"{area}-{self.rng.choice('2345678')}{self.digits(7)}"

    def slot_fake_hotline(self) -> str:
        head = self.rng.choice(["400", "400", "800"])
        a, b = self.digits(3), self.digits(4)
        return self.rng.choice([f"{head}-{a}-{b}", f"{head}{a}{b}", f"{head}-{a}{b}"])

    def slot_short_url(self) -> str:
        code = "".join(self.rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                       for _ in range(self.rng.randint(4, 7)))
        return self.rng.choice(["", "http://", "https://"]) + f"{self.pick('shortener')}/{code}"

    def slot_fake_url(self) -> str:
        if self.rng.random() < 0.35:
            return self.slot_short_url()
        base = self.lender.id.replace("_", "")
        word = self.pick("fake_domain_word")
        host = self.rng.choice([f"{base}-{word}", f"{word}{base}", f"{base}{word}",
                                f"{base}{self.digits(2)}", f"{word}-{self.digits(3)}"])
        path = self.rng.choice(["", "", "/h5", "/index", f"/?id={self.digits(5)}", "/app"])
        prefix = self.rng.choice(["", "http://", "https://", "www.", "https://www."])
        return f"{prefix}{host}.{self.pick('fake_tld')}{path}"

    def slot_wechat(self) -> str:
        tail = self.digits(self.rng.randint(4, 8))
        return self.pick("wechat_prefix") + self.rng.choice(["", "_", "-"]) + tail

    def slot_qq(self) -> str:
        return self.rng.choice("123456789") + self.digits(self.rng.randint(6, 10))

    # people and organisations
    def slot_surname(self) -> str:
        return self.pick("surname")

    def slot_fullname(self) -> str:
        return self.get("surname") + self.pick("given")

    def slot_name(self) -> str:
        surname = self.get("surname")
        r = self.rng.random()
        if r < 0.4:
            return surname + self.pick("honorific")
        if r < 0.6:
            return self.get("fullname")
        if r < 0.75:
            return surname + self.rng.choice(["*", "**", "*" + self.pick("given")[-1]])
        if r < 0.85:
            return "客户"
        return self.get("fullname") + self.rng.choice(["先生", "女士", ""])

    def slot_collector(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return f"工号{self.digits(4)}"
        if r < 0.7:
            return self.pick("surname") + self.pick("collector_title")
        return f"{self.pick('collector_title')}{self.pick('surname')}{self.pick('given')}"

    def _org(self, suffix_key: str) -> str:
        return self.pick("agency_prefix") + self.pick("agency_core") + self.pick(suffix_key)

    def slot_agency(self) -> str:
        return self._org("agency_suffix")

    def slot_company(self) -> str:
        return self._org("company_suffix")

    def slot_law_firm(self) -> str:
        return f"{self.pick('city')}{self.pick('law_firm_core')}律师事务所"

    def slot_court(self) -> str:
        return self.get("city") + self.rng.choice(["市", ""]) + self.rng.choice(
            [self.get("district"), ""]) + self.pick("court_suffix")

    def slot_police(self) -> str:
        return f"{self.get('city')}市{self.pick('police_suffix')}"

    def slot_case_no(self) -> str:
        year = self.rng.choice(["2025", "2026"])
        kind = self.rng.choice(["民初", "执", "民催", "刑初", "诉前调"])
        left, right = self.rng.choice([("(", ")"), ("（", "）"), ("〔", "〕")])
        r = self.rng.random()
        if r < 0.7:
            return (f"{left}{year}{right}{self.pick('province_code')}{self.digits(4)}{kind}"
                    f"{self.rng.randint(100, 99999)}号")
        return f"{self.rng.choice(['AJ', 'CS', 'FW', 'ZX'])}{year}{self.digits(6)}"

    def slot_city(self) -> str:
        return self.pick("city")

    def slot_district(self) -> str:
        return self.pick("district")

    def slot_employer(self) -> str:
        return self.get("city") + self.pick("agency_core") + self.pick("employer")

    def slot_relative(self) -> str:
        return self.pick("relative")

    def slot_bank_name(self) -> str:
        return self.pick("bank_name")

    def slot_account_no(self) -> str:
        n = self.rng.choice(["6222", "6217", "6228", "6214", "6226", "6230"]) + self.digits(
            self.rng.choice([12, 13, 15]))
        if self.rng.random() < 0.3:
            return " ".join(n[i : i + 4] for i in range(0, len(n), 4))
        return n

    def slot_account_name(self) -> str:
        return self.pick("surname") + self.pick("given")

    # numbers and time
    def slot_amount(self) -> str:
        value = round(math.exp(self.rng.uniform(math.log(300), math.log(150000))), 2)
        r = self.rng.random()
        if r < 0.3:
            return f"{value:,.2f}"
        if r < 0.55:
            return f"{value:.2f}"
        if r < 0.85:
            return str(int(value))
        return f"{value / 10000:.1f}万" if value >= 10000 else str(int(value))

    def slot_amount_small(self) -> str:
        value = self.rng.choice([self.rng.randint(20, 3000), self.rng.randint(100, 999)])
        return self.rng.choice([str(value), f"{value}.00", f"{value:,}"])

    def slot_days(self) -> str:
        return str(int(math.exp(self.rng.uniform(0, math.log(400)))) + 1)

    def slot_date(self) -> str:
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return self.rng.choice([
            f"{month}月{day}日", f"2026-{month:02d}-{day:02d}", f"2026年{month}月{day}日",
            f"{day}日", f"{month}/{day}", f"{month}月{day}号", f"{month:02d}月{day:02d}日",
        ])

    def slot_time(self) -> str:
        return f"{self.rng.randint(0, 23):02d}:{self.rng.choice(['00', '15', '30', '45'])}"

    def slot_daytime(self) -> str:
        # Lenders call 08:00-22:00 (the banking association's collection guideline): a
        # lawful notice that reports a call says it came in the day.
        return f"{self.rng.randint(8, 21):02d}:{self.rng.choice(['00', '15', '30', '45'])}"

    def slot_card4(self) -> str:
        return self.digits(4)

    def slot_code6(self) -> str:
        return self.digits(self.rng.choice([4, 6, 6, 6]))

    def slot_order_no(self) -> str:
        return self.rng.choice(["", "SF", "JD", "YT", "ZT"]) + self.digits(self.rng.randint(10, 16))

    def slot_percent(self) -> str:
        return self.rng.choice([f"{self.rng.randint(1, 50)}%", f"0.0{self.rng.randint(1, 5)}%",
                                f"{self.rng.randint(3, 9)}折"])

    def slot_count(self) -> str:
        return str(self.rng.randint(1, 12))

    # everyday
    def slot_courier(self) -> str:
        return self.pick("courier")

    def slot_carrier(self) -> str:
        return self.pick("carrier")

    def slot_shop(self) -> str:
        return self.pick("shop")

    def slot_school(self) -> str:
        return self.get("city") + self.pick("school")

    def slot_hospital(self) -> str:
        return self.get("city") + self.pick("hospital")

    def slot_station(self) -> str:
        return self.get("city") + self.pick("station")

    def slot_merchant(self) -> str:
        return self.pick("merchant")

    def slot_item(self) -> str:
        return self.pick("item")

    def slot_plate(self) -> str:
        chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
        return (self.rng.choice("京沪粤浙苏川渝鄂陕湘豫鲁皖闽") + self.pick("plate_letters")
                + "".join(self.rng.choice(chars) for _ in range(5)))

    def slot_flight(self) -> str:
        return self.pick("airline") + str(self.rng.randint(1000, 9999))


def fill(text: str, filler: Filler) -> str:
    def repl(m: re.Match[str]) -> str:
        body = m.group(1)
        if "|" in body:
            return filler.rng.choice(body.split("|"))
        return filler.get(body)

    # Innermost first: an alternative may hold a slot ({via {app}|in app}).
    while True:
        text, n = _TOKEN.subn(repl, text)
        if not n:
            return text


def fits(text: str, lender: Lender) -> bool:
    """The lender has every channel ``text`` names (some have no verified hotline)."""
    return all(getattr(lender, field) for slot, field in _NEEDS.items() if "{" + slot + "}" in text)


def add_noise(text: str, label: Label, rng: random.Random) -> str:
    """Light, realistic noise: a brand tag dropped, a homophone typo, an emoji."""
    if text.startswith("【") and rng.random() < 0.1:
        text = text[text.find("】") + 1 :] or text
    if rng.random() < 0.07:
        candidates = [w for w in _TYPOS if w in text]
        if candidates:
            w = rng.choice(candidates)
            text = text.replace(w, _TYPOS[w], 1)
    if label in (Label.UNRELATED, Label.LIKELY_SCAM) and rng.random() < 0.04:
        text += rng.choice(_EMOJI)
    return text


def load_templates(folder: Path) -> tuple[list[dict], dict]:
    """Every ``[[template]]`` (with its file's ``style``, else standard) and the other tables
    of the template files (``lender_en``, ``bilingual``), merged."""
    templates, extra = [], {"lender_en": {}, "bilingual": []}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            doc = tomllib.load(fh)
        style = doc.get("style", "standard")
        templates.extend({**t, "style": style} for t in doc["template"])
        extra["lender_en"].update(doc.get("lender_en", {}))
        extra["bilingual"].extend(doc.get("bilingual", []))
    ids = Counter(t["id"] for t in templates)
    dup = [i for i, c in ids.items() if c > 1]
    if dup:
        raise SystemExit(f"duplicate template ids: {dup}")
    return templates, extra


class Made(NamedTuple):
    """A generated message with the template and slot values it was made from."""

    example: Example
    template: dict
    filler: Filler


def generate(templates: list[dict], words: dict, seed: int, per_label: int = PER_LABEL,
             per_template: int | None = None) -> list[Made]:
    """``per_label`` messages per label spread over its templates, or ``per_template`` each."""
    rng = random.Random(seed)
    table = lenders()
    templates_of = Counter(Label(t["label"]) for t in templates)
    out: list[Made] = []
    seen: set[str] = set()
    for t in templates:
        label = Label(t["label"])
        want = per_template or math.ceil(per_label / templates_of[label])
        fit = [x for x in table if fits(t["text"], x)]
        made = 0
        for _attempt in range(want * 4):
            if made >= want:
                break
            filler = Filler(rng, words, rng.choice(fit))
            text = add_noise(fill(t["text"], filler), label, rng)
            if text in seen:
                continue
            seen.add(text)
            made += 1
            out.append(Made(Example(f"g-{t['id']}-{made}", text, label, "generated", t["id"],
                                    "", t["style"]), t, filler))
    return out


class Dresser:
    """Applies the style transforms of ``styles.py`` to generated messages (seeded)."""

    def __init__(self, made: list[Made], templates: list[dict], words: dict, extra: dict,
                 test_groups: set[str], seed: int) -> None:
        self.rng = random.Random(f"{seed}-styles")
        self.made = made
        self.words = words
        self.test_groups = test_groups
        self.bilingual = {Label(b["label"]): b["text"] for b in extra["bilingual"]}
        self.partners: dict[tuple[Label, bool], list[dict]] = defaultdict(list)
        for t in templates:
            if t["style"] == "standard":
                self.partners[Label(t["label"]), t["id"] in test_groups].append(t)

    def copy(self, filler: Filler) -> Filler:
        """The message's slot values, drawing anything new from the transforms' own rng."""
        twin = Filler(self.rng, self.words, filler.lender)
        twin.values = dict(filler.values)
        return twin

    @staticmethod
    def off_channel(filler: Filler) -> list[str]:
        return [filler.values[k] for k in _OFF_CHANNEL if k in filler.values]

    def partner_sentence(self, m: Made, label: Label) -> str | None:
        """One sentence carrying ``label``'s cue from a template of ``label`` on m's side
        (all of it for an official partner), filled with m's slot values."""
        side = m.template["id"] in self.test_groups
        choices = [t for t in self.partners[label, side] if fits(t["text"], m.filler.lender)]
        if not choices:
            return None
        filler = self.copy(m.filler)
        text = fill(self.rng.choice(choices)["text"], filler)
        sentences = styles.split_sentences(styles.split_brand(text)[1])
        if label is Label.OFFICIAL_REMINDER:
            return "".join(sentences)
        extra = self.off_channel(filler) if label is Label.LIKELY_SCAM else []
        i = styles.cue_sentence(sentences, label, extra)
        return None if i is None else sentences[i]

    def dress(self, transform: str, m: Made, wanted: Label) -> tuple[str, Label] | None:
        """``(text, label)`` of ``m`` dressed by ``transform``, or None if it does not fit.

        ``wanted`` is the label of a `long` composition: an official message with one sentence
        of a ``wanted`` template buried in it.
        """
        text, label, rng = m.example.text, m.example.label, self.rng
        # Contacts carry the cue only in scam templates ({mobile} is a courier's elsewhere).
        extra = self.off_channel(m.filler) if label is Label.LIKELY_SCAM else []
        if transform == "terse":
            out = styles.terse(text, label, rng, extra)
        elif transform == "spoken":
            out = styles.spoken(text, rng)
        elif transform == "traditional":
            out = styles.traditional(text, rng)
        elif transform == "pinyin":
            out = styles.pinyin(text, label, rng, extra)
        elif transform == "bilingual":
            line = self.bilingual[label]
            if not fits(line, m.filler.lender):
                return None
            out = text + rng.choice([" ", "\n", " / "]) + fill(line, self.copy(m.filler))
        elif transform == "long":
            sentence = self.partner_sentence(m, wanted)
            if sentence is None:
                return None
            out, label = styles.compose(text, sentence, rng), wanted
        elif transform == "frame":
            inner = (styles.terse(text, label, rng, extra) if rng.random() < 0.4 else None) or text
            twin = self.copy(m.filler)
            out, label = styles.frame(inner, label, rng, lambda s: fill(s, twin)), Label.UNRELATED
        else:
            raise ValueError(transform)
        return None if out is None or out == text else (out, label)

    def variants(self) -> list[Example]:
        out = []
        standard = [m for m in self.made if m.example.style == "standard"]
        for transform, quota in VARIANTS.items():
            for wanted, n in quota.items():
                # `long` dresses official messages as the label wanted; the rest keep theirs.
                source = Label.OFFICIAL_REMINDER if transform == "long" else wanted
                pool = [m for m in standard if m.example.label == source]
                made = 0
                for m in self.rng.sample(pool, len(pool)):
                    if made >= n:
                        break
                    got = self.dress(transform, m, wanted)
                    if got is None:
                        continue
                    made += 1
                    e = m.example
                    style = STYLE_OF.get(transform, transform)
                    out.append(Example(f"v-{transform}-{wanted}-{e.id}", got[0], got[1],
                                       e.source, e.template, "", style))
        return out


def batch_style(batch: str) -> str:
    """``hw_<style>_<voice>`` names its style; other batches are ``standard``."""
    parts = batch.split("_")
    return parts[1] if len(parts) > 2 and parts[1] in STYLES else "standard"


def read_handwritten(folder: Path) -> list[Example]:
    out = []
    for path in sorted(folder.glob("*.tsv")):
        lines = path.read_text("utf-8").splitlines()
        if not lines or lines[0].strip() != "label\ttext":
            raise SystemExit(f"{path}: first line must be 'label<TAB>text'")
        style = batch_style(path.stem)
        for n, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            label, _, text = line.partition("\t")
            try:
                out.append(Example(f"h-{path.stem}-{n}", text.strip(), Label(label.strip()),
                                   "handwritten", path.stem, "", style))
            except ValueError:
                raise SystemExit(f"{path}:{n}: unknown label {label!r}") from None
    return out


class Group(NamedTuple):
    source: str
    style: str
    label: Label  # the label of most of its messages


def group_table(handwritten: list[Example], templates: list[dict]) -> dict[str, Group]:
    labels: dict[str, Counter] = defaultdict(Counter)
    for e in handwritten:
        labels[e.template][e.label] += 1
    groups = {batch: Group("handwritten", batch_style(batch), c.most_common(1)[0][0])
              for batch, c in labels.items()}
    groups.update({t["id"]: Group("generated", t["style"], Label(t["label"])) for t in templates})
    return groups


def choose_test_groups(groups: dict[str, Group], seed: int) -> set[str]:
    """A seeded choice of about a quarter of the batches (a fifth of the templates) of each
    source and style, at least one; then one more of each label that has two or more groups
    there but none chosen, so that a style's test side covers its labels and its training
    side keeps every label too. (A label with one group stays training data: the styled
    variants of test templates give most styles test messages of every label.)"""
    rng = random.Random(seed)
    kinds: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, kind in sorted(groups.items()):
        kinds[kind.source, kind.style].append(name)
    chosen: set[str] = set()
    for (source, _style), names in sorted(kinds.items()):
        share = TEST_SHARE_BATCHES if source == "handwritten" else TEST_SHARE_TEMPLATES
        chosen.update(rng.sample(names, max(1, round(len(names) * share))))
        for label in LABELS:
            of_label = [n for n in names if groups[n].label == label]
            if len(of_label) >= 2 and not chosen.intersection(of_label):
                chosen.add(rng.choice(of_label))
    return chosen


def _read_list(path: Path) -> set[str]:
    return set(path.read_text("utf-8").split()) if path.exists() else set()


def _append_list(path: Path, names: set[str]) -> None:
    if not names:
        return
    old = path.read_text("utf-8") if path.exists() else ""
    lead = "\n" if old and not old.endswith("\n") else ""
    path.write_text(old + lead + "".join(n + "\n" for n in sorted(names)), "utf-8")


def assign_sides(groups: dict[str, Group], seed: int, folder: Path = HERE) -> set[str]:
    """The test groups. ``test_groups.txt`` and ``train_groups.txt`` are frozen: a group in
    neither is new, and its side is chosen now and appended to one of them."""
    test_file, train_file = folder / "test_groups.txt", folder / "train_groups.txt"
    test, train = _read_list(test_file), _read_list(train_file)
    new = {name: kind for name, kind in groups.items() if name not in test | train}
    chosen = choose_test_groups(new, seed) if new else set()
    _append_list(test_file, chosen)
    _append_list(train_file, set(new) - chosen)
    return test | chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=HERE / "corpus.csv")
    args = parser.parse_args(argv)

    with (HERE / "slots.toml").open("rb") as fh:
        words = tomllib.load(fh)
    templates, extra = load_templates(HERE / "templates")
    words["lender_en"] = extra["lender_en"]
    handwritten = read_handwritten(HERE / "handwritten")
    test_groups = assign_sides(group_table(handwritten, templates), args.seed)

    made = generate([t for t in templates if t["style"] == "standard"], words, args.seed)
    made += generate([t for t in templates if t["style"] != "standard"], words,
                     args.seed + 1, per_template=PER_ENGLISH_TEMPLATE)
    dressed = Dresser(made, templates, words, extra, test_groups, args.seed).variants()
    examples = handwritten + [m.example for m in made] + dressed

    # One text, one label: drop texts written under two labels, keep the first of duplicates.
    labels_of: dict[str, set[Label]] = defaultdict(set)
    for e in examples:
        labels_of[e.text].add(e.label)
    seen: set[str] = set()
    unique = []
    for e in examples:
        if len(labels_of[e.text]) == 1 and e.text not in seen:
            seen.add(e.text)
            unique.append(e)

    test = [e for e in unique if e.template in test_groups]
    train = [e for e in unique if e.template not in test_groups]
    near = {j for _i, j, _s in near_duplicates([e.text for e in test], [e.text for e in train])}
    train = [e for j, e in enumerate(train) if j not in near]
    rows = [replace(e, split="test") for e in test] + [replace(e, split="train") for e in train]
    rows.sort(key=lambda e: e.id)
    write_corpus(args.out, rows)

    counts = Counter((e.split, e.label) for e in rows)
    print(f"wrote {len(rows)} messages to {args.out} ({len(near)} near-duplicates of test "
          "messages dropped from train)")
    for label in LABELS:
        print(f"  {label:<22} train {counts['train', label]:>5}  test {counts['test', label]:>5}")
    per_style = Counter((e.style, e.split, e.label) for e in rows)
    print("per style (train/test per label, in the order above):")
    for style in STYLES:
        cells = [f"{per_style[style, 'train', x]:>5}/{per_style[style, 'test', x]:<4}"
                 for x in LABELS]
        print(f"  {style:<12} " + " ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
