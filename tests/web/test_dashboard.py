"""The editors' dashboard: submitting URLs, articles by state with failures and timings,
retry and language override, and the rows htmx polls while an article is being worked on."""

import re
import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.models import ArticleTransition, Role
from tests.support import SourceSite, Stack
from tests.web.conftest import WebUser, hidden_csrf
from tests.web.factories import article_row, load_article

pytestmark = pytest.mark.integration
HTMX = {"HX-Request": "true"}


@pytest.fixture
def editor_client(signed_in: Callable[[WebUser], TestClient], web_user) -> TestClient:
    return signed_in(web_user(Role.EDITOR))


def row_of(html: str, article_id: int) -> str:
    match = re.search(rf'<tr id="article-{article_id}".*?</tr>', html, re.DOTALL)
    assert match, f"no row for article {article_id}"
    return match.group(0)


def test_articles_by_state_with_failure_reasons_and_stage_timings(
    editor_client: TestClient, stack: Stack
) -> None:
    failed = article_row(
        stack.database_url,
        "failed",
        title="Ankara <b>talks</b>",
        failure_code="http_error",
        failure_reason="The server answered 404 Not Found.",
        failed_stage="fetching",
        timings={"fetch": 0.123},
    )
    reviewed = article_row(
        stack.database_url,
        "in_review",
        title="Baku ceasefire",
        detected_language="tr",
        timings={
            "fetch": 0.05,
            "extract": 0.02,
            "detect": 0.004,
            "segment": 0.01,
            "translate": 1.5,
        },
    )
    page = editor_client.get("/dashboard")
    assert page.status_code == 200
    assert hidden_csrf(page.text)
    failed_row = row_of(page.text, failed)
    assert "<code>http_error</code> The server answered 404 Not Found." in failed_row
    assert "fetch 123 ms" in failed_row
    assert "Ankara &lt;b&gt;talks&lt;/b&gt;" in failed_row  # article text is never markup
    assert f'action="/articles/{failed}/retry"' in failed_row
    assert f'href="/articles/{failed}"' in failed_row
    review_row = row_of(page.text, reviewed)
    assert "in review" in review_row and "unclaimed" in review_row
    for stage in (
        "fetch 50 ms",
        "extract 20 ms",
        "detect 4 ms",
        "segment 10 ms",
        "translate 1.5 s",
    ):
        assert stage in review_row
    assert "/retry" not in review_row
    assert f'action="/articles/{reviewed}/language"' in review_row

    only_failed = editor_client.get("/dashboard", params={"state": "failed"}).text
    assert f'id="article-{failed}"' in only_failed
    assert f'id="article-{reviewed}"' not in only_failed
    assert re.search(r'aria-current="page">\s*<span class="state state-failed">', only_failed)
    unknown = editor_client.get("/dashboard", params={"state": "lost"})
    assert unknown.status_code == 422
    assert "There is no group of articles called &#39;lost&#39;." in unknown.text


def test_a_rejected_article_shows_the_note_it_was_sent_back_with(
    editor_client: TestClient, stack: Stack
) -> None:
    article_id = article_row(stack.database_url, "rejected", title="Sent back")
    with Session(get_engine(stack.database_url)) as session:
        session.add(
            ArticleTransition(
                article_id=article_id,
                from_state="in_review",
                to_state="rejected",
                actor="user",
                reason="Source is paywalled; paste the full text.",
            )
        )
        session.commit()
    row = row_of(editor_client.get("/dashboard?state=rejected").text, article_id)
    assert "Sent back: Source is paywalled; paste the full text." in row


def test_submitting_a_url_then_the_same_url_again(
    editor_client: TestClient, site: SourceSite
) -> None:
    url = site.url(f"/desk/submit/{uuid.uuid4().hex}")  # a 404: the worker fails it fast
    page = editor_client.get("/dashboard").text
    created = editor_client.post(
        "/articles", data={"url": url, "csrf_token": hidden_csrf(page)}, follow_redirects=False
    )
    assert created.status_code == 303
    article_id = int(created.headers["location"].removeprefix("/dashboard?submitted="))
    shown = editor_client.get(created.headers["location"]).text
    assert (
        "Submitted:" in shown and f'<a href="/articles/{article_id}">article {article_id}' in shown
    )

    again = editor_client.post(
        "/articles",
        data={"url": url + "?utm_source=mail", "csrf_token": hidden_csrf(page)},
        follow_redirects=True,
    )
    assert again.status_code == 200
    assert "This URL was submitted before:" in again.text
    assert f'<a href="/articles/{article_id}">article {article_id}' in again.text


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://news.example/a", "Invalid URL: Only http:// and https:// URLs can be submitted."),
        ("https:///nohost", "Invalid URL: The URL has no host name."),
        ("   ", "Enter the address (URL) of the source article."),
        ("https://news.example/" + "a" * 2100, "The URL is too long: at most 2048 characters."),
    ],
)
def test_an_unusable_url_is_refused_with_its_reason_and_kept_in_the_form(
    editor_client: TestClient, url: str, reason: str
) -> None:
    token = hidden_csrf(editor_client.get("/dashboard").text)
    html = "<p>pasted</p>"
    refused = editor_client.post("/articles", data={"url": url, "html": html, "csrf_token": token})
    assert refused.status_code == 422
    assert reason in refused.text
    if url.strip():
        assert f'name="url" type="url" value="{url}"' in refused.text
    assert "&lt;p&gt;pasted&lt;/p&gt;</textarea>" in refused.text


