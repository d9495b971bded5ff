import pytest

from satisfaction_survey.unit_codes import (
    UNIT_CODE_EXAMPLE,
    is_valid_unit_code,
    normalize_unit_code,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  000.00.15.h29 ", "000.00.15.H29"),
        ("G22.36.01.H29", "G22.36.01.H29"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalize(raw, expected):
    assert normalize_unit_code(raw) == expected


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        (UNIT_CODE_EXAMPLE, True),
        ("G22.36.01.H29", True),
        ("000.00.00.A01", True),
        ("000.00.15.H2", False),  # last level: a letter and two digits
        ("000.00.15.129", False),
        ("00.00.15.H29", False),
        ("000-00-15-H29", False),
        ("000.00.15.h29", False),  # not normalised
        ("000.00.15.H29.1", False),
        (None, False),
    ],
)
def test_is_valid(code, valid):
    assert is_valid_unit_code(code) is valid
