"""Publishing and syndication end to end: real pipeline, review API, partners, feeds, webhooks."""

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.config import get_settings
from core.db import get_engine
from core.models import PublicationEvent, Role, WebhookDelivery
from tests.conftest import own_deployment, user_token
from tests.support import RedisServer, SourceSite, Stack
from tests.syndication_support import (
    TRANSLATED_HEADLINE,
    Receiver,
    approved,
    assert_inert,
    dismiss_findings,
    page,
    submit,
    wait_until,
)

pytestmark = pytest.mark.integration

ATOM = "{http://www.w3.org/2005/Atom}"
TOMBSTONE = "{http://purl.org/atompub/tombstones/1.0}deleted-entry"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
NEWS, HABER = "https://news.example.org/world", "https://haber.example.org/dunya"
HEADLINE = "Tentara Azerbaijan merebut kembali bukit strategis"


@dataclass
class World:
    deployment: Stack
    editor: dict
    news: dict  # X-API-Key headers of a partner licensed for news.example.org
    haber: dict  # … and of one licensed for haber.example.org
    a1: dict  # published articles (publish responses): news, hostile source HTML
    a2: dict  # news, kept for the correction-and-kill test
    b1: dict  # haber


@pytest.fixture(scope="module")
def world(redis_server: RedisServer, stack: Stack, client: TestClient, site: SourceSite):
    """A deployment of its own (partners, publications) with three published articles."""
    with own_deployment(
        redis_server,
        stack,
        redis_db=7,
        WARTA_WEBHOOK_BACKOFF_BASE="0.2",
        WARTA_WEBHOOK_BACKOFF_MAX="0.4",
        WARTA_WEBHOOK_TIMEOUT="5",
    ) as deployment:
        deployment.start_worker()
        editor = {"Authorization": f"Bearer {user_token(deployment.database_url, Role.EDITOR)}"}
        ids = [
            submit(client, site, editor, "/synd/a1", page("en_article.html", f"{NEWS}/a1", True)),
            submit(client, site, editor, "/synd/a2", page("en_article.html", f"{NEWS}/a2")),
            submit(client, site, editor, "/synd/b1", page("tr_article.html", f"{HABER}/b1")),
        ]
        approved(client, deployment, editor, ids)
        a1 = publish(client, editor, ids[0], {"headline": f"<b>{HEADLINE}</b>"})
        a2 = publish(client, editor, ids[1], {"headline": "Berita kedua dari Baku"})
        b1 = publish(client, editor, ids[2])
        news = add_partner(client, editor, "Mitra News", ["news.example.org"])
        haber = add_partner(client, editor, "Mitra Haber", ["haber.example.org"], "none")
        yield World(deployment, editor, key(news), key(haber), a1, a2, b1)


def publish(client: TestClient, editor: dict, article_id: int, body: dict | None = None) -> dict:
    published = client.post(f"/api/v1/articles/{article_id}/publish", headers=editor, json=body)
    assert published.status_code == 200, published.text
    return published.json()


def add_partner(
    client: TestClient,
    editor: dict,
    name: str,
    sources: list[str],
    canonical: str = "original",
    webhook_url: str | None = None,
) -> dict:
    body = {"name": name, "sources": sources, "canonical_link": canonical}
    if webhook_url:
        body["webhook_url"] = webhook_url
    created = client.post("/api/v1/partners", headers=editor, json=body)
    assert created.status_code == 201, created.text
    return created.json()


def key(partner: dict) -> dict:
    return {"X-API-Key": partner["api_key"]}


def entries(client: TestClient, partner: dict, feed: str) -> dict[str, dict]:
    """The feed as feedparser reads it, entries by GUID; it must parse cleanly."""
    response = client.get(f"/feeds/{feed}", headers=partner)
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {entry.id: entry for entry in parsed.entries}


