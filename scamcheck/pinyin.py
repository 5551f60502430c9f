"""Text typed in toneless pinyin, read back as Chinese words.

People without a Chinese input method (old phones, phones abroad) type toneless pinyin,
spaced by syllable, by word, or not at all: "ni de meituanjiekuan yuqi 2 ge yue le". The
canonical forms (``canonical``) turn the debt words among them into Chinese; everything
else ("mei 10 fenzhong da yi ci") the rules cannot read. This module reads it the way a
pinyin input method would, with the simplest model that works: each run of pinyin words is
cut into syllables, and the syllables into the sequence of dictionary words with the
highest product of word frequencies (a unigram model, by dynamic programming over words of
one to four syllables). The dictionary (``data/pinyin_words.tsv``, built by
``data/pinyin_words.py`` from jieba's word frequencies and pypinyin's readings) gives the
commonest word for each reading; the canonical forms' own pinyin terms ("yu qi" 逾期,
"huan kuan" 还款) come first, as they are what these messages are about. It guesses wrong
where a reading has several common words (再/在, 钱/前), as any input method without context
would; the rules and the model see the right words often enough to matter.

A text *reads as pinyin* when at least ``MIN_WORDS`` of its Latin words, and ``MIN_SHARE``
of them, are sequences of pinyin syllables. English, whose words rarely are ("overdue",
"please", "the"), is left as it is, and so is every Latin word that is part of a link, an
e-mail address or an id, as ``canonical`` tells them (a full stop after a word is not a
link's dot). Each word read is an edit of the span of its own syllables, so that a rule's
hit on it points at the letters the sender typed.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from importlib import resources

from .canonical import LINK_AFTER, LINK_BEFORE, load_forms

__all__ = ["MIN_SHARE", "MIN_TONE_NUMBERS", "MIN_WORDS", "SYLLABLES", "read_pinyin", "syllables",
           "tone_numbers"]

#: The syllables of toneless Hanyu Pinyin (《汉语拼音方案》), ü written v or u (lve, lue).
#: The interjections "m", "n", "hm" are left out: as syllables they would let almost any
#: string of consonants pass for pinyin.
_SYLLABLE_LIST = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can
cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng
di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen
feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun
guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia
jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng kong
kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang
liao lie lin ling liu lo long lou lu luan lue lun luo lv lve ma mai man mang mao me mei men
meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian
niang niao nie nin ning niu nong nou nu nuan nue nun nuo nv nve o ou pa pai pan pang pao
pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong
qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san
sang sao se sen seng sha shai shan shang shao she shen sheng shi shou shu shua shuai shuan
shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian
tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian
xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you
yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng
zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
"""
SYLLABLES = frozenset(_SYLLABLE_LIST.split())
_LONGEST = max(map(len, SYLLABLES))
#: A text reads as pinyin when at least MIN_WORDS of its Latin words, and at least MIN_SHARE
#: of them, are syllable sequences.
MIN_WORDS = 2
MIN_SHARE = 0.75
#: The longest dictionary word, in syllables.
_MAX_SYLLABLES = 4
_WORDS_FILE = "pinyin_words.tsv"
_LATIN = re.compile(r"[a-z]+")
_LINK_AFTER = re.compile(LINK_AFTER)
# A dot that no link goes on after (see canonical.LINK_AFTER), with the spaces after it,
# which Chinese does not put after "。".
_FULL_STOP = re.compile(r"\.(?![a-z0-9]) *")
#: A text writes tone numbers ("jie4kuan3") when at least this many syllables carry one; in
#: others a digit after letters is a count or part of an id ("yuqi2tian", "a4纸").
MIN_TONE_NUMBERS = 3
# A syllable's letters and a tone number after them. Not one letter ("a3", "e1": ids and
# models far more often than 阿 or 饿), nor a digit another digit follows (a number's).
# Tried only from a word's start and taken whole (possessive): a run of letters with no
# digit after it then costs one pass, where trying it from every letter took 20 s on a
# text of 50,000 letters.
_TONE_NUMBER = re.compile(r"(?<![a-z])([a-z]{2,}+)[1-5](?![0-9])")
# What may stand between two words of one run: spaces and apostrophes (xi'an).
_GAP = re.compile(r"[ ']*")


@lru_cache(maxsize=8192)
def syllables(word: str) -> tuple[str, ...] | None:
    """``word`` as the fewest pinyin syllables (the earliest syllable longest among ties: "xian"
    is one syllable, as 《汉语拼音方案》 writes "xi'an" when two are meant), or ``None`` if it
    is not a sequence of syllables."""
    n = len(word)
    # best[i]: the fewest syllables that spell word[i:], as (count, first syllable's length).
    best: list[tuple[int, int] | None] = [None] * n + [(0, 0)]
    for i in range(n - 1, -1, -1):
        for size in range(min(_LONGEST, n - i), 0, -1):
            rest = best[i + size]
            if rest is not None and word[i:i + size] in SYLLABLES:
                count = rest[0] + 1
                if best[i] is None or count < best[i][0]:
                    best[i] = (count, size)
    if best[0] is None:
        return None
    out, i = [], 0
    while i < n:
        size = best[i][1]
        out.append(word[i:i + size])
        i += size
    return tuple(out)


