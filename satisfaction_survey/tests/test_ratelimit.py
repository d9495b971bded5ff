import pytest

from satisfaction_survey.ratelimit import counter_key, parse_limit, retry_after


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("60/60", (60, 60)),
        (" 20 / 60 ", (20, 60)),
        ("1/1", (1, 1)),
        ("0", None),
        ("0/60", None),
        ("off", None),
        ("", None),
        ("OFF", None),
    ],
)
def test_parse_limit(value, expected):
    assert parse_limit(value, default=(5, 5)) == expected


@pytest.mark.parametrize(
    "value", ["abc", "60", "60/0", "-1/60", "60/60/60", "1.5/60", "６０/60"]
)
def test_parse_limit_unreadable_falls_back_to_default(value):
    assert parse_limit(value, default=(5, 7)) == (5, 7)
    assert parse_limit(None, default=(5, 7)) == (5, 7)


def test_counter_key_hides_the_value():
    key = counter_key("s3cret", 60, "ip", "203.0.113.7")
    assert isinstance(key, bytes) and len(key) == 16
    assert b"203.0.113.7" not in key
    assert key == counter_key("s3cret", 60, "ip", "203.0.113.7"), "stable"
    # another secret, window, kind or value: another key
    others = {
        counter_key("other", 60, "ip", "203.0.113.7"),
        counter_key("s3cret", 3600, "ip", "203.0.113.7"),
        counter_key("s3cret", 60, "token", "203.0.113.7"),
        counter_key("s3cret", 60, "ip", "203.0.113.8"),
        # the separator cannot be forged by the parts
        counter_key("s3cret", 60, "ip\x1f203.0.113.7"),
    }
    assert key not in others and len(others) == 5
    # odd input never raises (tokens come from URLs)
    assert len(counter_key("s3cret", 60, "token", "r", "\udcff\x00é" * 50)) == 16
    with pytest.raises(ValueError):
        counter_key("", 60, "ip", "203.0.113.7")


@pytest.mark.parametrize(
    ("limit", "previous", "current", "elapsed", "expected"),
    [
        # full current window, nothing before: next window, then 1/3 of it
        # (3 x (1 - g) <= 2)
        (3, 0, 3, 0.5, 50),
        # the previous window stands in the way: wait until its weight
        # drops to the room left (5 x (1 - f) <= 5 - 1 - 2  ->  f >= 0.6)
        (5, 5, 2, 0.1, 30),
        # limit 1: a request in the current window blocks all of the next one;
        # one in the previous window blocks the rest of this one
        (1, 0, 1, 0.75, 60),
        (1, 1, 0, 0.75, 15),
        # never 0, never more than one window
        (5, 5, 4, 0.9999, 1),
        (60, 0, 60, 0.0, 60),
        (2, 0, 50, 0.0, 60),
    ],
)
def test_retry_after(limit, previous, current, elapsed, expected):
    assert retry_after(limit, 60, previous, current, elapsed) == expected


def test_retry_after_invalid_arguments():
    with pytest.raises(ValueError):
        retry_after(0, 60, 0, 0, 0.0)
    with pytest.raises(ValueError):
        retry_after(1, 0, 0, 0, 0.0)