def json_items(client: TestClient, partner: dict) -> dict[str, dict]:
    """JSON Feed 1.1 (feedparser 6 reads no JSON Feed): the spec's required members."""
    response = client.get("/feeds/feed.json", headers=partner)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/feed+json")
    document = response.json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(document["title"], str) and isinstance(document["items"], list)
    for item in document["items"]:
        assert isinstance(item["id"], str)
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
    return {item["id"]: item for item in document["items"]}


def listing(client: TestClient, partner: dict) -> dict[str, dict]:
    items, cursor = [], None
    while True:
        page_ = client.get(
            "/syndication/v1/articles", headers=partner, params={"limit": 1, "cursor": cursor}
        ).json()
        items += page_["items"]
        cursor = page_["next_cursor"]
        if cursor is None:
            return {item["uri"]: item for item in items}


def html_body(item: dict) -> str:
    """The ninjs item's HTML body."""
    [main] = [b for b in item["bodies"] if b["contentType"] == "text/html"]
    return main["value"]


def headline(item: dict) -> str:
    return item["headlines"][0]["value"]


def original(item: dict) -> dict:
    """The association that names the article translated."""
    [found] = [a for a in item["associations"] if a["name"] == "original"]
    return found


def changes(client: TestClient, partner: dict, cursor: str | None = None) -> list[dict]:
    answer = client.get("/syndication/v1/changes", headers=partner, params={"cursor": cursor})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_each_feed_carries_the_indonesian_article_with_credit_and_answers_304(
    client: TestClient, world: World
) -> None:
    a1 = world.a1
    original = f"{NEWS}/a1"
    for feed in ("rss.xml", "atom.xml"):
        entry = entries(client, world.news, feed)[a1["uri"]]
        assert entry.title == HEADLINE  # typed by the editor: it beats the translated one
        html = entry.content[0].value
        assert "dalam bahasa Indonesia tentang tentara Azerbaijan" in html
        assert TRANSLATED_HEADLINE not in html  # the headline paragraph is not body
        assert f'<a href="{original}" rel="noopener noreferrer">Sumber: Daily Example</a>' in html
        assert entry.link == original  # this partner's licence links to the original
        assert entry.warta_version == "1"
    item = json_items(client, world.news)[a1["uri"]]
    assert item["title"] == HEADLINE and item["external_url"] == original
    assert "Sumber: Daily Example" in item["content_html"] and item["_warta"]["version"] == 1
    assert TRANSLATED_HEADLINE not in item["content_html"]

    for feed in ("rss.xml", "atom.xml", "feed.json"):
        first = client.get(f"/feeds/{feed}", headers=world.news)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        again = client.get(f"/feeds/{feed}", headers={**world.news, "If-None-Match": etag})
        assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
        since = client.get(f"/feeds/{feed}", headers={**world.news, "If-Modified-Since": modified})
        assert since.status_code == 304
        stale = client.get(f"/feeds/{feed}", headers={**world.news, "If-None-Match": '"old"'})
        assert stale.status_code == 200 and stale.content == first.content
        # Feed readers that cannot send headers put the key in the URL.
        by_query = client.get(f"/feeds/{feed}", params={"key": world.news["X-API-Key"]})
        # The same feed; its self link is the URL the reader fetched, key included.
        keyed = f"/feeds/{feed}?key={world.news['X-API-Key']}".encode()
        assert by_query.status_code == 200
        assert by_query.content == first.content.replace(f"/feeds/{feed}".encode(), keyed)
        assert by_query.headers["etag"] != etag  # another representation
        other = client.get(f"/feeds/{feed}", headers={**world.haber, "If-None-Match": etag})
        assert other.status_code == 200  # another partner's ETag never matches


