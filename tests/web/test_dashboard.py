"""The editors' dashboard: submitting URLs, articles by state with failures and timings,
retry and language override, and the rows htmx polls while an article is being worked on."""

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.models import Article, ArticleTransition, Role, User
from core.review import approve, assign
from tests.conftest import wait_for_article
from tests.support import SourceSite, Stack
from tests.web.conftest import WebUser, add_web_user, hidden_csrf
from tests.web.factories import (
    CEASEFIRE,
    LEDE,
    MINISTRY,
    SECOND,
    article_row,
    article_with_segments,
    load_article,
)

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


# --- the second pass: retry trace, language on early failures, reopen, live list ------


def add_transition(database_url: str, article_id: int, from_state: str, to: str, **kw) -> None:
    with Session(get_engine(database_url)) as session:
        session.add(
            ArticleTransition(
                article_id=article_id, from_state=from_state, to_state=to, actor="worker", **kw
            )
        )
        session.commit()


def test_a_retry_keeps_the_attempt_count_earlier_failures_and_timings_on_the_row(
    editor_client: TestClient, stack: Stack, site: SourceSite
) -> None:
    token = hidden_csrf(editor_client.get("/dashboard").text)
    failed = article_row(
        stack.database_url,
        "failed",
        submitted_url=site.url(f"/desk/trace/{uuid.uuid4().hex}"),  # a 404 again on retry
        failure_code="http_error",
        failure_reason="The server answered 404 Not Found.",
        failed_stage="fetching",
        timings={"extract": 0.02},
    )
    at = datetime(2026, 12, 4, 7, 2, tzinfo=UTC)  # 14:02 in Jakarta, the editor's zone
    add_transition(
        stack.database_url, failed, "fetching", "failed", reason="The server said 404.", at=at
    )
    first = row_of(editor_client.get("/dashboard?state=failed").text, failed)
    assert 'class="trace"' not in first and "failed before:" not in first

    retried = editor_client.post(
        f"/articles/{failed}/retry", data={"csrf_token": token}, headers=HTMX
    ).text
    assert "attempt 2" in retried
    assert re.search(r"failed before: http_error at 2026-12-04 \d\d:02", retried)
    assert "The server said 404." in retried
    assert "extract 20 ms" in retried  # the stages that have not run again keep their times

    # The worker fails it once more: the row shows this failure as the current one, and
    # the one before as history.
    wait_for_article(stack.database_url, failed, until=lambda a: a.state == "failed")
    again = row_of(editor_client.get("/dashboard?state=failed").text, failed)
    assert "attempt 2" in again and again.count("failed before:") == 1
    assert "<code>http_error</code>" in again
    assert "extract 20 ms" in again


def test_the_language_of_an_article_that_failed_before_detection_is_set_and_retried(
    editor_client: TestClient, stack: Stack
) -> None:
    token = hidden_csrf(editor_client.get("/dashboard").text)
    early = article_row(
        stack.database_url, "failed", failure_code="fetch_timeout", failed_stage="fetching"
    )
    late = article_row(
        stack.database_url,
        "failed",
        failure_code="language_undetected",
        failed_stage="segmenting",
        detected_language=None,
    )
    in_review = article_row(stack.database_url, "in_review", detected_language="en")
    page = editor_client.get("/dashboard").text
    early_row, late_row, review_row = (row_of(page, i) for i in (early, late, in_review))
    note = "It failed before its language was detected"
    assert "Set and retry" in early_row and note in early_row
    assert "Set and retry" in late_row and note not in late_row
    assert ">Set</button>" in review_row and "Set and retry" not in review_row

    changed = editor_client.post(
        f"/articles/{early}/language", data={"language": "tr", "csrf_token": token}, headers=HTMX
    )
    assert changed.status_code == 200
    assert 'hx-trigger="every 2s"' in changed.text  # it runs again
    assert "attempt 2" in changed.text
    article = load_article(stack.database_url, early)
    assert article.language_override == "tr" and article.state != "failed"


def test_a_rejected_row_sends_the_article_back_to_review_with_a_note(
    editor_client: TestClient, stack: Stack
) -> None:
    rejected = article_row(stack.database_url, "rejected", title="Sent back again")
    row = row_of(editor_client.get("/dashboard?state=rejected").text, rejected)
    assert f'action="/articles/{rejected}/reopen"' in row
    assert '<input type="hidden" name="next" value="/dashboard?state=rejected">' in row
    assert 'name="note"' in row and "Back to review</button>" in row
    reopened = editor_client.post(
        f"/articles/{rejected}/reopen",
        data={
            "csrf_token": hidden_csrf(row),
            "note": "Use the ministry's own figures.",
            "next": "/dashboard?state=rejected",
        },
        follow_redirects=False,
    )
    assert reopened.status_code == 303
    assert load_article(stack.database_url, rejected).state == "in_review"
    in_review = row_of(editor_client.get("/dashboard?state=in_review").text, rejected)
    assert "/reopen" not in in_review


