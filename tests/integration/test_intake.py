"""Source intake through the real queue: hostile responses, charsets, mojibake.

Each hostile page ends in the right state with the right code, and the
worker keeps serving the articles that follow.
"""

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import wait_for_article
from tests.support import PAGES, SourceSite, Stack

pytestmark = pytest.mark.integration

TURKISH = "Dışişleri Bakanı Mevlüt Çavuşoğlu, Cumhurbaşkanı Recep Tayyip Erdoğan ile görüştü"


def turkish_page(path: str, sentence: str = TURKISH) -> str:
    """The Turkish test page with a sentence added, canonical to its own path."""
    body = (PAGES / "tr_article.html").read_text(encoding="utf-8")
    body = re.sub(
        r'<link rel="canonical" href="[^"]*">',
        f'<link rel="canonical" href="http://127.0.0.1{path}">',
        body,
    )
    return body.replace("<p>Azerbaycan Milli", f"<p>{sentence}. Azerbaycan Milli", 1)


def submit(client: TestClient, headers: dict, url: str) -> int:
    response = client.post("/api/v1/articles", json={"url": url}, headers=headers)
    assert response.status_code == 202, response.text
    return response.json()["id"]


def sources_of(client: TestClient, headers: dict, article_id: int) -> list[str]:
    article = client.get(f"/api/v1/articles/{article_id}", headers=headers).json()
    assert article["state"] == "in_review", article["failure"]
    return [s["source"] for p in article["paragraphs"] for s in p["segments"]]


HOSTILE = {
    # path: (page options, expected failure code, words in the reason)
    "/hostile/huge": ({"length": 60 * 1024 * 1024}, "too_large", "MiB"),
    "/hostile/endless": ({"drip": True}, "timeout", "time"),
    "/hostile/pdf": ({"content_type": "application/pdf"}, "not_html", "application/pdf"),
    "/hostile/gone": ({"status": 404}, "http_error", "404"),
    "/hostile/metadata": (
        {"redirect": "http://169.254.169.254/latest/meta-data/"},
        "blocked_address",
        "169.254.169.254",
    ),
    "/hostile/mapped": (
        {"redirect": "http://[::ffff:127.0.0.1]/"},
        "blocked_address",
        "::ffff:127.0.0.1",
    ),
    "/hostile/loop": ({"redirect": "/hostile/loop"}, "too_many_redirects", "redirect"),
}


def test_hostile_responses_fail_with_their_codes_and_the_worker_carries_on(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    ids = {}
    for path, (options, _, _) in HOSTILE.items():
        ids[path] = submit(client, editor, site.add(path, "<p>x</p>", **options))
    ids["/hostile/german"] = submit(
        client, editor, site.add_file("/hostile/german", "de_article.html")
    )
    paywall = "<html><body><div class='paywall'>Subscribe to continue reading.</div></body></html>"
    ids["/hostile/paywall"] = submit(client, editor, site.add("/hostile/paywall", paywall))
    expected = {path: (code, words) for path, (_, code, words) in HOSTILE.items()}
    expected["/hostile/german"] = ("unsupported_language", "German (de)")
    expected["/hostile/paywall"] = ("no_article_content", "article text")
    for path, article_id in ids.items():
        article = wait_for_article(stack.database_url, article_id, timeout=90)
        code, words = expected[path]
        assert (path, article.state, article.failure_code) == (path, "failed", code), (
            article.failure_reason
        )
        assert words in article.failure_reason, (path, article.failure_reason)
    # The worker is still healthy: the next article goes through.
    after = submit(client, editor, site.add_file("/hostile/after", "en_article.html"))
    assert wait_for_article(stack.database_url, after).state == "in_review"


def test_loopback_source_needs_the_operators_allowlist(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    # The stack allowlists 127.0.0.1 only; 127.0.0.2 is loopback too, and refused.
    url = site.add_file("/allow/en", "en_article.html").replace("127.0.0.1", "127.0.0.2")
    article = wait_for_article(stack.database_url, submit(client, editor, url))
    assert (article.state, article.failure_code) == ("failed", "blocked_address")


def test_utf8_served_with_a_wrong_charset_keeps_turkish_letters(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    url = site.add(
        "/charset/wrong",
        turkish_page("/charset/wrong").encode(),
        content_type="text/html; charset=iso-8859-1",
    )
    article_id = submit(client, editor, url)
    wait_for_article(stack.database_url, article_id)
    assert f"{TURKISH}." in sources_of(client, editor, article_id)


def test_legacy_turkish_page_without_charset_keeps_turkish_letters(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    page = turkish_page("/charset/none").replace('<meta charset="utf-8">', "").encode("cp1254")
    article_id = submit(client, editor, site.add("/charset/none", page, content_type="text/html"))
    wait_for_article(stack.database_url, article_id)
    sources = sources_of(client, editor, article_id)
    assert f"{TURKISH}." in sources
    assert "Çatışmalar 3,5 saat sürdü." in sources


def test_mojibake_in_the_source_page_is_repaired(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict
) -> None:
    # As in the example article: the source itself carries the garbled runs.
    garbled = "Dışişleri Bakanı Mevlüt ÇavuÅŸoÄŸlu, Cumhurbaşkanı Recep Tayyip ErdoÄŸan ile görüştü"
    article_id = submit(client, editor, site.add("/mojibake", turkish_page("/mojibake", garbled)))
    wait_for_article(stack.database_url, article_id)
    sources = sources_of(client, editor, article_id)
    assert f"{TURKISH}." in sources
    assert not any("Å" in s or "Ä" in s for s in sources)


@pytest.mark.parametrize("language", ["en", "tr"])
def test_full_news_pages_reach_review_without_page_furniture(
    client: TestClient, stack: Stack, site: SourceSite, editor: dict, language: str
) -> None:
    from tests.unit.test_extract import ENGLISH, TURKISH

    page = ENGLISH if language == "en" else TURKISH
    article_id = submit(client, editor, site.add_file(f"/full/{language}", page.file))
    wait_for_article(stack.database_url, article_id)
    article = client.get(f"/api/v1/articles/{article_id}", headers=editor).json()
    assert article["state"] == "in_review" and article["language"] == language
    assert article["title"] == page.metadata["title"]
    headline, *body = article["paragraphs"]
    assert [s["source"] for s in headline["segments"]] == [page.metadata["title"]]
    sources = [s["source"] for p in body for s in p["segments"]]
    assert " ".join(sources).split() == " ".join(page.paragraphs).split()
    for furniture in page.boilerplate:
        assert not any(furniture in source for source in sources), furniture
