import pytest

from satisfaction_survey.redact import (
    EMAIL_PLACEHOLDER,
    ID_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    contains_personal_details,
    redact_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gọi tôi: 0912345678", "Gọi tôi: [phone]"),
        ("sđt 0912 345 678.", "sđt [phone]."),
        ("sđt 0912.345.678", "sđt [phone]"),
        ("sđt 0912-345-678, cảm ơn", "sđt [phone], cảm ơn"),
        ("+84 912 345 678", "[phone]"),
        ("+84912345678", "[phone]"),
        ("84912345678", "[phone]"),
        ("(+84) 912 345 678", "[phone]"),
        ("bàn (024) 3825 1234", "bàn [phone]"),
        ("02438251234", "[phone]"),
        ("CCCD 001099012345 của tôi", "CCCD [id] của tôi"),
        ("CMND: 123456789", "CMND: [id]"),
        ("email nguyen.van.a@example.com.vn nhé", "email [email] nhé"),
        ("Email: A.B+c@Gov.VN", "Email: [email]"),
        ("hai số 0912345678 0987654321", "hai số [phone] [phone]"),
        ("0912345678/0987654321", "[phone]/[phone]"),
    ],
)
def test_redacts(text, expected):
    assert redact_text(text) == expected
    assert contains_personal_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "Cán bộ hướng dẫn rất tận tình, 5 sao!",
        "Lệ phí 100.000.000 đồng là quá cao",
        "Phí 1,500,000 đồng",
        "Chờ 45 phút, ngày 12/03/2024",
        "Hồ sơ 2024-03-12 số 000.00.12.H12-240101-0001",
        "Mã 12345678",  # 8 digits: not a phone or an ID number
        "Năm 2024 tốt hơn năm 2023",
        "",
        "<script>alert(1)</script>",
    ],
)
def test_keeps_ordinary_text(text):
    assert redact_text(text) == text
    assert not contains_personal_details(text)


def test_non_str_unchanged():
    for value in (None, False, 0, b"0912345678"):
        assert redact_text(value) == value
        assert not contains_personal_details(value)


def test_idempotent_and_placeholders_stable():
    text = "0912345678 / a@b.vn / 001099012345"
    once = redact_text(text)
    assert once == f"{PHONE_PLACEHOLDER} / {EMAIL_PLACEHOLDER} / {ID_PLACEHOLDER}"
    assert redact_text(once) == once


def test_long_text_fast():
    text = ("Ý kiến 0912345678 a@b.vn " * 2000) + "9" * 5000
    out = redact_text(text)
    assert "0912345678" not in out and "@" not in out
