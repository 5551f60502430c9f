"""Build ``data/corpus.csv`` from the hand-written batches and the templates.

    python data/generate.py            # reproducible: same files + seed → same corpus

Templates (``templates/*.toml``) hold ``{slot}`` references and ``{a|b|c}`` alternatives;
slots are filled from ``slots.toml``, from invented numbers, and — for the lender slots
``brand lender product hotline app domain`` — from one lender of the shipped official
channels table, so that a message's brand, product and hotline belong together.

The split is by group: every message of a template or a hand-written batch is on one side.
``test_groups.txt`` freezes which groups are test; it is written on the first run only.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from scamcheck.channels import Lender, lenders  # noqa: E402
from scamcheck.corpus import Example, near_duplicates, write_corpus  # noqa: E402
from scamcheck.labels import LABELS, Label  # noqa: E402

SEED = 20261122
PER_LABEL = 1700  # generated messages per label
TEST_SHARE_TEMPLATES = 0.2
TEST_SHARE_BATCHES = 0.25

_TOKEN = re.compile(r"\{([^{}]*)\}")
_NEEDS = {"hotline": "hotlines", "domain": "domains", "product": "products", "app": "apps"}

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

    return _TOKEN.sub(repl, text)


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


def load_templates(folder: Path) -> list[dict]:
    templates = []
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            templates.extend(tomllib.load(fh)["template"])
    ids = Counter(t["id"] for t in templates)
    dup = [i for i, c in ids.items() if c > 1]
    if dup:
        raise SystemExit(f"duplicate template ids: {dup}")
    return templates


def generate(templates: list[dict], words: dict, seed: int) -> list[Example]:
    rng = random.Random(seed)
    table = lenders()
    per_label = Counter(Label(t["label"]) for t in templates)
    out: list[Example] = []
    seen: set[str] = set()
    for t in templates:
        label = Label(t["label"])
        want = math.ceil(PER_LABEL / per_label[label])
        # Only lenders that have every channel the template names (some have no verified hotline).
        fit = [x for x in table if all(getattr(x, field) for slot, field in _NEEDS.items()
                                       if "{" + slot + "}" in t["text"])]
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
            out.append(Example(f"g-{t['id']}-{made}", text, label, "generated", t["id"], ""))
    return out


def read_handwritten(folder: Path) -> list[Example]:
    out = []
    for path in sorted(folder.glob("*.tsv")):
        lines = path.read_text("utf-8").splitlines()
        if not lines or lines[0].strip() != "label\ttext":
            raise SystemExit(f"{path}: first line must be 'label<TAB>text'")
        for n, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            label, _, text = line.partition("\t")
            try:
                out.append(Example(f"h-{path.stem}-{n}", text.strip(), Label(label.strip()),
                                   "handwritten", path.stem, ""))
            except ValueError:
                raise SystemExit(f"{path}:{n}: unknown label {label!r}") from None
    return out


def choose_test_groups(examples: list[Example], seed: int) -> list[str]:
    """A seeded choice of groups per label and source; used once, then frozen."""
    rng = random.Random(seed)
    groups: dict[tuple[str, Label], set[str]] = defaultdict(set)
    majority: dict[str, Counter] = defaultdict(Counter)
    for e in examples:
        majority[e.template][e.label] += 1
    for e in examples:
        groups[(e.source, majority[e.template].most_common(1)[0][0])].add(e.template)
    chosen = []
    for (source, _label), names in sorted(groups.items()):
        share = TEST_SHARE_BATCHES if source == "handwritten" else TEST_SHARE_TEMPLATES
        names = sorted(names)
        chosen += rng.sample(names, max(1, round(len(names) * share)))
    return sorted(chosen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=HERE / "corpus.csv")
    args = parser.parse_args(argv)

    with (HERE / "slots.toml").open("rb") as fh:
        words = tomllib.load(fh)
    examples = read_handwritten(HERE / "handwritten") + generate(
        load_templates(HERE / "templates"), words, args.seed)

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

    groups_file = HERE / "test_groups.txt"
    if not groups_file.exists():
        groups_file.write_text("\n".join(choose_test_groups(unique, args.seed)) + "\n", "utf-8")
    test_groups = set(groups_file.read_text("utf-8").split())

    test = [e for e in unique if e.template in test_groups]
    train = [e for e in unique if e.template not in test_groups]
    near = {j for _i, j, _s in near_duplicates([e.text for e in test], [e.text for e in train])}
    train = [e for j, e in enumerate(train) if j not in near]
    rows = [Example(e.id, e.text, e.label, e.source, e.template, "test") for e in test] + [
        Example(e.id, e.text, e.label, e.source, e.template, "train") for e in train]
    rows.sort(key=lambda e: e.id)
    write_corpus(args.out, rows)

    counts = Counter((e.split, e.label) for e in rows)
    print(f"wrote {len(rows)} messages to {args.out} ({len(near)} near-duplicates of test "
          "messages dropped from train)")
    for label in LABELS:
        print(f"  {label:<22} train {counts['train', label]:>5}  test {counts['test', label]:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
