"""Articles through the real queue: Redis, a Celery worker process, a local site."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from core.db import get_engine
from core.models import Paragraph, Role, Segment
from tests.conftest import wait_for_article
from tests.support import SourceSite, Stack

pytestmark = pytest.mark.integration


def submit(client: TestClient, headers: dict, url: str, **extra) -> dict:
    response = client.post("/api/v1/articles", json={"url": url, **extra}, headers=headers)
    assert response.status_code == 202, response.text
    return response.json()


def reviewed(client: TestClient, stack: Stack, headers: dict, article_id: int) -> dict:
    article = wait_for_article(stack.database_url, article_id)
    assert article.state == "in_review", (article.failure_code, article.failure_reason)
    return client.get(f"/api/v1/articles/{article_id}", headers=headers).json()


def test_english_page_reaches_review_with_metadata_and_segments(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    created = submit(client, editor, site.add_file("/en/hills", "en_article.html"))
    assert created["state"] == "submitted"
    article = reviewed(client, stack, editor, created["id"])
    assert article["title"] == (
        "Azerbaijan says army retakes strategic hills as clashes enter sixth day"
    )
    assert (article["byline"], article["published_at"], article["site_name"]) == (
        "Ayşe Yılmaz",
        "2020-10-02T09:30:00+03:00",  # as article:published_time gives it
        "Daily Example",
    )
    assert article["language"] == "en" and article["failure"] is None
    assert set(article["timings"]) == {"fetch", "extract", "detect", "segment", "translate"}
    paragraphs = article["paragraphs"]
    # The title first, as the headline paragraph (index -1), then the body.
    assert [p["index"] for p in paragraphs] == [-1, 0, 1, 2, 3]
    assert [len(p["segments"]) for p in paragraphs] == [1, 1, 2, 2, 1]
    assert [s["source"] for s in paragraphs[0]["segments"]] == [article["title"]]
    segment = paragraphs[3]["segments"][1]
    assert segment["source"].startswith("Dr. Hulusi Akar, the Turkish defense minister")
    assert (segment["target"], segment["origin"], segment["state"], segment["version"]) == (
        "",
        "none",
        "no_mt",
        1,
    )


def test_turkish_page_reaches_review(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    created = submit(client, editor, site.add_file("/tr/tepeler", "tr_article.html"))
    article = reviewed(client, stack, editor, created["id"])
    assert article["language"] == "tr"
    assert article["title"] == "Azerbaycan ordusu stratejik tepeleri geri aldı"
    assert article["byline"] == "Mehmet Öztürk"
    sources = [s["source"] for p in article["paragraphs"] for s in p["segments"]]
    assert sources[0] == "Azerbaycan ordusu stratejik tepeleri geri aldı"  # the headline
    assert "Çatışmalar 3,5 saat sürdü." in sources
    assert "Dr. Ahmet Kaya açıklamayı değerlendirdi." in sources


def test_pasted_html_is_used_without_fetching(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    url = site.add_file("/pasted", "en_article.html", status=403)
    html = site.pages["/pasted"].body.decode()
    created = submit(client, editor, url, html=html)
    article = reviewed(client, stack, editor, created["id"])
    assert article["title"].startswith("Azerbaijan says army")
    assert "fetch" not in article["timings"]
    assert site.pages["/pasted"].hits == 0


def test_duplicate_submission_returns_the_existing_article(
    client: TestClient, site: SourceSite, editor: dict
) -> None:
    url = site.add_file("/en/duplicate", "en_article.html")
    first = submit(client, editor, url)
    again = client.post(
        "/api/v1/articles", json={"url": url + "?utm_source=newsletter#top"}, headers=editor
    )
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["duplicate"] is True


def test_two_urls_of_one_canonical_article_are_not_translated_twice(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    first = submit(
        client, editor, site.add_file("/amp/one", "tr_article.html", keep_canonical=True)
    )
    reviewed(client, stack, editor, first["id"])
    second = submit(
        client, editor, site.add_file("/print/one", "tr_article.html", keep_canonical=True)
    )
    twin = wait_for_article(stack.database_url, second["id"])
    assert (twin.state, twin.failure_code) == ("failed", "duplicate")
    assert f"#{first['id']}" in twin.failure_reason


def test_failed_article_retries_from_its_stage(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    url = site.add_file("/en/later", "en_article.html", status=404)
    created = submit(client, editor, url)
    failed = wait_for_article(stack.database_url, created["id"])
    body = client.get(f"/api/v1/articles/{created['id']}", headers=editor).json()
    assert failed.state == "failed"
    assert body["failure"]["code"] == "http_error" and "404" in body["failure"]["reason"]
    site.pages["/en/later"].status = 200  # the site fixed the page
    retried = client.post(f"/api/v1/articles/{created['id']}/retry", headers=editor)
    assert retried.status_code == 200 and retried.json()["state"] == "fetching"
    assert reviewed(client, stack, editor, created["id"])["title"].startswith("Azerbaijan")


def test_transient_errors_are_retried_by_the_worker(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    url = site.add_file("/en/flaky", "en_article.html", fail_first=1)
    created = submit(client, editor, url)
    reviewed(client, stack, editor, created["id"])
    assert site.pages["/en/flaky"].hits == 2


def test_language_override_on_a_failed_article(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    created = submit(client, editor, site.add_file("/de/ferien", "de_article.html"))
    failed = wait_for_article(stack.database_url, created["id"])
    assert (failed.state, failed.failure_code) == ("failed", "unsupported_language")
    assert "German (de)" in failed.failure_reason
    response = client.post(
        f"/api/v1/articles/{created['id']}/language", json={"language": "en"}, headers=editor
    )
    assert response.status_code == 200 and response.json()["state"] == "segmenting"
    article = reviewed(client, stack, editor, created["id"])
    assert (article["language"], article["language_override"]) == ("en", "en")
    assert article["detected_language"] is None or article["detected_language"] != "en"


def test_language_override_resegments_a_reviewed_article_once(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    created = submit(client, editor, site.add_file("/tr/override", "tr_article.html"))
    reviewed(client, stack, editor, created["id"])
    response = client.post(
        f"/api/v1/articles/{created['id']}/language", json={"language": "en"}, headers=editor
    )
    assert response.status_code == 200
    article = wait_for_article(
        stack.database_url,
        created["id"],
        until=lambda a: a.state == "in_review" and a.language == "en",
    )
    assert article.language_override == "en"
    with Session(get_engine(stack.database_url)) as session:
        paragraphs = session.exec(
            select(func.count()).select_from(Paragraph).where(Paragraph.article_id == created["id"])
        ).one()
        segments = session.exec(select(Segment).where(Segment.article_id == created["id"])).all()
    assert paragraphs == 5  # the headline and four body paragraphs
    # One set of segments, each (paragraph, index) once.
    assert len({(s.paragraph_id, s.index) for s in segments}) == len(segments) > 0
    bad = client.post(
        f"/api/v1/articles/{created['id']}/language", json={"language": "de"}, headers=editor
    )
    assert bad.status_code == 422 and "language" in bad.json()["message"]


def test_malformed_url_gets_422_with_a_message(client: TestClient, editor: dict) -> None:
    response = client.post("/api/v1/articles", json={"url": "htp:/broken"}, headers=editor)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Invalid URL: Only http://")
    missing = client.post("/api/v1/articles", json={}, headers=editor)
    assert missing.status_code == 422 and "url" in missing.json()["message"]


def test_roles_and_tokens(
    client: TestClient, make_token: Callable[[Role], str], site: SourceSite
) -> None:
    url = site.add_file("/en/roles", "en_article.html")
    anonymous = client.post("/api/v1/articles", json={"url": url})
    assert anonymous.status_code == 401 and "Bearer" in anonymous.json()["detail"]
    forged = client.get("/api/v1/articles", headers={"Authorization": "Bearer wt_forged"})
    assert forged.status_code == 401 and "not valid" in forged.json()["detail"]
    translator = {"Authorization": f"Bearer {make_token(Role.TRANSLATOR)}"}
    refused = client.post("/api/v1/articles", json={"url": url}, headers=translator)
    assert refused.status_code == 403 and "editor" in refused.json()["detail"]
    assert client.get("/api/v1/articles", headers=translator).status_code == 200
    assert client.post("/api/v1/articles/1/retry", headers=translator).status_code == 403
    admin = {"Authorization": f"Bearer {make_token(Role.ADMIN)}"}
    assert client.post("/api/v1/articles", json={"url": url}, headers=admin).status_code == 202


def test_listing_filters_by_state_and_pages_with_a_cursor(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    ids = [
        submit(client, editor, site.add_file(f"/list/{n}", "en_article.html"))["id"]
        for n in range(3)
    ]
    for article_id in ids:
        wait_for_article(stack.database_url, article_id)
    seen, cursor = [], None
    while True:
        params = {"state": "in_review", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/articles", params=params, headers=editor).json()
        seen += [item["id"] for item in page["items"]]
        assert all(item["state"] == "in_review" for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen, reverse=True) and set(ids) <= set(seen)
    bad = client.get("/api/v1/articles", params={"state": "nonsense"}, headers=editor)
    assert bad.status_code == 422 and "state" in bad.json()["message"]
    assert client.get("/api/v1/articles/999999", headers=editor).status_code == 404
