from scamcheck.channels import (
    lender_nonofficial_link,
    lender_nonofficial_number,
    lenders,
    named_lenders,
    official_link,
    sender_mobile_claims_lender,
)
from scamcheck.normalise import normalise


def _n(text: str) -> str:
    return normalise(text).text


def test_table_is_complete_enough():
    table = lenders()
    assert len(table) >= 30
    assert len({x.id for x in table}) == len(table)
    assert all(h.isdigit() for x in table for h in x.hotlines)
    hotlines = {h for x in table for h in x.hotlines}
    assert {"95188", "95555", "95588", "95384", "95118"} <= hotlines


def test_official_and_lookalike_links():
    assert official_link(_n("详见 https://www.cmbchina.com/x"), None)
    assert not official_link(_n("详见 https://cmbchina.com.kf-help.cc/x"), None)
    assert lender_nonofficial_link(_n("【招商银行】详见 cmbchina-vip.top"), None)
    assert not lender_nonofficial_link(_n("【招商银行】详见 m.cmbchina.com"), None)
    assert not lender_nonofficial_link(_n("详见 cmbchina-vip.top"), None)  # no lender named


def test_numbers():
    text = _n("【支付宝】请致电 400-812-3456")
    start, end = lender_nonofficial_number(text, None)
    assert text[start:end] == "400-812-3456"
    assert not lender_nonofficial_number(_n("【支付宝】请致电95188"), None)


def test_named_lenders_in_table_order():
    found = named_lenders("微粒贷逾期了，【支付宝】花呗也逾期，HOME CREDIT")
    assert [lender.id for lender in found] == ["alipay", "webank", "homecredit"]
    assert named_lenders("明天一起吃饭") == ()


def test_sender_checks():
    assert sender_mobile_claims_lender(_n("【支付宝】额度冻结"), "139-1234-5678") == (-1, -1)
    assert not sender_mobile_claims_lender(_n("【支付宝】额度冻结"), "95188")


def test_lender_names_pattern_does_not_depend_on_hash_seed():
    """The prefilter caches its database under a hash of the patterns, this one included."""
    import subprocess
    import sys

    code = "from scamcheck.channels import _index; print(_index().lender_names.pattern)"
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={"PYTHONHASHSEED": seed}, check=True).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1
