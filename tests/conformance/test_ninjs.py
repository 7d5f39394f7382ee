"""Every syndication item validates against IPTC's own ninjs 3.1 JSON Schema.

The schema is IPTC's file as published (shared/conformance/ninjs), checked
with `jsonschema`, the validator class its "$schema" names, and format
checking on (uri, date-time): the pull API's listing and single items, a
withdrawn article's tombstone, and the `data` of every webhook event.
"""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from core.models import CanonicalLink, Partner, Publication, PubStatus
from core.syndication import to_item

pytestmark = [pytest.mark.integration, pytest.mark.conformance]

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "conformance/ninjs/ninjs-schema_3.1.json"


def schema_path() -> Path:
    """shared/ sits beside the checkout (a developer's, CI's) or inside it."""
    for shared in (ROOT.parent / "shared", ROOT / "shared"):
        if (shared / SCHEMA).is_file():
            return shared / SCHEMA
    raise AssertionError(f"IPTC's schema is not in shared/{SCHEMA} beside or inside {ROOT}")


@pytest.fixture(scope="module")
def ninjs() -> Draft202012Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    cls = validator_for(schema)
    assert cls is Draft202012Validator  # "$schema": draft 2020-12
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def errors(validator: Draft202012Validator, item: dict) -> list[str]:
    found = sorted(validator.iter_errors(item), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(item)'}: {e.message}" for e in found]


def assert_ninjs(validator: Draft202012Validator, item: dict) -> None:
    assert errors(validator, item) == [], item.get("uri")


# No services: to_item on publications built in memory.


def publication(**changes) -> Publication:
    now = datetime.now(UTC)
    values = {
        "article_id": 1,
        "public_id": "5f0c6f0e-0d1a-4a57-9a43-7f3b1d3c2a10",
        "version": 2,
        "source_id": 1,
        "headline": "Tentara merebut kembali bukit 😀",
        "summary": "Kalimat pertama.",
        "body_html": "<p>Kalimat pertama.</p>\n<p>Sumber: Daily Example</p>",
        "correction_note": "Nama wilayah diperbaiki.",
        "source_name": "Daily Example",
        "credit_line": "Daily Example",
        "original_url": "https://news.example.org/world/çevre haber",
        "original_byline": "Jane Doe",
        "original_published_at": "2024-11-12",
        "original_language": "en",
        "lead_image_url": "https://cdn.example.org/img/lead.jpg",
        "translators": ["Ani", "Budi"],
        "first_published_at": now - timedelta(hours=2),
        # As SQLite hands it back: naive, in UTC.
        "version_at": (now - timedelta(hours=1)).replace(tzinfo=None),
    }
    return Publication(**{**values, **changes})


def item_of(pub: Publication, canonical: CanonicalLink = CanonicalLink.ORIGINAL) -> dict:
    partner = Partner(name="Mitra", key_hash="x", key_hint="wp_x", canonical_link=canonical)
    return to_item(pub, "news.example.org", partner, "http://testserver").model_dump(mode="json")


def killed(pub: Publication) -> Publication:
    pub.status, pub.killed_at, pub.kill_reason = PubStatus.CANCELED, datetime.now(UTC), "Dicabut."
    return pub


def test_the_format_checker_really_checks_uri_and_date_time(ninjs) -> None:
    # Without rfc3339-validator and rfc3986-validator jsonschema passes any string.
    checker = ninjs.format_checker
    assert not checker.conforms("yesterday", "date-time")
    assert not checker.conforms("2024-11-12", "date-time")
    assert not checker.conforms("news.example.org/a b", "uri")
    assert checker.conforms("urn:uuid:5f0c6f0e-0d1a-4a57-9a43-7f3b1d3c2a10", "uri")


def test_items_built_in_memory_validate(ninjs) -> None:
    live = item_of(publication())
    assert_ninjs(ninjs, live)
    assert (live["version"], live["pubStatus"]) == ("2", "usable")
    assert live["associations"][0]["rel"] == "canonical"
    assert [a["name"] for a in live["associations"]] == ["original", "leadimage"]
    assert_ninjs(ninjs, item_of(publication(), CanonicalLink.NONE))
    # Nothing optional: no summary, byline, date, image, translators or correction.
    bare = publication(
        summary="",
        correction_note=None,
        original_byline=None,
        original_published_at=None,
        original_language=None,
        lead_image_url=None,
        translators=[],
        version=1,
    )
    assert_ninjs(ninjs, item_of(bare))
    # A source that gave a full timestamp: firstCreated of the original.
    timed = item_of(publication(original_published_at="2024-11-12T08:30:00+03:00"))
    assert_ninjs(ninjs, timed)
    assert timed["associations"][0]["firstCreated"] == "2024-11-12T08:30:00+03:00"

    tombstone = item_of(killed(publication()))
    assert_ninjs(ninjs, tombstone)
    assert tombstone["pubStatus"] == "canceled" and tombstone["edNote"] == "Dicabut."
    assert not {"headlines", "bodies", "by", "usageTerms"} & set(tombstone)
    assert None not in tombstone.values()


@pytest.mark.parametrize(
    "breakage",
    [
        pytest.param(lambda item: item.update(version=2), id="version-as-int"),
        pytest.param(lambda item: item.update(headlines=None), id="null-headlines"),
        pytest.param(lambda item: item.update(correction_note="x"), id="extension-property"),
        pytest.param(lambda item: item.update(pubStatus="killed"), id="unknown-pubstatus"),
        pytest.param(lambda item: item.update(versionCreated="yesterday"), id="bad-date-time"),
        pytest.param(lambda item: item.update(uri="not a uri"), id="bad-uri"),
        pytest.param(lambda item: item["associations"][0].pop("uri"), id="association-no-uri"),
        pytest.param(lambda item: item.pop("uri"), id="no-uri"),
    ],
)
def test_a_broken_item_is_rejected(ninjs, breakage) -> None:
    item = item_of(publication())
    breakage(item)
    assert errors(ninjs, item)


# The running service, as partners receive it.


def all_pages(conformance) -> list[dict]:
    items, cursor = [], None
    while True:
        answer = conformance.client.get(
            "/syndication/v1/articles",
            headers=conformance.headers,
            params={"limit": 1, "cursor": cursor},
        )
        assert answer.status_code == 200, answer.text
        items += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
        if cursor is None:
            return items


def test_every_item_of_the_listing_validates(conformance, ninjs) -> None:
    items = all_pages(conformance)
    uris = [item["uri"] for item in items]
    assert sorted(uris) == sorted([conformance.hostile["uri"], conformance.corrected["uri"]])
    for item in items:
        assert_ninjs(ninjs, item)


def test_each_single_item_validates_live_corrected_and_killed(conformance, ninjs) -> None:
    def get(published: dict) -> dict:
        answer = conformance.client.get(
            f"/syndication/v1/articles/{published['public_id']}", headers=conformance.headers
        )
        assert answer.status_code == 200, answer.text
        item = answer.json()
        assert_ninjs(ninjs, item)
        assert item["uri"] == published["uri"]
        assert {"role": "warta-id", "value": published["public_id"]} in item["altIds"]
        return item

    hostile = get(conformance.hostile)
    assert (hostile["version"], hostile["pubStatus"]) == ("1", "usable")
    assert hostile["headlines"][0]["value"] and hostile["bodies"][0]["contentType"] == "text/html"
    corrected = get(conformance.corrected)
    assert (corrected["version"], corrected["pubStatus"]) == ("2", "usable")
    assert "correction" in {d.get("role") for d in corrected["descriptions"]}
    tombstone = get(conformance.killed)
    assert (tombstone["pubStatus"], tombstone["representationType"]) == ("canceled", "partial")
    assert "bodies" not in tombstone and "headlines" not in tombstone


def test_the_data_of_every_webhook_event_validates(conformance, ninjs) -> None:
    events = conformance.receiver.events()
    assert {e["type"] for e in events} >= {"article.created", "article.updated", "article.killed"}
    for event in events:
        assert set(event) == {"type", "timestamp", "data"}
        assert_ninjs(ninjs, event["data"])
    versions = {(e["data"]["uri"], e["type"]): e["data"]["version"] for e in events}
    assert versions[(conformance.corrected["uri"], "article.updated")] == "2"
    killed_uri = conformance.killed["uri"]
    [kill] = [e for e in events if e["type"] == "article.killed"]
    assert kill["data"]["uri"] == killed_uri and kill["data"]["pubStatus"] == "canceled"
