"""One smoke test of the shipped model and rules, through the public API."""

import json
import subprocess

import scamcheck
from scamcheck.model import BUNDLE_NAME, METADATA_NAME, default_model_dir, sha256_file

CASES = {
    "【招商银行】尊敬的客户，您尾号1234的信用卡本期账单3,286.50元已逾期5天，"
    "请尽快通过掌上生活App或本人名下还款卡还款，详询95555。": "official_reminder",
    "老赖，再不还钱明天就去你单位找你领导，"
    "把你欠钱不还的事发到你们公司群里。": "aggressive_collection",
    "【支付宝】您的借呗逾期可申请减免本金，"
    "今天内转账到指定账户6222021234567890123即可结清。": "likely_scam",
    "【顺丰速运】您的快递已由驿站代收，取件码6-2-1108，请凭码取件。": "unrelated",
    "【反诈中心】公安机关不会通过电话要求您转账到安全账户，"
    "凡是要求转到安全账户的都是诈骗。": "unrelated",
}


def test_public_api_on_the_shipped_model():
    for text, expected in CASES.items():
        r = scamcheck.classify(text)
        assert r.label == expected, (text, r.explain())
        assert isinstance(r.label, scamcheck.Label)
        for hit in r.hits:
            if hit.start >= 0:
                assert text[hit.start : hit.end] == hit.matched
    many = scamcheck.classify_many(list(CASES))
    assert [r.label for r in many] == list(CASES.values())


# The same messages in other dresses: English, pinyin with abbreviations, Cantonese.
DRESSED = {
    "Your credit card ending 1234 is overdue by 5 days. Please repay via the CMB app or "
    "call 95555.": "official_reminder",
    "ni de hb yq le, jintian bu hk jiu lianxi ni jiaren he tongshi": "aggressive_collection",
    "你嘅借唄逾期咗，唔還錢就搵你屋企人同公司": "aggressive_collection",
    "Pls send me the verification code on your phone, I help you cancel the overdue record.":
        "likely_scam",
}


def test_other_dresses_of_the_same_messages():
    for text, expected in DRESSED.items():
        r = scamcheck.classify(text)
        assert r.label == expected, (text, r.explain())


def test_nothing_to_judge_says_so():
    """Two words the model has never seen get no confident guess, and the result says why."""
    for text in ("嗯，", "OK，", "Hi, Tom"):
        r = scamcheck.classify(text)
        assert r.label == "unrelated" and r.confidence < 0.95, (text, r.explain())
        assert any(note.startswith("little to go on") for note in r.notes)


def test_shipped_metadata_matches_the_bundle():
    folder = default_model_dir()
    meta = json.loads((folder / METADATA_NAME).read_text("utf-8"))
    assert meta["model_sha256"] == sha256_file(folder / BUNDLE_NAME)
    # The product's bar (PRODUCT.md): macro-F1 >= 0.95 overall, >= 0.90 in each style.
    assert meta["metrics"]["macro_f1"] >= 0.95
    assert meta["metrics"]["likely_scam_as_official_reminder"] == 0
    for key in ("python", "scikit_learn", "jieba", "seed", "training_data_sha256", "created"):
        assert key in meta


def test_inference_does_not_import_scikit_learn():
    import sys

    code = ("import sys, scamcheck; scamcheck.classify_many(['您的花呗已逾期', '快递到了']);"
            "print(any(m.split('.')[0] == 'sklearn' for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"