def test_without_a_typed_headline_partners_get_the_reviewed_translation_of_the_title(
    client: TestClient, world: World
) -> None:
    b1 = world.b1  # published with no headline typed
    assert b1["headline"] == TRANSLATED_HEADLINE
    item = client.get(f"/syndication/v1/articles/{b1['public_id']}", headers=world.haber).json()
    assert headline(item) == TRANSLATED_HEADLINE
    assert TRANSLATED_HEADLINE not in html_body(item)
    assert html_body(item).startswith("<p>Kalimat 1 dalam bahasa Indonesia")
    for feed in ("rss.xml", "atom.xml"):
        entry = entries(client, world.haber, feed)[b1["uri"]]
        assert entry.title == TRANSLATED_HEADLINE
        assert TRANSLATED_HEADLINE not in entry.content[0].value
    json_item = json_items(client, world.haber)[b1["uri"]]
    assert json_item["title"] == TRANSLATED_HEADLINE
    assert TRANSLATED_HEADLINE not in json_item["content_html"]


def test_a_partner_never_sees_an_unlicensed_source(client: TestClient, world: World) -> None:
    ours = {world.a1["uri"], world.a2["uri"]}
    theirs = {world.b1["uri"]}
    for partner, allowed, hidden in ((world.news, ours, theirs), (world.haber, theirs, ours)):
        seen = {
            "api": set(listing(client, partner)),
            "changes": {c["uri"] for c in changes(client, partner)},
            "rss": set(entries(client, partner, "rss.xml")),
            "atom": set(entries(client, partner, "atom.xml")),
            "json": set(json_items(client, partner)),
        }
        for where, uris in seen.items():
            assert uris <= allowed and not uris & hidden, where
        assert seen["rss"] & allowed  # non-empty: the filter is not simply "nothing"
        for uri in hidden:
            public_id = uri.removeprefix("urn:uuid:")
            missing = client.get(f"/syndication/v1/articles/{public_id}", headers=partner)
            assert missing.status_code == 404
            assert "among the sources licensed to you" in missing.json()["detail"]
            for path in ("/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json"):
                assert public_id not in client.get(path, headers=partner).text
    haber_item = listing(client, world.haber)[world.b1["uri"]]
    # "none": the partner's own page is canonical, items link to Warta.
    assert original(haber_item)["rel"] == "via"  # not "canonical"
    assert original(haber_item)["uri"] == f"{HABER}/b1"
    assert headline(haber_item) and "<" not in headline(haber_item)
    news_item = listing(client, world.news)[world.a1["uri"]]
    assert original(news_item)["rel"] == "canonical"
    assert original(news_item)["uri"] == f"{NEWS}/a1"


def test_scripts_and_event_handlers_never_reach_a_partner(client: TestClient, world: World) -> None:
    uri, public_id = world.a1["uri"], world.a1["public_id"]
    rss = ET.fromstring(client.get("/feeds/rss.xml", headers=world.news).content)
    atom = ET.fromstring(client.get("/feeds/atom.xml", headers=world.news).content)
    bodies = {
        "item": html_body(
            client.get(f"/syndication/v1/articles/{public_id}", headers=world.news).json()
        ),
        "listing": html_body(listing(client, world.news)[uri]),
        "rss": next(i.find(CONTENT).text for i in rss.iter("item") if i.findtext("guid") == uri),
        "atom": next(
            e.find(f"{ATOM}content").text
            for e in atom.iter(f"{ATOM}entry")
            if e.findtext(f"{ATOM}id") == uri
        ),
        "json": json_items(client, world.news)[uri]["content_html"],
        "editor": client.get(
            f"/api/v1/articles/{world.a1['article_id']}/publication", headers=world.editor
        ).json()["body_html"],
    }
    for where, body in bodies.items():
        assert_inert(body)
        # The code the source quoted survives as visible text, escaped.
        assert "&lt;img src=x onerror=alert(1)&gt;" in body, where
        assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in body, where
    for body in [e.text for e in rss.iter(CONTENT)] + [e.text for e in atom.iter(f"{ATOM}content")]:
        assert_inert(body)
    titles = [e.text for e in rss.iter("title")] + [e.text for e in atom.iter(f"{ATOM}title")]
    assert titles and all("<" not in title for title in titles)


