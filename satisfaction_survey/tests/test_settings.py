import pytest

from satisfaction_survey.settings import parse_bool, parse_float, parse_int, parse_str


@pytest.mark.parametrize("raw", [None, False, "", "   "])
def test_absent_or_blank_gives_the_default_silently(raw):
    assert parse_bool(raw, True) == (True, None)
    assert parse_int(raw, 7, minimum=1) == (7, None)
    assert parse_float(raw, 0.5) == (0.5, None)
    assert parse_str(raw, "sms", choices=("sms", "email")) == ("sms", None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("True", True),
        ("true", True),
        ("1", True),
        (" yes ", True),
        ("ON", True),
        ("False", False),
        ("0", False),
        ("no", False),
        ("off", False),
    ],
)
def test_bool_words(raw, expected):
    assert parse_bool(raw, not expected) == (expected, None)


def test_bool_unreadable_falls_back_with_a_reason():
    value, problem = parse_bool("maybe", False)
    assert value is False
    assert "'maybe'" in problem and "False" in problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("30", 30), (" 5 ", 5), ("-2", -2), (12, 12)],
)
def test_int_readable(raw, expected):
    assert parse_int(raw, 1) == (expected, None)


@pytest.mark.parametrize("raw", ["not a number", "1.5", "3 days", "1e3"])
def test_int_unreadable_falls_back_to_the_default(raw):
    value, problem = parse_int(raw, 30, minimum=1)
    assert value == 30
    assert repr(raw) in problem and "whole number" in problem


def test_int_below_minimum_is_raised_to_it():
    value, problem = parse_int("0", 30, minimum=1)
    assert value == 1
    assert "minimum 1" in problem
    assert parse_int("1", 30, minimum=1) == (1, None)


def test_int_above_maximum_is_lowered_to_it():
    value, problem = parse_int("500", 30, maximum=100)
    assert value == 100
    assert "maximum 100" in problem


def test_float():
    assert parse_float("0.25", 1.0) == (0.25, None)
    assert parse_float("2", 1.0) == (2.0, None)
    assert parse_float("abc", 1.0)[0] == 1.0
    assert parse_float("0,5", 1.0)[0] == 1.0
    for raw in ("nan", "inf", "-inf"):
        value, problem = parse_float(raw, 1.0)
        assert value == 1.0 and "finite" in problem
    assert parse_float("-1", 1.0, minimum=0.0)[0] == 0.0


def test_str():
    assert parse_str(" email ", "sms", choices=("sms", "email")) == ("email", None)
    value, problem = parse_str("fax", "sms", choices=("sms", "email"))
    assert value == "sms"
    assert "'fax'" in problem and "sms, email" in problem
    assert parse_str("60/60", None) == ("60/60", None)
    assert parse_str(None, None) == (None, None)
