import pytest

from scamcheck.report.counterpart import NO_NUMBER, counterpart


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+86 138-0013-8000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        (" 13800138000 ", "13800138000"),
        ("(010) 6512-3456", "01065123456"),
        ("1069 0000 8823", "106900008823"),  # a 106 service number stays whole
        ("95188", "95188"),
        ("861069000", "861069000"),  # 86 is a country code only before a mobile number
        ("支付宝", "支付宝"),
        ("", NO_NUMBER),
        ("   ", NO_NUMBER),
    ],
)
def test_counterpart(raw: str, expected: str) -> None:
    assert counterpart(raw) == expected
