"""The rate limit and the login throttle, on a clock the test moves."""

from tests.conftest import Clock
from web.limits import MAX_CLIENTS, LoginThrottle, RateLimiter


def test_a_burst_is_allowed_then_the_client_waits_for_the_rate():
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=3, clock=clock)  # one question per 10 s
    assert [limiter.wait("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.wait("a") == 10
    clock.now += 4
    assert limiter.wait("a") == 6
    clock.now += 6
    assert limiter.wait("a") == 0 and limiter.wait("a") == 10


def test_clients_are_limited_apart():
    limiter = RateLimiter(per_minute=6, burst=1, clock=Clock())
    assert limiter.wait("a") == 0 and limiter.wait("a") > 0
    assert limiter.wait("b") == 0


def test_a_client_under_the_rate_is_never_held_back():
    clock = Clock()
    limiter = RateLimiter(per_minute=30, burst=2, clock=clock)
    for _ in range(100):
        assert limiter.wait("a") == 0
        clock.now += 2  # exactly the rate
    assert RateLimiter(per_minute=0, burst=1, clock=clock).wait("a") == 0  # 0: no limit


def test_memory_stays_bounded_under_many_clients():
    limiter = RateLimiter(per_minute=6, burst=1, clock=Clock())
    for i in range(MAX_CLIENTS + 50):
        limiter.wait(f"10.0.{i // 256}.{i % 256}")
    assert len(limiter._buckets) == MAX_CLIENTS


def test_logins_lock_after_the_failures_and_the_lock_doubles():
    clock = Clock()
    throttle = LoginThrottle(
        max_failures=3, lockout_seconds=60, max_lockout_seconds=200, clock=clock
    )
    assert throttle.failed("a") == (1, 0) and throttle.failed("a") == (2, 0)
    assert throttle.locked_for("a") == 0
    assert throttle.failed("a") == (3, 60)
    assert throttle.locked_for("a") == 60 and throttle.locked_for("b") == 0
    clock.now += 60
    assert throttle.locked_for("a") == 0
    assert throttle.failed("a") == (4, 120)
    clock.now += 120
    assert throttle.failed("a") == (5, 200)  # capped


def test_a_correct_login_clears_the_count():
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, lockout_seconds=60, clock=clock)
    throttle.failed("a")
    throttle.failed("a")
    throttle.succeeded("a")
    assert throttle.failed("a") == (1, 0)


def test_failures_are_forgotten_after_a_quiet_day():
    clock = Clock()
    throttle = LoginThrottle(max_failures=2, lockout_seconds=60, clock=clock)
    throttle.failed("a")
    clock.now += LoginThrottle.FORGET_SECONDS + 1
    assert throttle.failed("a") == (1, 0)
