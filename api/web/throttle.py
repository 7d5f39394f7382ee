"""Failed sign-ins per name, counted in Redis so every API process sees them.

Past `signin_max_failures` within `signin_lockout` seconds the name is locked
until the window ends: guessing passwords stays slow even though each guess
is only one argon2 check. A success clears the count. Should Redis be down,
sign-in still works (and the gap is logged): the desk must not lock everyone out.
"""

import logging

import redis

from core.config import get_settings
from core.ratelimit import redis_client

log = logging.getLogger(__name__)


def _key(name: str) -> str:
    return f"warta:signin-failures:{name.strip().casefold()}"


def locked_for(name: str) -> int:
    """Seconds until `name` may try again; 0 when it may now."""
    settings = get_settings()
    try:
        client = redis_client(settings.resolved_redis_url())
        failures = int(client.get(_key(name)) or 0)
        if failures < settings.signin_max_failures:
            return 0
        return max(1, int(client.ttl(_key(name))))
    except redis.RedisError:
        log.warning("sign-in throttle not checked: Redis unavailable", exc_info=True)
        return 0


def record_failure(name: str) -> None:
    settings = get_settings()
    try:
        client = redis_client(settings.resolved_redis_url())
        if client.incr(_key(name)) == 1:
            client.expire(_key(name), settings.signin_lockout)
    except redis.RedisError:
        log.warning("failed sign-in not counted: Redis unavailable", exc_info=True)


def clear(name: str) -> None:
    try:
        redis_client(get_settings().resolved_redis_url()).delete(_key(name))
    except redis.RedisError:
        log.warning("sign-in failures not cleared: Redis unavailable", exc_info=True)