def test_a_correction_keeps_the_guid_and_a_kill_withdraws_the_article(
    client: TestClient, world: World
) -> None:
    a2, article_id = world.a2, world.a2["article_id"]
    etag = client.get("/feeds/atom.xml", headers=world.news).headers["etag"]
    reopened = client.post(
        f"/api/v1/articles/{article_id}/reopen", headers=world.editor, json={"note": "Nama salah."}
    )
    assert reopened.json()["state"] == "in_review"
    # The live version stays in the feeds while the correction is under way.
    assert entries(client, world.news, "rss.xml")[a2["uri"]].warta_version == "1"
    headline, first = (
        p["segments"][0]
        for p in client.get(f"/api/v1/articles/{article_id}", headers=world.editor).json()[
            "paragraphs"
        ][:2]
    )
    for segment, target in (
        (headline, "Judul yang diperbaiki tentang Aghdara"),
        (first, "Kalimat yang diperbaiki tentang Aghdara."),
    ):
        saved = client.put(
            f"/api/v1/segments/{segment['id']}",
            headers=world.editor,
            json={"target": target, "version": segment["version"]},
        )
        assert saved.status_code == 200
    dismiss_findings(client, world.editor, article_id)
    assert client.post(f"/api/v1/articles/{article_id}/approve", headers=world.editor).is_success
    corrected = publish(
        client, world.editor, article_id, {"correction_note": "Nama wilayah diperbaiki."}
    )
    assert (corrected["public_id"], corrected["version"]) == (a2["public_id"], 2)
    # No headline typed: the live one stays (here the editor's own), even though the
    # title's translation changed; a new headline is one the editor types.
    assert corrected["headline"] == "Berita kedua dari Baku"

    assert client.get("/feeds/atom.xml", headers={**world.news, "If-None-Match": etag}).is_success
    for feed in ("rss.xml", "atom.xml"):
        entry = entries(client, world.news, feed)[a2["uri"]]
        assert entry.warta_version == "2"
        assert "Kalimat yang diperbaiki tentang Aghdara." in entry.content[0].value
        assert "Koreksi (versi 2): Nama wilayah diperbaiki." in entry.content[0].value
    assert json_items(client, world.news)[a2["uri"]]["_warta"]["version"] == 2
    item = client.get(f"/syndication/v1/articles/{a2['public_id']}", headers=world.news).json()
    assert (item["uri"], item["version"], item["pubStatus"]) == (a2["uri"], "2", "usable")
    assert {
        "role": "correction",
        "contentType": "text/plain",
        "value": "Nama wilayah diperbaiki.",
    } in item["descriptions"]

    before_kill = changes(client, world.news)[-1]["cursor"]
    killed = client.post(
        f"/api/v1/articles/{article_id}/kill", headers=world.editor, json={"reason": "Hak dicabut."}
    )
    assert killed.status_code == 200 and killed.json()["status"] == "canceled"
    assert a2["uri"] not in entries(client, world.news, "rss.xml")
    assert a2["uri"] not in entries(client, world.news, "atom.xml")
    assert a2["uri"] not in json_items(client, world.news)
    assert a2["uri"] not in listing(client, world.news)
    atom = ET.fromstring(client.get("/feeds/atom.xml", headers=world.news).content)
    assert [t.get("ref") for t in atom.iter(TOMBSTONE)] == [a2["uri"]]
    tombstone = client.get(f"/syndication/v1/articles/{a2['public_id']}", headers=world.news)
    assert tombstone.json()["pubStatus"] == "canceled" and "bodies" not in tombstone.json()
    assert tombstone.json()["edNote"] == "Hak dicabut." and "headlines" not in tombstone.json()
    kinds = [
        (c["type"], c["version"]) for c in changes(client, world.news) if c["uri"] == a2["uri"]
    ]
    assert kinds == [("created", 1), ("updated", 2), ("killed", 2)]
    assert [(c["type"], c["note"]) for c in changes(client, world.news, before_kill)] == [
        ("killed", "Hak dicabut.")
    ]
    # Polling at the end: the cursor stays put and nothing comes.
    last = client.get(
        "/syndication/v1/changes", headers=world.news, params={"cursor": before_kill}
    ).json()["next_cursor"]
    assert client.get(
        "/syndication/v1/changes", headers=world.news, params={"cursor": last}
    ).json() == {"items": [], "next_cursor": last}