@cache
def _dictionary() -> dict[str, tuple[str, float]]:
    """Reading ("yu qi") → (word, log-probability of the word)."""
    words: dict[str, tuple[str, int]] = {}
    text = resources.files("scamcheck.data").joinpath(_WORDS_FILE).read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            reading, word, freq = line.split("\t")
            words[reading] = (word, int(freq))
    top = max(freq for _word, freq in words.values())
    for form in load_forms().by_id.values():
        if form.kind != "pinyin" or form.context is not None:
            continue
        for variant in form.variants or ():
            parts = syllables(variant.replace(" ", ""))
            if parts and 1 < len(parts) <= _MAX_SYLLABLES:
                words[" ".join(parts)] = (form.canonical, top)
    total = sum(freq for _word, freq in words.values())
    return {reading: (word, math.log(freq / total)) for reading, (word, freq) in words.items()}


def _read_run(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int, str]]:
    """The words of the most probable reading of one run of syllables (``spans`` in
    ``text``), as edits; none if some syllable has no word."""
    get = _dictionary().get
    parts = [text[s:e] for s, e in spans]
    n = len(spans)
    # best[j]: the best score of a reading of the first j syllables, and its last word.
    best: list[tuple[float, int, str] | None] = [(0.0, 0, "")] + [None] * n
    for i in range(n):
        if best[i] is None:
            continue
        reading = ""
        for j in range(i + 1, min(n, i + _MAX_SYLLABLES) + 1):
            reading = f"{reading} {parts[j - 1]}" if reading else parts[j - 1]
            entry = get(reading)
            if entry is not None:
                score = best[i][0] + entry[1]
                if best[j] is None or score > best[j][0]:
                    best[j] = (score, i, entry[0])
    if best[n] is None:
        return []
    edits, j = [], n
    while j:
        _score, i, word = best[j]
        if j < n and spans[j][0] > spans[j - 1][1]:  # the spaces before the next word go
            edits.append((spans[j - 1][1], spans[j][0], ""))
        edits.append((spans[i][0], spans[j - 1][1], word))
        j = i
    return edits[::-1]


def tone_numbers(text: str) -> list[tuple[int, int]]:
    """The spans of the tone numbers of ``text`` ("ni3 de jie4kuan3": the 3, the 4 and the
    last 3), if it writes them (``MIN_TONE_NUMBERS`` or more); else none."""
    digits = [(m.end() - 1, m.end()) for m in _TONE_NUMBER.finditer(text)
              if syllables(m.group(1)) is not None]
    return digits if len(digits) >= MIN_TONE_NUMBERS else []


def read_pinyin(text: str) -> list[tuple[int, int, str]]:
    """The edits ``(start, end, words)`` that read the pinyin of ``text`` as Chinese words,
    in order, if the text reads as pinyin; else none. The spaces between two words read
    from one run go too (edits with ``words`` empty), and each full stop (a dot that no
    link goes on after) becomes "。", with the spaces after it."""
    words = []  # (start, end, syllables or None) of Latin words not part of a link or id
    for m in _LATIN.finditer(text):
        start, end = m.span()
        # (LINK_AFTER starts with one of LINK_BEFORE's characters: most words need no regex)
        if end - start < 2 or (start and text[start - 1] in LINK_BEFORE) or (
                text[end:end + 1] in LINK_BEFORE and _LINK_AFTER.match(text, end)):
            continue
        words.append((start, end, syllables(m.group())))
    readable = sum(parts is not None for _start, _end, parts in words)
    if readable < max(MIN_WORDS, MIN_SHARE * len(words)):
        return []
    edits: list[tuple[int, int, str]] = []
    run: list[tuple[int, int]] = []  # syllable spans of the current run of pinyin words
    last_end = -1
    for start, end, parts in words:
        if parts is None or (run and _GAP.fullmatch(text, last_end, start) is None):
            edits += _read_run(run, text)
            run = []
        if parts is not None:
            at = start
            for part in parts:
                run.append((at, at + len(part)))
                at += len(part)
            last_end = end
    # A full stop ends a sentence: as "。", which it stands for; as "." between two CJK
    # characters, the separators step would remove it.
    edits += _read_run(run, text)
    stops = [(*m.span(), "。") for m in _FULL_STOP.finditer(text)]
    return sorted(edits + stops) if stops else edits
