"""Quoted and forwarded speech: where it is, and that hostile input stays cheap."""

import pytest

from scamcheck.quotes import MIN_QUOTED, QUOTED, inside, quoted_regions, unquoted


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quoted_regions([text]).get(0, [])]


@pytest.mark.parametrize(("text", "expected"), [
    ("你看催收发的「再不还就去你单位找你」这合法吗", ["再不还就去你单位找你"]),
    ("他说“明天去你家门口等你”，报警吗", ["明天去你家门口等你"]),
    ('He wrote "we will visit your office" today', ["we will visit your office"]),
    ("原话是：三天内不还就给你全部联系人打电话", ["三天内不还就给你全部联系人打电话"]),
    # A quotation nested in the same marks belongs to the outer one.
    ("催收天天发这种：“再不还就把照片发到同城群，配字写“欠钱不还曝光”。”能投诉吗",
     ["再不还就把照片发到同城群，配字写“欠钱不还曝光”。"]),
    # Reported speech: what a third person said about the writer.
    ("昨天那人口气很冲，说我再不还就去我单位找领导。我录音了",
     ["我再不还就去我单位找领导"]),
    ("催收的威胁要给我爸妈打电话，怎么办", ["要给我爸妈打电话，怎么办"]),
    ("别跟我说你没钱，说要还又不还，明天去你单位", []),  # a collector's own words
    ("所谓的“安全账户”都是骗局", []),  # a short quote is emphasis
    # A message pasted after the writer's comment, without quotation marks: after a lead-in
    # and an arrow, colon or dashes, to the end; after a comment and a space, a sender's
    # signature up to the sentence that a space follows, where the comment resumes.
    ("刚收到的→ 你欠的钱再不还明天就打给你公司人事", ["你欠的钱再不还明天就打给你公司人事"]),
    ("转你看看--【某银行】您的信用卡已逾期37天，请通过App还款。",
     ["【某银行】您的信用卡已逾期37天，请通过App还款。"]),
    ("妈你看这个是不是真的 【某银行】您的账单已逾期4天，详询95580。 我记得还了啊",
     ["【某银行】您的账单已逾期4天，详询95580。"]),
    ("【某银行】您的账单已逾期4天，详询95580。 我记得还了啊", []),  # the sender's own
    ("您好 【某银行】您的账单已逾期4天，请尽快还款", []),  # no comment of a writer's
    ("没有引号的普通短信", []),
])
def test_quoted_regions(text, expected):
    assert _quoted(text) == expected


def test_regions_are_per_text_in_a_batch():
    texts = ["普通短信", "他说“明天去你家门口等你”", "“没有结尾的引号", "「再不还就去你单位」"]
    found = quoted_regions(texts)
    assert sorted(found) == [1, 3]
    assert texts[3][slice(*found[3][0])] == "再不还就去你单位"


def test_a_quotation_stops_at_the_end_of_a_message():
    # Joined as the rules join them, one text's open quote never reaches into the next.
    assert quoted_regions(["他说“明天去你家", "门口等你”好吗"]) == {}


@pytest.mark.parametrize("text", ["“" * 50_000, "“a" * 25_000, "「" + "字" * 50_000,
                                  "“aaaaaa“" * 6_000, "“" + "“a”" * 20_000])
def test_runs_of_marks_are_handled(text):
    regions = quoted_regions([text]).get(0, [])
    assert all(e - s >= MIN_QUOTED for s, e in regions)


def test_inside():
    assert inside([(2, 10)], 3, 9)
    assert not inside([(2, 10)], 1, 9)
    assert not inside([], 0, 0)


def test_unquoted_puts_a_mark_in_place_of_each_quotation():
    texts = ["普通短信", "你看「再不还就去你单位」和「明天上门找你家人」这合法吗"]
    assert unquoted(texts, quoted_regions(texts)) == [
        "普通短信", f"你看「{QUOTED}」和「{QUOTED}」这合法吗"]  # the marks stay
    assert unquoted(texts, {}) == texts
