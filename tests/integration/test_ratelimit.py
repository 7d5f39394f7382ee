"""The partner rate limit across processes: Redis holds what every process was granted."""

import itertools

import pytest

from core.ratelimit import Limiter
from tests.support import RedisServer

pytestmark = pytest.mark.integration
_keys = itertools.count()
# Windows of ~31 years: a test never straddles two of them.
WINDOW = 10**9


@pytest.mark.parametrize("limit", [3, 100, 1000])
def test_processes_together_never_exceed_the_limit(redis_server: RedisServer, limit: int) -> None:
    url, key = redis_server.url(8), f"test-{next(_keys)}"
    processes = [Limiter(), Limiter(), Limiter()]  # three API processes, one Redis
    allowed = 0
    for process in itertools.islice(itertools.cycle(processes), 3 * limit):
        verdict = process.hit(url, key, limit=limit, window=WINDOW)
        allowed += verdict.allowed
        if not verdict.allowed:
            assert 1 <= verdict.retry_after <= WINDOW
    # Every process spent what it took before it was refused: exactly the limit.
    assert allowed == limit


def test_each_key_has_its_own_budget(redis_server: RedisServer) -> None:
    url, limiter = redis_server.url(8), Limiter()
    first, second = f"test-{next(_keys)}", f"test-{next(_keys)}"
    assert [limiter.hit(url, first, limit=2, window=WINDOW).allowed for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert limiter.hit(url, second, limit=2, window=WINDOW).allowed


def test_an_unreachable_redis_lets_requests_through() -> None:
    verdict = Limiter().hit("redis://127.0.0.1:1/0", "down", limit=1, window=60)
    assert verdict.allowed
