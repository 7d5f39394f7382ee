"""A fixed-window request limit per partner, shared through Redis by every API process.

Fixed windows are simple to reason about and to explain in a 429 ("600
requests per 60 s; try again in 12 s"); a burst at a window edge can reach
twice the limit, which is acceptable for protecting the feeds.

Asking Redis on every request would cost a round trip on the feeds' 304 path,
the cheapest answer we have. So a process takes its allowance in chunks
(INCRBY chunk, about 2% of the limit) and spends it locally. Redis' counter is
the sum of everything granted, so all processes together never exceed the
limit; a process may end a window with a few unspent requests, which only
makes the limit slightly stricter, never looser. A limit under 50 is exact.
"""

import logging
import math
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

import redis

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)


@lru_cache(maxsize=4)
def redis_client(url: str) -> redis.Redis:
    # Short timeouts: a slow Redis must not hold every partner request.
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


class Limiter:
    """One per process: the local allowance of each key in the current window."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (Redis URL, key) → (window slot, requests left)
        self._allowance: dict[tuple[str, str], tuple[int, int]] = {}

    def hit(self, redis_url: str, key: str, *, limit: int, window: int) -> Verdict:
        """Count one request for `key`; refuse it past `limit` in the current window.

        When Redis is unreachable the request is allowed (and logged): the limit
        protects the service, it must not take the feeds down with the broker.
        """
        now = time.time()
        slot = int(now // window)
        if self._take((redis_url, key), slot):
            return Verdict(True, 0)
        chunk = max(1, limit // 50)
        name = f"warta:ratelimit:{key}:{slot}"
        try:
            client = redis_client(redis_url)
            total = client.incrby(name, chunk)
            if total == chunk:
                # The name carries its window: should we die before this EXPIRE,
                # the stray key wastes a few bytes, and that window never returns.
                client.expire(name, window + 1)
        except redis.RedisError:
            log.warning("rate limit not checked: Redis unavailable", exc_info=True)
            return Verdict(True, 0)
        granted = min(chunk, limit - (total - chunk))
        if granted <= 0:
            return Verdict(False, max(1, math.ceil((slot + 1) * window - now)))
        with self._lock:
            held_slot, left = self._allowance.get((redis_url, key), (slot, 0))
            left = left if held_slot == slot else 0
            self._allowance[(redis_url, key)] = (slot, left + granted - 1)
        return Verdict(True, 0)

    def _take(self, key: tuple[str, str], slot: int) -> bool:
        with self._lock:
            current, left = self._allowance.get(key, (slot, 0))
            if current != slot or left <= 0:
                return False
            self._allowance[key] = (slot, left - 1)
            return True


_limiter = Limiter()


def hit(redis_url: str, key: str, *, limit: int, window: int) -> Verdict:
    return _limiter.hit(redis_url, key, limit=limit, window=window)