def test_webhook_retries_then_delivers_once_with_the_same_id(
    client: TestClient, world: World, site: SourceSite
) -> None:
    receiver = Receiver(script=[500, 500])
    try:
        partner = add_partner(
            client, world.editor, "Mitra Hook", ["wire.example.net"], webhook_url=receiver.url
        )
        receiver.secret = partner["webhook_secret"]
        assert receiver.secret.startswith("whsec_") and partner["unknown_sources"] == [
            "wire.example.net"
        ]
        [article_id] = approved(
            client,
            world.deployment,
            world.editor,
            [
                submit(
                    client,
                    site,
                    world.editor,
                    "/synd/c1",
                    page("en_article.html", "https://wire.example.net/c1", hostile=True),
                )
            ],
        )
        published = publish(client, world.editor, article_id)
        log_url = f"/api/v1/partners/{partner['id']}/deliveries"

        def delivery() -> dict:
            return client.get(log_url, headers=world.editor).json()["items"][0]

        wait_until(lambda: delivery()["status"] == "delivered", what="webhook delivered")
        time.sleep(1.0)  # longer than the backoff: a fourth POST would have come by now
        assert len(receiver.received) == 3
        assert all(r.verified for r in receiver.received)
        assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
        assert len({r.body for r in receiver.received}) == 1
        event = receiver.events()[0]
        assert event["type"] == "article.created"
        assert (event["data"]["uri"], event["data"]["version"]) == (published["uri"], "1")
        assert "Sumber: Daily Example" in html_body(event["data"])
        assert_inert(html_body(event["data"]))
        logged = delivery()
        assert logged["message_id"] == receiver.received[0].headers["webhook-id"]
        assert [a["status_code"] for a in logged["log"]] == [500, 500, 200]
        assert logged["log"][0]["error"] == "The receiver answered HTTP 500."

        replayed = client.post(f"{log_url}/{logged['id']}/replay", headers=world.editor)
        assert replayed.status_code == 202
        wait_until(lambda: len(receiver.received) == 4, what="replay received")
        assert receiver.received[3].headers["webhook-id"] == logged["message_id"]
        assert receiver.received[3].verified
        wait_until(lambda: delivery()["attempts"] == 4 and delivery()["status"] == "delivered")

        killed = client.post(
            f"/api/v1/articles/{article_id}/kill", headers=world.editor, json={"reason": "Salah."}
        )
        assert killed.status_code == 200
        wait_until(lambda: len(receiver.received) == 5, what="kill event")
        kill_event = receiver.events()[4]
        assert kill_event["type"] == "article.killed"
        assert kill_event["data"]["pubStatus"] == "canceled"
        assert "bodies" not in kill_event["data"]
        assert receiver.received[4].headers["webhook-id"] != logged["message_id"]
    finally:
        receiver.close()


def test_rate_limit_answers_429_with_retry_after(client: TestClient, world: World) -> None:
    partner = key(add_partner(client, world.editor, "Mitra Cepat", ["news.example.org"]))
    other = key(add_partner(client, world.editor, "Mitra Lain", ["news.example.org"]))
    os.environ["WARTA_PARTNER_RATE_LIMIT"] = "3"
    get_settings.cache_clear()
    try:
        for _ in range(3):
            assert client.get("/syndication/v1/changes", headers=partner).status_code == 200
        refused = client.get("/feeds/rss.xml", headers=partner)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.json()["detail"].startswith("Too many requests: 3 per 60 s for 'Mitra")
        # Each partner has its own budget.
        assert client.get("/syndication/v1/changes", headers=other).status_code == 200
    finally:
        del os.environ["WARTA_PARTNER_RATE_LIMIT"]
        get_settings.cache_clear()