def test_the_list_refreshes_itself_in_one_request(editor_client: TestClient, stack: Stack) -> None:
    made = article_with_segments(stack.database_url, [[(MINISTRY, LEDE)]])
    page = editor_client.get("/dashboard", params={"state": "in_review"}).text
    assert (
        '<div id="article-list" class="article-list" hx-get="/dashboard/list?state=in_review" '
        'hx-trigger="every 10s" hx-swap="outerHTML">'
    ) in page
    assert 'src="/static/dashboard.js"' in page
    approve_as(stack, made.article_id, web_user_in(stack, Role.TRANSLATOR))
    refreshed = editor_client.get("/dashboard/list", params={"state": "approved"}, headers=HTMX)
    assert refreshed.status_code == 200
    assert refreshed.text.lstrip().startswith('<div id="article-list"')
    assert 'hx-get="/dashboard/list?state=approved"' in refreshed.text
    assert "approved" in row_of(refreshed.text, made.article_id)
    assert '<nav id="state-tabs"' in refreshed.text and 'hx-swap-oob="true"' in refreshed.text
    odd = editor_client.get("/dashboard/list", params={"state": "lost"}, headers=HTMX)
    assert odd.status_code == 200 and 'hx-get="/dashboard/list"' in odd.text


# --- notifications ------------------------------------------------------------------


def web_user_in(stack: Stack, role: Role) -> WebUser:
    return add_web_user(stack.database_url, role)


def approve_as(stack: Stack, article_id: int, user: WebUser) -> None:
    with Session(get_engine(stack.database_url)) as session:
        approve(session=session, article=session.get(Article, article_id), user_id=user.id)


def assign_to(stack: Stack, article_id: int, assignee: WebUser, by: WebUser) -> None:
    with Session(get_engine(stack.database_url)) as session:
        assign(
            session=session,
            article=session.get(Article, article_id),
            assignee=session.get(User, assignee.id),
            by=session.get(User, by.id),
        )


def unread_by_article(page: str) -> dict[int, bool]:
    """Each listed notification's article, and whether it is marked unread (newest wins)."""
    found: dict[int, bool] = {}
    for classes, article_id in re.findall(
        r'<li class="notification ([^"]*)".*?<a class="title" href="/articles/(\d+)"',
        page,
        re.DOTALL,
    ):
        found.setdefault(int(article_id), "unread" in classes.split())
    return found


def count_in(badge: str) -> int:
    found = re.search(r'<span class="count">(\d+)</span>', badge)
    return int(found.group(1)) if found else 0


def test_every_page_polls_the_unread_count_in_one_small_request(
    signed_in: Callable[[WebUser], TestClient], web_user
) -> None:
    translator = signed_in(web_user(Role.TRANSLATOR))
    page = translator.get("/queue").text
    assert '<span id="notifications" class="notifications" aria-live="polite">' in page
    assert 'hx-get="/notifications/badge" hx-trigger="load"' in page
    badge = translator.get("/notifications/badge", headers=HTMX)
    assert badge.status_code == 200 and count_in(badge.text) == 0
    assert 'hx-get="/notifications/badge?shown=0" hx-trigger="every 15s"' in badge.text
    unchanged = translator.get("/notifications/badge?shown=0", headers=HTMX)
    assert unchanged.status_code == 204 and unchanged.text == ""


def test_a_translator_hears_of_an_assignment_and_reads_it(
    signed_in: Callable[[WebUser], TestClient], web_user, stack: Stack
) -> None:
    editor, translator = web_user(Role.EDITOR), web_user(Role.TRANSLATOR)
    made = article_with_segments(stack.database_url, [[(MINISTRY, LEDE)]], title="Assigned one")
    assign_to(stack, made.article_id, translator, by=editor)
    browser = signed_in(translator)
    badge = browser.get("/notifications/badge", headers=HTMX).text
    assert count_in(badge) == 1 and "unread" in badge
    assert browser.get("/notifications/badge?shown=1", headers=HTMX).status_code == 204

    page = browser.get("/notifications").text
    assert "1 unread notification" in page
    item = re.search(r'<li class="notification kind-assigned unread".*?</li>', page, re.DOTALL)
    assert item, page
    assert f'href="/articles/{made.article_id}">Assigned one</a>' in item.group(0)
    assert f"assigned to you by {editor.name}" in item.group(0)
    read = browser.post(
        "/notifications/read",
        data={
            "csrf_token": hidden_csrf(page),
            "up_to": re.search(r'name="up_to" value="(\d+)"', page).group(1),
        },
        follow_redirects=False,
    )
    assert read.status_code == 303 and read.headers["location"] == "/notifications"
    after = browser.get("/notifications").text
    assert "Nothing new." in after and "kind-assigned unread" not in after
    assert count_in(browser.get("/notifications/badge?shown=1", headers=HTMX).text) == 0


def test_editors_hear_of_approvals_and_what_came_after_they_read_stays_new(
    signed_in: Callable[[WebUser], TestClient], web_user, stack: Stack
) -> None:
    editor, translator = web_user(Role.EDITOR), web_user(Role.TRANSLATOR)
    browser = signed_in(editor)
    first = article_with_segments(stack.database_url, [[(MINISTRY, LEDE)]], title="First done")
    approve_as(stack, first.article_id, translator)
    page = browser.get("/notifications").text
    assert f"approved by {translator.name}" in page
    newest = int(re.search(r'name="up_to" value="(\d+)"', page).group(1))
    second = article_with_segments(stack.database_url, [[(CEASEFIRE, SECOND)]], title="Then this")
    approve_as(stack, second.article_id, translator)  # after the page was drawn
    browser.post("/notifications/read", data={"csrf_token": hidden_csrf(page), "up_to": newest})
    listed = browser.get("/notifications").text
    shown = unread_by_article(listed)
    assert shown[second.article_id] is True and shown[first.article_id] is False
    assert count_in(browser.get("/notifications/badge", headers=HTMX).text) >= 1
    # Their own decisions are not news to them.
    assert f"approved by {editor.name}" not in listed
