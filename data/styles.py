"""Style transforms for generated messages: the same message in another dress.

Each transform takes a filled template (its text and label) and returns a variant with the
same label, or ``None`` when it cannot keep the label right (a terse cut of an aggressive
message that finds no unlawful clause to keep, say). ``generate.py`` decides which messages
get which transform; everything here is a pure function of its arguments and ``rng``.

- ``terse``: the brand plus the sentence that carries the label's cue, with abbreviations
  (yq, hk, zx …) and homophones (征心, 借被 …) for some key words.
- ``spoken``: fillers, a dialect (东北, 四川, Cantonese forms), emoji.
- ``traditional``: OpenCC simplified → traditional (Taiwan or Hong Kong forms at random).
- ``pinyin``: toneless pinyin (pypinyin) of the terse cut, or Chinese with pinyin
  abbreviations for the key words.
- ``compose`` (style ``long``): one sentence of another template buried in a message.
- ``frame`` (style ``lookalike``): a message quoted in chat, a forward, news or education.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

import jieba
import opencc
from pypinyin import lazy_pinyin

from scamcheck.labels import Label

__all__ = [
    "AGGRESSIVE_CUES",
    "OFFICIAL_CUES",
    "SCAM_CUES",
    "abbreviate",
    "compose",
    "cue_sentence",
    "frame",
    "pinyin",
    "split_brand",
    "split_sentences",
    "spoken",
    "terse",
    "traditional",
]

# Words that carry each label's cue; a sentence is kept or moved for the label it carries.
OFFICIAL_CUES = ("逾期", "到期", "应还", "待还", "欠款", "账单", "扣款", "还款日", "最低还款",
                 "罚息", "征信", "起诉", "诉讼", "未还")
AGGRESSIVE_CUES = (
    "老赖", "无赖", "骗子", "不要脸", "通讯录", "联系人", "亲朋好友", "家人", "家里人", "父母",
    "爸妈", "老婆", "老公", "亲戚", "同事", "领导", "单位", "公司群", "上门", "你家", "家门口",
    "外访", "走访", "曝光", "朋友圈", "张贴", "公告", "公安", "派出所", "经侦", "报案", "立案",
    "拘留", "坐牢", "刑事", "犯罪", "通缉", "政审", "子女", "孩子", "律师函", "传票", "失信",
    "不得安宁", "别想好过", "后果自负", "动真格", "来硬的", "半夜", "凌晨", "轰炸", "打爆",
    "村委", "学校", "盯着", "冻结", "抓",
)
SCAM_CUES = (
    "验证码", "屏幕共享", "共享屏幕", "安全账户", "指定账户", "对公账户", "个人账户", "专用账户",
    "监管账户", "收款码", "扫码", "卡号", "密码", "背面", "手续费", "保证金", "服务费", "解冻费",
    "撤诉费", "工本费", "会员费", "微信", "QQ", "链接", "点击", "下载", "转入", "汇入", "打入",
    "转账", "转到", "打到", "账号",
)
_CUES = {Label.OFFICIAL_REMINDER: OFFICIAL_CUES, Label.AGGRESSIVE_COLLECTION: AGGRESSIVE_CUES,
         Label.LIKELY_SCAM: SCAM_CUES}

_BRAND = re.compile(r"^【[^】]{1,20}】")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")


def split_brand(text: str) -> tuple[str, str]:
    m = _BRAND.match(text)
    return (m.group(), text[m.end():]) if m else ("", text)


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def _score(sentence: str, cues: Sequence[str]) -> int:
    return sum(c in sentence for c in cues)


def cue_sentence(sentences: Sequence[str], label: Label, extra: Sequence[str] = ()) -> int | None:
    """Index of the sentence that carries ``label``'s cue most strongly, or None.

    ``extra`` are strings that carry the cue outright (a scam template's WeChat id, link or
    account number): a sentence holding one wins.
    """
    cues = _CUES.get(label, ())
    best, best_score = None, 0
    for i, s in enumerate(sentences):
        score = _score(s, cues) + 10 * sum(x in s for x in extra if x)
        if score > best_score:
            best, best_score = i, score
    return best


_DEBT = re.compile("欠|还|债|贷|逾期|钱|账")


def _clean(text: str) -> bool:
    """No cue of a debt label: safe to keep as ``unrelated`` once cut."""
    return not any(_score(text, cues) for cues in _CUES.values())


# Abbreviations and homophones people type for key words (pinyin initials, near sounds).
_ABBREVIATIONS = {
    "逾期": ("yq", "预期"), "还款": ("hk", "换款"), "征信": ("zx", "征心"), "催收": ("cs",),
    "微信": ("vx", "V信", "威信"), "花呗": ("hb", "花贝"), "借呗": ("jb", "借被"),
    "白条": ("bt",), "信用卡": ("xyk",), "客服": ("kf",), "支付宝": ("zfb",), "QQ": ("扣扣",),
    "还钱": ("hq",), "利息": ("lx",), "减免": ("jm",),
}
_PINYIN_ABBREVIATIONS = {w: forms[:1] for w, forms in _ABBREVIATIONS.items()
                         if forms[0].isascii()}
# Among pinyin words an abbreviation is a word of its own ("bt hk", not "bthk").
_SPACED_ABBREVIATIONS = {w: (f" {forms[0]} ",) for w, forms in _PINYIN_ABBREVIATIONS.items()}


def abbreviate(text: str, rng: random.Random, share: float = 0.6,
               table: dict[str, Sequence[str]] | None = None) -> str:
    for word, forms in (table or _ABBREVIATIONS).items():
        if word in text and rng.random() < share:
            text = text.replace(word, rng.choice(forms))
    return text


def terse(text: str, label: Label, rng: random.Random, extra: Sequence[str] = (),
          share: float = 0.5) -> str | None:
    """The brand and the one sentence that carries the label's cue, with about ``share`` of
    its key words abbreviated."""
    brand, body = split_brand(text)
    sentences = split_sentences(body)
    if len(sentences) < 2 and len(body) < 40:
        return None  # already terse
    if label is Label.UNRELATED:
        kept = sentences[0] if sentences else ""
        if not _clean(kept):
            return None
    else:
        i = cue_sentence(sentences, label, extra)
        if i is None:
            return None
        kept = sentences[i]
        if len(kept) < 12 and i > 0:
            kept = sentences[i - 1] + kept
        # A threat cut away from its debt ("你家住朝阳区吧？") is no longer collection.
        if label is Label.AGGRESSIVE_COLLECTION and not _DEBT.search(kept):
            kept = "".join(sentences[max(0, i - 1) : i + 2])
            if not _DEBT.search(kept):
                return None
    kept = kept.strip().rstrip("，,")
    short = (brand if rng.random() < 0.7 else "") + abbreviate(kept, rng, share=share)
    return short if short != text else None


# Spoken forms. Word lists are applied outside the 【brand】 only.
_FILLERS_BEFORE = ("喂，", "哎，", "那个，", "跟你说哈，", "嗯，", "诶，", "我跟你讲，", "哎呀，")
_FILLERS_AFTER = ("哈", "啊", "嘛", "哦", "呢", "呀")
_EMOJI = ("😂", "😭", "🙏", "😡", "😊", "👉", "💰", "⚠️", "🤔", "😅", "🔥", "👍")
_DIALECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "dongbei": (("干什么", "干哈"), ("什么", "啥"), ("怎么", "咋"), ("赶紧", "麻溜"),
                ("赶快", "麻溜儿"), ("非常", "老"), ("很", "贼"), ("知道吗", "知道不"),
                ("我们", "俺们"), ("没有", "没")),
    "sichuan": (("干什么", "爪子"), ("什么", "啥子"), ("怎么", "咋个"), ("不要", "莫"),
                ("没有", "没得"), ("知道吗", "晓得不"), ("知道", "晓得"), ("很", "好"),
                ("是不是", "是不是嘛")),
    # Cantonese written forms: 嘅 咗 唔 冇 佢 係 俾 啲 (and 睇, 哋, 乜嘢).
    "cantonese": (("没有", "冇"), ("不要", "唔好"), ("不是", "唔係"), ("什么", "乜嘢"),
                  ("这个", "呢个"), ("那个", "嗰个"), ("我们", "我哋"), ("你们", "你哋"),
                  ("他们", "佢哋"), ("他", "佢"), ("她", "佢"), ("看", "睇"), ("给", "俾"),
                  ("一些", "一啲"), ("这些", "呢啲"), ("说", "讲")),
}
# Single characters of Cantonese whose Mandarin twin is also part of other words.
_CANTONESE_CHARS = (
    (re.compile(r"的(?![士确])"), "嘅"),
    (re.compile(r"(?<![为除])了(?![解结])"), "咗"),
    (re.compile(r"不(?![过仅但论管断良])"), "唔"),
    (re.compile(r"(?<![但就总还而于只凡])是(?![否])"), "係"),
)


def _outside_brand(text: str, change: Callable[[str], str]) -> str:
    brand, body = split_brand(text)
    return brand + change(body)


def _dialect(body: str, dialect: str, rng: random.Random) -> str:
    for src, dst in _DIALECTS[dialect]:
        if src in body and rng.random() < 0.8:
            body = body.replace(src, dst)
    if dialect == "cantonese":
        for pattern, dst in _CANTONESE_CHARS:
            body = pattern.sub(dst, body)
    return body


def spoken(text: str, rng: random.Random) -> str | None:
    dialect = rng.choice((*_DIALECTS, "plain"))

    def change(body: str) -> str:
        if dialect != "plain":
            body = _dialect(body, dialect, rng)
        if rng.random() < 0.6:
            body = rng.choice(_FILLERS_BEFORE) + body
        if rng.random() < 0.5:
            end = body.rstrip("。！!？?")
            body = end + rng.choice(_FILLERS_AFTER) + body[len(end):]
        if rng.random() < 0.5:
            body += "".join(rng.choice(_EMOJI) for _ in range(rng.randint(1, 3)))
        return body

    out = _outside_brand(text, change)
    if dialect == "cantonese" and rng.random() < 0.5:
        out = traditional(out, rng, config="s2hk")
    return out if out != text else None


_CONVERTERS: dict[str, opencc.OpenCC] = {}


def traditional(text: str, rng: random.Random, config: str | None = None) -> str:
    config = config or rng.choice(("s2t", "s2tw", "s2hk", "s2twp"))
    if config not in _CONVERTERS:
        _CONVERTERS[config] = opencc.OpenCC(config)
    return _CONVERTERS[config].convert(text)


_PUNCT = str.maketrans({"，": ", ", "。": ". ", "！": "! ", "？": "? ", "：": ": ", "；": "; ",
                        "、": ", ", "（": " (", "）": ") ", "“": '"', "”": '"', "～": "~"})
_HAN = re.compile(r"[\u3400-\u9fff]")


# In these messages 还 is mostly huán (repay), which pypinyin reads hái in most words.
_REPAY = re.compile("(?<=[未应待不要就去没想得])还|还(?=[款钱清上完了吧回给，。！？,.!?]|不还|$)")


def _to_pinyin(text: str) -> str:
    """One pinyin word per jieba word, spaced; anything else (digits, links) as it was."""
    repay = {m.start() for m in _REPAY.finditer(text)}
    pieces, at = [], 0
    for word in jieba.lcut(text):
        if _HAN.search(word):
            syllables = lazy_pinyin(word)
            if len(syllables) == len(word):  # one syllable a character: 还 can be fixed
                syllables = ["huan" if at + i in repay else y for i, y in enumerate(syllables)]
            pieces.append(f" {''.join(syllables)} ")
        else:
            pieces.append(word)
        at += len(word)
    out = "".join(pieces).translate(_PUNCT)
    return re.sub(r" ([,.!?:;)])", r"\1", re.sub(r"\s+", " ", out)).strip()


def pinyin(text: str, label: Label, rng: random.Random, extra: Sequence[str] = ()) -> str | None:
    """Toneless pinyin of the terse cut, or the text with pinyin abbreviations."""
    if rng.random() < 0.35:
        out = abbreviate(text, rng, share=0.9, table=_PINYIN_ABBREVIATIONS)
        return out if out != text else None
    # The whole text keeps its label too, when there is nothing to cut.
    short = (terse(text, label, rng, extra, share=0) if len(text) > 45 else None) or text
    brand, body = split_brand(short)
    body = abbreviate(body, rng, share=0.5, table=_SPACED_ABBREVIATIONS)
    return (brand if rng.random() < 0.5 else "") + _to_pinyin(body)


def compose(base: str, sentence: str, rng: random.Random) -> str:
    """``sentence`` buried inside ``base``: after its first sentence, before its last."""
    brand, body = split_brand(base)
    sentences = split_sentences(body)
    at = rng.randint(1, max(1, len(sentences) - 1))
    sentence = sentence.strip()
    if sentence[-1] not in "。！？!?":
        sentence = sentence.rstrip("，,；;") + "。"
    if at < len(sentences) and sentences[at - 1][-1:] not in "。！？!?":
        at = len(sentences)
    return brand + "".join([*sentences[:at], sentence, *sentences[at:]])


# Frames that make a quoted message `unrelated`: the writer talks about their own debt,
# forwards what a collector sent, or reports on collection or fraud as news or education.
_FRAMES_CHAT = (
    "你看催收发的：「{msg}」这合法吗？",
    "刚收到这条：「{msg}」吓死我了，是真的吗",
    "我{借呗|花呗|信用卡|网贷}逾期了，今天收到这个：「{msg}」怎么办啊",
    "转发给你看看：{msg}——这种是不是骗子？",
    "{姐妹们|兄弟们|家人们}，{催收|他们}天天发这种：“{msg}”，能投诉吗",
    "老公你看，又来了：「{msg}」，{别理他们|明天问问律师}",
    "截图发你了，原话是「{msg}」，我要不要报警",
    "群里有人问：收到“{msg}”这种短信该咋办？",
)
_FRAMES_NEWS = {
    Label.AGGRESSIVE_COLLECTION: (
        "【{city}日报】记者调查：多名借款人反映，有催收人员发短信称「{msg}」律师表示，此类催收"
        "涉嫌违法，可向放贷机构或12378投诉。",
        "【法治在线】近日，市民{surname}女士收到短信：“{msg}”民警提醒，遇到此类暴力催收请保留"
        "证据，依法维权。",
        "【金融知识进社区】案例分享：某借款人收到“{msg}”这属于违规催收，可以向放贷机构和12378"
        "投诉。",
    ),
    Label.LIKELY_SCAM: (
        "【反诈提醒】近期有不法分子冒充贷款平台发送短信：「{msg}」请勿相信，如有疑问请拨打96110。",
        "【{city}晚报】警方通报一起诈骗案：受害人收到“{msg}”后转账被骗，警方提醒切勿向陌生账户"
        "汇款。",
        "【国家反诈中心】典型案例：骗子发送“{msg}”诱导转账，请牢记：正规机构不会让你转账到个人"
        "账户。",
    ),
}


def frame(text: str, label: Label, rng: random.Random, fill: Callable[[str], str]) -> str:
    """``text`` (of ``label``) quoted in chat, a forward, news or education: ``unrelated``.

    ``fill`` fills the frame's own slots and alternatives ({city}, {a|b}).
    """
    frames = _FRAMES_CHAT
    if label in _FRAMES_NEWS and rng.random() < 0.45:
        frames = _FRAMES_NEWS[label]
    body = split_brand(text)[1] if rng.random() < 0.5 else text
    return fill(rng.choice(frames).replace("{msg}", "\x00")).replace("\x00", body.strip())