def test_every_mistake_gets_a_specific_message(
    client: TestClient, world: World, site: SourceSite
) -> None:
    editor, news = world.editor, world.news

    def detail(response, status: int) -> str:
        assert response.status_code == status, response.text
        return response.json()["detail"]

    article = f"/api/v1/articles/{world.a1['article_id']}"
    assert "reopen it" in detail(client.post(f"{article}/publish", headers=editor), 409)
    assert detail(client.post("/api/v1/articles/999999/publish", headers=editor), 404) == (
        "There is no article 999999."
    )
    assert client.post(f"{article}/kill", headers=editor, json={"reason": ""}).status_code == 422
    fresh = submit(client, site, editor, "/synd/unpublished", page("en_article.html", NEWS + "/u"))
    assert "never published" in detail(
        client.post(f"/api/v1/articles/{fresh}/kill", headers=editor, json={"reason": "x"}), 409
    )
    assert "not been published" in detail(
        client.get(f"/api/v1/articles/{fresh}/publication", headers=editor), 404
    )
    assert "already exists" in detail(
        client.post("/api/v1/partners", headers=editor, json={"name": "Mitra News"}), 409
    )
    assert "not a source domain" in detail(
        client.post("/api/v1/partners", headers=editor, json={"name": "X", "sources": ["no such"]}),
        422,
    )
    assert "not an http(s) URL" in detail(
        client.post(
            "/api/v1/partners",
            headers=editor,
            json={"name": "Y", "webhook_url": "javascript:alert(1)"},
        ),
        422,
    )
    assert "header" in detail(
        client.get("/syndication/v1/articles", params={"key": news["X-API-Key"]}), 401
    )
    assert "start again without it" in detail(
        client.get("/syndication/v1/changes", headers=news, params={"cursor": "bogus"}), 422
    )
    assert "not valid" in detail(client.get("/feeds/rss.xml", params={"key": "wp_x"}), 401)
    assert "no webhook delivery" in detail(
        client.post("/api/v1/partners/1/deliveries/999999/replay", headers=editor), 404
    )


