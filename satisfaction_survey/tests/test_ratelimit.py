import threading

import pytest

from satisfaction_survey.ratelimit import SlidingWindowLimiter, parse_limit


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


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


def test_allows_up_to_limit_then_refuses_with_retry_after():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock)
    for _ in range(3):
        assert limiter.hit("ip", 3, 60) == (True, 0)
        clock.advance(10)
    # first hit at t=0, now t=30: it leaves the window at t=60
    assert limiter.hit("ip", 3, 60) == (False, 30)
    clock.advance(29.5)
    assert limiter.hit("ip", 3, 60) == (False, 1)
    clock.advance(0.5)  # t=60: the first hit is out
    assert limiter.hit("ip", 3, 60) == (True, 0)
    assert limiter.hit("ip", 3, 60) == (False, 10)


def test_window_slides_not_fixed():
    """A fixed window would allow 2x the limit around a boundary; a sliding one does
    not.
    """
    clock = FakeClock(0.0)
    limiter = SlidingWindowLimiter(clock=clock)
    clock.advance(59)
    assert all(limiter.hit("k", 5, 60)[0] for _ in range(5))
    clock.advance(2)  # t=61, a fixed window would have reset at t=60
    assert limiter.hit("k", 5, 60) == (False, 58)


def test_refused_requests_are_not_counted():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock)
    assert limiter.hit("k", 1, 10)[0]
    for _ in range(100):
        assert not limiter.hit("k", 1, 10)[0]
    clock.advance(10)
    assert limiter.hit("k", 1, 10)[0]


def test_keys_are_independent_and_reset():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock)
    assert limiter.hit(("token", "a"), 1, 60)[0]
    assert not limiter.hit(("token", "a"), 1, 60)[0]
    assert limiter.hit(("token", "b"), 1, 60)[0]
    assert limiter.hit(("ip", "a"), 1, 60)[0]
    assert len(limiter) == 3
    limiter.reset()
    assert len(limiter) == 0
    assert limiter.hit(("token", "a"), 1, 60)[0]


def test_memory_is_bounded():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(clock=clock, max_keys=100)
    for i in range(1000):
        limiter.hit(i, 5, 60)
    assert len(limiter) <= 100
    # idle keys go first: after the window, a new key evicts all of them
    clock.advance(61)
    limiter.hit("fresh", 5, 60)
    for i in range(98):
        limiter.hit(("new", i), 5, 60)
    assert len(limiter) <= 100
    assert not limiter.hit("fresh", 1, 60)[0], "a recently used key is kept"


def test_invalid_arguments():
    limiter = SlidingWindowLimiter()
    with pytest.raises(ValueError):
        limiter.hit("k", 0, 60)
    with pytest.raises(ValueError):
        limiter.hit("k", 1, 0)
    with pytest.raises(ValueError):
        SlidingWindowLimiter(max_keys=0)


def test_thread_safe_exact_count():
    limiter = SlidingWindowLimiter(clock=lambda: 5.0)
    allowed = []
    barrier = threading.Barrier(8)

    def worker():
        barrier.wait()
        for _ in range(500):
            if limiter.hit("shared", 1000, 60)[0]:
                allowed.append(1)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 1000
