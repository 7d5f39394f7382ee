"""Small Jinja2 filters for dates and durations.

Times are stored in UTC; the desk shows them in the signed-in user's zone
(Account → Time zone), the newsroom's own, Asia/Jakarta, by default. The
JSON API is untouched by this and stays UTC.
"""

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from jinja2 import pass_context
from jinja2.runtime import Context

DEFAULT_ZONE = "Asia/Jakarta"
# Offered first under Account: the newsroom's three Indonesian zones, the Turkish
# desk's, and UTC for whoever compares with server logs.
COMMON_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Europe/Istanbul", "UTC")


@lru_cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone this machine knows, sorted (for the Account page's list)."""
    return tuple(sorted(available_timezones()))


def is_zone(name: str) -> bool:
    """A zone name the desk can show times in: only IANA names, never file paths."""
    return name in all_zones() or name == "UTC"


@lru_cache
def zone(name: str | None) -> ZoneInfo:
    """The named zone; the newsroom's when the name is empty or no longer known."""
    if name and is_zone(name):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(DEFAULT_ZONE)


def format_when(value: datetime | None, zone_name: str | None = None) -> str:
    """A stored time in the given zone, with its abbreviation: "2026-12-04 14:05 WIB".

    Zones without a letter abbreviation show their offset ("+03").
    """
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite hands back naive UTC datetimes
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone(zone_name)).strftime("%Y-%m-%d %H:%M %Z")


@pass_context
def when(context: Context, value: datetime | None) -> str:
    """`|when` in templates: the time in the zone of the user the page is rendered for."""
    user = context.get("user")
    return format_when(value, getattr(user, "time_zone", None))


def seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


FILTERS = {"when": when, "seconds": seconds}