def test_partners_cli_prints_the_key_last(client: TestClient, world: World) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "warta"),
            "partners",
            "add",
            "Mitra CLI",
            "--source",
            "news.example.org",
        ],
        env=world.deployment.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    api_key = result.stdout.strip().splitlines()[-1]
    assert api_key.startswith("wp_")
    seen = client.get("/syndication/v1/articles", headers={"X-API-Key": api_key})
    assert world.a1["uri"] in {item["uri"] for item in seen.json()["items"]}
    again = subprocess.run(
        [str(Path(sys.executable).parent / "warta"), "partners", "add", "Mitra CLI"],
        env=world.deployment.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 1 and "already exists" in again.stderr


def test_a_delivery_whose_message_was_lost_is_sent_by_the_reconciler(
    client: TestClient, world: World
) -> None:
    # Imported here: worker.tasks builds its Celery app from the settings at import.
    from worker.tasks import reconcile_deliveries

    receiver = Receiver()
    try:
        partner = add_partner(
            client, world.editor, "Mitra Hilang", ["lost.example"], webhook_url=receiver.url
        )
        receiver.secret = partner["webhook_secret"]
        long_ago = datetime.now(UTC) - timedelta(hours=2)
        with Session(get_engine(world.deployment.database_url)) as session:
            # As publish() leaves it when Redis is down: committed, never queued.
            event = session.get(PublicationEvent, 1)
            delivery = WebhookDelivery(
                partner_id=partner["id"],
                event_id=event.id,
                message_id="msg_lost",
                event_type="article.created",
                body='{"type":"article.created"}',
                next_attempt_at=long_ago,
            )
            session.add(delivery)
            session.commit()
        log_url = f"/api/v1/partners/{partner['id']}/deliveries"
        pending = client.get(log_url, headers=world.editor).json()["items"][0]
        refused = client.post(f"{log_url}/{pending['id']}/replay", headers=world.editor)
        assert refused.status_code == 409 and "still being attempted" in refused.json()["detail"]
        cutoff = datetime.now(UTC) - timedelta(hours=1)
        assert reconcile_deliveries(cutoff) == 1
        assert reconcile_deliveries(cutoff) == 0  # re-sent once per period, not every run
        wait_until(lambda: len(receiver.received) == 1, what="reconciled delivery")
        assert receiver.received[0].headers["webhook-id"] == "msg_lost"
        assert receiver.received[0].verified
    finally:
        receiver.close()


def test_licence_key_and_activity_changes_apply_at_once(client: TestClient, world: World) -> None:
    partner = add_partner(client, world.editor, "Mitra Berubah", ["news.example.org"])
    url, headers = f"/api/v1/partners/{partner['id']}", key(partner)
    etag = client.get("/feeds/atom.xml", headers=headers).headers["etag"]
    changed = client.patch(url, headers=world.editor, json={"sources": ["haber.example.org"]})
    assert changed.status_code == 200 and changed.json()["sources"] == ["haber.example.org"]
    # The old ETag must not answer 304: the feed now holds other articles.
    fresh = client.get("/feeds/atom.xml", headers={**headers, "If-None-Match": etag})
    assert fresh.status_code == 200
    assert set(entries(client, headers, "atom.xml")) == {world.b1["uri"]}

    rotated = client.post(f"{url}/key", headers=world.editor)
    assert rotated.status_code == 200
    assert client.get("/feeds/atom.xml", headers=headers).status_code == 401
    assert client.get("/feeds/atom.xml", headers=key(rotated.json())).status_code == 200

    client.patch(url, headers=world.editor, json={"is_active": False})
    refused = client.get("/syndication/v1/articles", headers=key(rotated.json()))
    assert refused.status_code == 401 and "deactivated" in refused.json()["detail"]
    listed = client.get("/api/v1/partners", headers=world.editor).json()
    assert [p["is_active"] for p in listed if p["id"] == partner["id"]] == [False]
    assert all("api_key" not in p and "webhook_secret" not in p for p in listed)


def test_head_answers_as_get_does_without_a_body(client: TestClient, world: World) -> None:
    """RFC 9110 §9.3.2: HEAD wherever GET works, with GET's status and headers."""
    public_id = world.a1["public_id"]
    paths = [
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/feeds/feed.json",
        "/syndication/v1/articles",
        f"/syndication/v1/articles/{public_id}",
        "/syndication/v1/changes",
    ]
    for path in paths:
        for headers in (world.news, {}, {"X-API-Key": "wp_nonsense"}):
            got, head = client.get(path, headers=headers), client.head(path, headers=headers)
            assert head.status_code == got.status_code, path
            assert head.content == b"", path
            assert dict(head.headers) == dict(got.headers), path  # Content-Length included
    missing = "/syndication/v1/articles/00000000-0000-0000-0000-000000000000"
    assert client.head(missing, headers=world.news).status_code == 404
    for path in paths[:3]:
        etag = client.head(path, headers=world.news).headers["etag"]
        again = client.head(path, headers={**world.news, "If-None-Match": etag})
        assert (again.status_code, again.headers["etag"]) == (304, etag)
        by_query = {"key": world.news["X-API-Key"]}
        keyed = client.head(path, params=by_query)
        assert keyed.headers["etag"] == client.get(path, params=by_query).headers["etag"]