def test_submitting_without_the_csrf_token_is_refused(editor_client: TestClient) -> None:
    response = editor_client.post("/articles", data={"url": "https://news.example/x"})
    assert response.status_code == 403


def test_retry_restarts_a_failed_article_and_refuses_others_with_a_reason(
    editor_client: TestClient, stack: Stack, site: SourceSite
) -> None:
    token = hidden_csrf(editor_client.get("/dashboard").text)
    failed = article_row(
        stack.database_url,
        "failed",
        submitted_url=site.url(f"/desk/retry/{uuid.uuid4().hex}"),
        failure_code="http_error",
        failure_reason="The server answered 404 Not Found.",
        failed_stage="fetching",
    )
    retried = editor_client.post(
        f"/articles/{failed}/retry", data={"csrf_token": token}, headers=HTMX
    )
    assert retried.status_code == 200
    assert retried.text.lstrip().startswith(f'<tr id="article-{failed}"')
    assert f'hx-get="/dashboard/articles/{failed}" hx-trigger="every 2s"' in retried.text
    assert "http_error" not in retried.text  # the old failure is cleared

    in_review = article_row(stack.database_url, "in_review", mt_engine="argos")
    refused = editor_client.post(
        f"/articles/{in_review}/retry", data={"csrf_token": token}, headers=HTMX
    )
    assert refused.status_code == 409
    assert "this one is &#39;in_review&#39;" in row_of(refused.text, in_review)
    plain = editor_client.post(f"/articles/{in_review}/retry", data={"csrf_token": token})
    assert plain.status_code == 409 and "<h1>Dashboard</h1>" in plain.text
    assert "Only failed articles" in plain.text


def test_retry_without_htmx_comes_back_to_the_row(editor_client: TestClient, stack: Stack) -> None:
    token = hidden_csrf(editor_client.get("/dashboard").text)
    failed = article_row(
        stack.database_url, "failed", failure_code="internal_error", failed_stage="extracting"
    )
    response = editor_client.post(
        f"/articles/{failed}/retry",
        data={"csrf_token": token, "next": "/dashboard?state=failed"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/dashboard?state=failed#article-{failed}"
    escape = editor_client.post(
        f"/articles/{failed}/retry",
        data={"csrf_token": token, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert escape.headers.get("location", "/dashboard").startswith("/dashboard")


def test_unknown_articles_get_a_reason(editor_client: TestClient) -> None:
    token = hidden_csrf(editor_client.get("/dashboard").text)
    page = editor_client.post("/articles/999999/retry", data={"csrf_token": token})
    assert page.status_code == 404 and "There is no article 999999." in page.text
    htmx = editor_client.post("/articles/999999/language", data={"csrf_token": token}, headers=HTMX)
    assert htmx.status_code == 404 and htmx.json() == {"detail": "There is no article 999999."}
    assert editor_client.get("/dashboard/articles/999999").status_code == 404


def test_language_override_is_shown_and_refusals_say_why(
    editor_client: TestClient, stack: Stack
) -> None:
    token = hidden_csrf(editor_client.get("/dashboard").text)
    early = article_row(
        stack.database_url, "failed", failure_code="fetch_timeout", failed_stage="fetching"
    )
    changed = editor_client.post(
        f"/articles/{early}/language", data={"language": "tr", "csrf_token": token}, headers=HTMX
    )
    assert changed.status_code == 200
    assert '<span class="lang">tr</span> <span class="muted">(set by an editor)</span>' in (
        changed.text
    )
    assert load_article(stack.database_url, early).language_override == "tr"

    approved = article_row(stack.database_url, "approved", detected_language="en")
    refused = editor_client.post(
        f"/articles/{approved}/language", data={"language": "tr", "csrf_token": token}, headers=HTMX
    )
    assert refused.status_code == 409
    assert "The language cannot be changed while the article is &#39;approved&#39;." in refused.text
    assert load_article(stack.database_url, approved).language_override is None

    wrong = editor_client.post(
        f"/articles/{early}/language", data={"language": "de", "csrf_token": token}
    )
    assert wrong.status_code == 422
    assert "Choose English or Turkish as the article&#39;s language." in wrong.text


def test_rows_poll_only_while_the_article_is_being_worked_on(
    editor_client: TestClient, stack: Stack
) -> None:
    working = article_row(stack.database_url, "translating")
    done = article_row(stack.database_url, "in_review")
    polled = editor_client.get(f"/dashboard/articles/{working}", headers=HTMX).text
    assert 'hx-trigger="every 2s"' in polled and "translating" in polled
    assert "every 2s" not in editor_client.get(f"/dashboard/articles/{done}", headers=HTMX).text
    in_progress = editor_client.get("/dashboard", params={"state": "working"}).text
    assert f'id="article-{working}"' in in_progress and f'id="article-{done}"' not in in_progress


def test_desk_pages_render_in_a_users_indonesian_interface(
    signed_in: Callable[[WebUser], TestClient], web_user
) -> None:
    browser = signed_in(web_user(Role.ADMIN, "id"))
    for path in ("/dashboard", "/queue", "/glossary", "/users"):
        page = browser.get(path)
        assert page.status_code == 200, path
        assert '<html lang="id">' in page.text and "Keluar" in page.text  # "Sign out"
