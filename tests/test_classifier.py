"""The pipeline with a tiny fake model: API contract, evidence, and robustness to any input."""

import json
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scamcheck.classifier import Classifier
from scamcheck.labels import LABELS, Label
from scamcheck.result import Result


def _valid(r: Result) -> None:
    assert isinstance(r.label, Label)
    assert set(r.probabilities) == {str(x) for x in LABELS}
    assert abs(sum(r.probabilities.values()) - 1) < 1e-9
    assert r.confidence == r.probabilities[str(r.label)] == max(r.probabilities.values())
    assert r.advice
    json.dumps(r.to_dict(), ensure_ascii=False)
    assert r.explain().startswith("label: ")


def test_model_features_decide_without_rules(fake_classifier):
    assert fake_classifier.classify("你的快递").label == Label.UNRELATED
    assert fake_classifier.classify("老赖").label == Label.AGGRESSIVE_COLLECTION


def test_hits_point_into_the_original_text(fake_classifier):
    text = "【某银行】请立即把钱转 * 账到安 全 账 户，否则后果自负"
    r = fake_classifier.classify(text)
    assert r.hits
    for hit in r.hits:
        if hit.start >= 0:
            assert text[hit.start : hit.end] == hit.matched
            assert hit.description


@pytest.mark.parametrize("slice_size", [2, 500])
def test_classify_many_equals_one_by_one(fake_classifier, monkeypatch, slice_size):
    monkeypatch.setattr("scamcheck.classifier.SLICE", slice_size)  # 2: senders split too
    texts = ["快递到了", "", "逾期15天，请还款", "老赖！", "转账到安全账户", "x" * 50]
    senders = ["95188", None, "13800138000", None, "", "106"]
    many = fake_classifier.classify_many(texts, senders)
    one = [fake_classifier.classify(t, s) for t, s in zip(texts, senders, strict=True)]
    assert [r.to_dict() for r in many] == [r.to_dict() for r in one]


def test_empty_and_symbol_only_are_unrelated(fake_classifier):
    for text in ["", "   ", "😀😀", "。。。!!!", "\x00\u200b"]:
        r = fake_classifier.classify(text)
        assert r.label == Label.UNRELATED and r.confidence == 1.0


def test_type_errors_are_clear(fake_classifier):
    with pytest.raises(TypeError, match="text must be str"):
        fake_classifier.classify(b"bytes")
    with pytest.raises(TypeError, match=r"texts\[1\] must be str"):
        fake_classifier.classify_many(["ok", 3])
    with pytest.raises(TypeError, match="single str"):
        fake_classifier.classify_many("a string")
    with pytest.raises(ValueError, match="senders"):
        fake_classifier.classify_many(["a", "b"], ["x"])


@pytest.mark.parametrize("senders", ["95188", b"95188"])
def test_a_bare_string_of_senders_is_refused_like_texts(fake_classifier, senders):
    # Taken as a sequence, "95188" would be five one-character senders for five texts.
    refused = f"senders must be a sequence of str or None, not a single {type(senders).__name__}"
    with pytest.raises(TypeError, match=refused):
        fake_classifier.classify_many(list("abcde"), senders)
    with pytest.raises(TypeError, match="single"):
        fake_classifier.verdicts(list("abcde"), senders)


def test_a_megabyte_string(fake_classifier):
    text = ("逾期未还款，转账到安全账户，老赖 " * 70_000)[:1_000_000]
    _valid(fake_classifier.classify(text))


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text(max_size=20)))
def test_any_string_gives_a_valid_result(fake_classifier, text, sender):
    _valid(fake_classifier.classify(text, sender))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=20))
def test_batch_never_loses_a_row(fake_classifier, texts):
    assert len(fake_classifier.classify_many(texts)) == len(texts)


