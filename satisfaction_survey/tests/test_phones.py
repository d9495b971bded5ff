import pytest

from satisfaction_survey import is_mobile, normalize_vn_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("0912-345-678", "+84912345678"),
        ("+84 912345678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("+84 (0) 912 345 678", "+84912345678"),
        ("0084 912 345 678", "+84912345678"),
        ("0389999999", "+84389999999"),
        ("0567 123 456", "+84567123456"),
        ("0789 123 456", "+84789123456"),
        ("0868 123 456", "+84868123456"),
        ("(024) 3825 1234", "+842438251234"),  # Hà Nội landline, 11 digits
        ("+84 28 3829 1234", "+842838291234"),  # HCMC landline
    ],
)
def test_valid_numbers(raw, expected):
    assert normalize_vn_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "",
        "   ",
        None,
        912345678,
        "0112345678",  # no mobile prefix 1
        "0412345678",  # no mobile prefix 4
        "091234567",  # 9 digits
        "09123456789",  # 11 digits mobile
        "024382512",  # short landline
        "0912a45678",
        "+1 912 345 678",
        "+84",
        "٠٩١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    ],
)
def test_invalid_numbers(raw):
    assert normalize_vn_phone(raw) is None


def test_is_mobile():
    assert is_mobile("+84912345678")
    assert not is_mobile("+842438251234")
    assert not is_mobile("0912345678")
    assert not is_mobile(None)
