"""`|when`: stored UTC times shown in the signed-in user's zone, Asia/Jakarta by default."""

from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from api.web.filters import format_when, is_zone
from api.web.render import environment

NOON_UTC = datetime(2026, 12, 4, 7, 5, tzinfo=UTC)


def shown(value: datetime | None, **context: object) -> str:
    return environment("en").from_string("{{ value|when }}").render(value=value, **context)


def test_without_a_user_times_are_in_jakarta() -> None:
    assert shown(NOON_UTC) == "2026-12-04 14:05 WIB"
    assert shown(NOON_UTC, user=None) == "2026-12-04 14:05 WIB"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "2026-12-04 14:05 WIB"),
        ("Asia/Makassar", "2026-12-04 15:05 WITA"),
        ("Asia/Jayapura", "2026-12-04 16:05 WIT"),
        ("Europe/Istanbul", "2026-12-04 10:05 +03"),  # no letters: the offset
        ("UTC", "2026-12-04 07:05 UTC"),
        ("America/New_York", "2026-12-04 02:05 EST"),
    ],
)
def test_a_user_sees_times_in_their_zone(zone: str, expected: str) -> None:
    assert shown(NOON_UTC, user=SimpleNamespace(time_zone=zone)) == expected


def test_naive_datetimes_are_utc() -> None:
    # SQLite hands timestamps back without a zone; they were written in UTC.
    naive = datetime(2026, 12, 4, 20, 30)
    assert shown(naive) == "2026-12-05 03:30 WIB"
    assert format_when(naive, "UTC") == "2026-12-04 20:30 UTC"


def test_aware_times_in_other_zones_are_converted() -> None:
    istanbul_morning = datetime(2026, 12, 4, 10, 5, tzinfo=timezone(timedelta(hours=3)))
    assert format_when(istanbul_morning, "Asia/Jakarta") == "2026-12-04 14:05 WIB"


def test_an_empty_or_unknown_zone_falls_back_to_jakarta() -> None:
    assert format_when(NOON_UTC, "") == "2026-12-04 14:05 WIB"
    assert format_when(NOON_UTC, "Mars/Olympus_Mons") == "2026-12-04 14:05 WIB"
    assert format_when(NOON_UTC, "../../etc/passwd") == "2026-12-04 14:05 WIB"
    assert format_when(None, "UTC") == ""


def test_only_iana_names_are_zones() -> None:
    assert is_zone("Asia/Jakarta") and is_zone("UTC") and is_zone("Europe/Istanbul")
    assert not is_zone("WIB") and not is_zone("") and not is_zone("/etc/localtime")
