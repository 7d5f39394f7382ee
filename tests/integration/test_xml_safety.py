"""Issue 11: a segment saved with a vertical tab (Word pastes one for Shift+Enter) made every
licensed partner's RSS and Atom feed answer 500 once published. Text is cleaned where it
enters, through the real API, worker and feeds."""

import json
from collections.abc import Iterator
from dataclasses import dataclass

import feedparser
import pytest
from fastapi.testclient import TestClient
from lxml import etree

from core.models import HEADLINE_INDEX, Role
from tests.conftest import own_deployment, user_token, wait_for_article
from tests.support import RedisServer, SourceSite, Stack
from tests.syndication_support import dismiss_findings, page, submit

pytestmark = pytest.mark.integration

SITE = "https://xmlsafe.example.org/world"
# What Word and a clipboard paste: a vertical tab, a NUL, a form feed, a noncharacter and
# a lone surrogate (sent as JSON's "\ud800", which Python's JSON reader accepts).
PASTED = "Tentara\x0bAzerbaijan\x00 merebut\x0cbukit\ufffe strategis.\ud800"
SAVED = "Tentara Azerbaijan merebut bukit strategis."
HEADLINE = "Bukit\x0bstrategis\x00 direbut\x0c kembali\ufffe"
HEADLINE_SAVED = "Bukit strategis direbut kembali"
PARTNER = "Mitra\x0bXML\x00"


@dataclass
class Published:
    deployment: Stack
    editor: dict
    partner: dict  # X-API-Key headers
    partner_name: str
    saved: dict  # the PUT answer for the pasted segment
    publication: dict


def send(client: TestClient, method: str, url: str, headers: dict, body: dict):
    """JSON with \\u escapes (ensure_ascii), so a lone surrogate travels as Word's would."""
    return client.request(
        method,
        url,
        headers={**headers, "content-type": "application/json"},
        content=json.dumps(body),
    )


@pytest.fixture(scope="module")
def published(
    redis_server: RedisServer, stack: Stack, client: TestClient, site: SourceSite
) -> Iterator[Published]:
    with own_deployment(redis_server, stack, redis_db=10) as deployment:
        deployment.start_worker()
        editor = {"Authorization": f"Bearer {user_token(deployment.database_url, Role.EDITOR)}"}
        article_id = submit(
            client, site, editor, "/xmlsafe/a1", page("en_article.html", f"{SITE}/a1")
        )
        assert wait_for_article(deployment.database_url, article_id).state == "in_review"
        url = f"/api/v1/articles/{article_id}"
        article = client.get(url, headers=editor).json()
        segments = [(p["index"], s) for p in article["paragraphs"] for s in p["segments"]]
        pasted = next(s["id"] for index, s in segments if index != HEADLINE_INDEX)
        saved = None
        for n, (_, segment) in enumerate(segments):
            target = PASTED if segment["id"] == pasted else f"Kalimat {n} tentang tentara."
            answer = send(
                client,
                "PUT",
                f"/api/v1/segments/{segment['id']}",
                editor,
                {"target": target, "version": segment["version"]},
            )
            assert answer.status_code == 200, answer.text
            saved = answer.json() if segment["id"] == pasted else saved
        dismiss_findings(client, editor, article_id)
        assert client.post(f"{url}/approve", headers=editor).status_code == 200
        published = send(client, "POST", f"{url}/publish", editor, {"headline": HEADLINE})
        assert published.status_code == 200, published.text
        partner = send(
            client, "POST", "/api/v1/partners", editor, {"name": PARTNER, "sources": [SITE]}
        )
        assert partner.status_code == 201, partner.text
        yield Published(
            deployment,
            editor,
            {"X-API-Key": partner.json()["api_key"]},
            partner.json()["name"],
            saved,
            published.json(),
        )


def test_a_pasted_segment_is_saved_without_its_control_characters(
    client: TestClient, published: Published
) -> None:
    assert published.saved["target"] == SAVED
    history = client.get(
        f"/api/v1/segments/{published.saved['id']}/history", headers=published.editor
    ).json()
    assert history[-1]["target"] == SAVED


def test_the_headline_and_partner_name_are_cleaned_too(published: Published) -> None:
    assert published.publication["headline"] == HEADLINE_SAVED
    assert f"<p>{SAVED}" in published.publication["body_html"]
    assert published.partner_name == "Mitra XML"


@pytest.mark.parametrize("feed", ["rss.xml", "atom.xml"])
def test_rss_and_atom_answer_200_and_parse(
    client: TestClient, published: Published, feed: str
) -> None:
    response = client.get(f"/feeds/{feed}", headers=published.partner)
    assert response.status_code == 200, response.text
    etree.fromstring(response.content)  # strict XML 1.0
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    assert entry.title == HEADLINE_SAVED
    assert SAVED in entry.content[0].value


def test_a_kill_reason_with_control_characters_keeps_the_atom_tombstone_parsing(
    client: TestClient, published: Published
) -> None:
    article_id = published.publication["article_id"]
    reason = "Hak\x0bcipta\x00 dicabut\ufffe"
    killed = send(
        client, "POST", f"/api/v1/articles/{article_id}/kill", published.editor, {"reason": reason}
    )
    assert killed.status_code == 200, killed.text
    assert killed.json()["kill_reason"] == "Hak cipta dicabut"
    response = client.get("/feeds/atom.xml", headers=published.partner)
    assert response.status_code == 200, response.text
    assert b"Hak cipta dicabut" in response.content
    etree.fromstring(response.content)
    empty = send(
        client, "POST", f"/api/v1/articles/{article_id}/kill", published.editor, {"reason": "\x00"}
    )
    assert empty.status_code == 422  # nothing but control characters is no reason


def test_pasted_html_with_control_characters_is_extracted_clean(
    client: TestClient, site: SourceSite, published: Published
) -> None:
    html = page("en_article.html", f"{SITE}/pasted").replace(
        "retakes strategic", "retakes\x0bstrategic\x00\ud800"
    )
    html = html.replace("liberated several", "liberated\x0cseveral\x01")
    created = send(
        client,
        "POST",
        "/api/v1/articles",
        published.editor,
        {"url": f"{SITE}/pasted\x00", "html": html},
    )
    assert created.status_code == 202, created.text
    article_id = created.json()["id"]
    done = wait_for_article(published.deployment.database_url, article_id)
    assert done.state == "in_review", (done.failure_code, done.failure_reason)
    article = client.get(f"/api/v1/articles/{article_id}", headers=published.editor).json()
    assert article["source_url"] == f"{SITE}/pasted"
    sources = [s["source"] for p in article["paragraphs"] for s in p["segments"]]
    assert any("retakes strategic" in s for s in sources)
    assert any("liberated several" in s for s in sources)
    for text in [*sources, article["title"]]:
        etree.Element("a").text = text  # lxml refuses what XML cannot carry