@pytest.mark.parametrize("slice_size", [2, 500])
def test_verdicts_are_what_classify_many_decides(fake_classifier, monkeypatch, slice_size):
    monkeypatch.setattr("scamcheck.classifier.SLICE", slice_size)
    texts = ["快递到了", "", "逾期15天，请还款", "老赖！", "转账到安全账户"]
    senders = ["95188", None, "13800138000", None, ""]
    for verdict, result in zip(fake_classifier.verdicts(texts, senders),
                               fake_classifier.classify_many(texts, senders), strict=True):
        assert verdict.label == str(result.label)
        assert dict(zip(result.probabilities, verdict.probabilities, strict=True)) == dict(
            result.probabilities)
        assert verdict.rule_ids == tuple(hit.rule_id for hit in result.hits)
    assert fake_classifier.verdicts([]) == []
    rounded = fake_classifier.verdicts(texts, senders, digits=2)
    assert all(p == round(p, 2) for v in rounded for p in v.probabilities)


def test_the_garbage_collector_is_paused_only_during_a_batch(fake_classifier, monkeypatch):
    import gc

    seen = []
    decide = type(fake_classifier)._decide
    monkeypatch.setattr(type(fake_classifier), "_decide",
                        lambda self, *a: seen.append(gc.isenabled()) or decide(self, *a))
    assert gc.isenabled()
    fake_classifier.classify_many(["逾期"])
    fake_classifier.verdicts(["逾期"])
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        fake_classifier.classify_many(["逾期"])
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()

    def fail(self, *args):
        raise RuntimeError("boom")

    monkeypatch.setattr(type(fake_classifier), "_decide", fail)
    with pytest.raises(RuntimeError):
        fake_classifier.classify_many(["逾期"])
    assert gc.isenabled()


def test_slices_are_bounded_by_texts_and_characters(monkeypatch):
    from scamcheck.classifier import _slices

    monkeypatch.setattr("scamcheck.classifier.SLICE", 3)
    monkeypatch.setattr("scamcheck.classifier.SLICE_CHARS", 10)
    texts = ["ab"] * 7 + ["x" * 25, "y", "z" * 9, "w" * 2]
    assert list(_slices(texts)) == [(0, 3), (3, 6), (6, 7), (7, 8), (8, 10), (10, 11)]
    assert list(_slices([])) == []


def test_long_texts_give_the_same_results_in_slices_by_characters(fake_classifier, monkeypatch):
    texts = ["逾期" * 3000, "老赖", "转账到安全账户" * 1000, "快递"]
    whole = fake_classifier.classify_many(texts)
    monkeypatch.setattr("scamcheck.classifier.SLICE_CHARS", 5000)
    assert fake_classifier.classify_many(texts) == whole


def test_loading_warns_when_the_rules_differ_from_the_calibration(tmp_path):
    from scamcheck.classifier import RulesChangedWarning
    from scamcheck.rules import _default_path

    edited = tmp_path / "rules.toml"
    edited.write_text(_default_path().read_text("utf-8") + "\n# edited\n", "utf-8")
    with pytest.warns(RulesChangedWarning, match="calibrated with other rules"):
        Classifier.load(rules=edited)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Classifier.load()


def test_notes_name_the_disguises_undone(fake_classifier):
    plain, disguised = fake_classifier.classify_many(["您的借款逾期了", "您的借 款逾\u200b期了"])
    assert not any("disguise" in note for note in plain.notes)
    note = next(note for note in disguised.notes if "disguise" in note)
    assert "zero-width" in note and "separators" in note
    assert note in disguised.explain()


def test_a_note_says_when_a_frame_cue_suspended_precedence(fake_classifier):
    said, asked = fake_classifier.classify_many([
        "老赖，再不还钱就把你的照片发到你们村的微信群里",
        "催收天天打电话骂我老赖，还说要把照片发到我们村的微信群里，这合法吗？"])
    assert not any(note.startswith("precedence suspended") for note in said.notes)
    note = next(note for note in asked.notes if note.startswith("precedence suspended"))
    assert "UNR_JUDGES_A_MESSAGE" in note and "AGG_INSULT_LAORAI" in note
    assert not asked.decided_by
    assert note in asked.explain()


def test_the_model_reads_a_quotation_as_a_mark(fake_classifier, monkeypatch):
    from scamcheck.model import LinearModel

    read, logits = [], LinearModel.text_logits
    monkeypatch.setattr(LinearModel, "text_logits",
                        lambda self, texts: read.extend(texts) or logits(self, texts))
    fake_classifier.classify_many(["你看催收发的「再不还就去你单位找你」这合法吗？", "老赖"])
    assert read == ["你看催收发的「〔引文〕」这合法吗?", "老赖"]
