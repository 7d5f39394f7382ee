"""The review queue: filters by source, language, age and assignee; claim and assign."""

import html
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.models import Role, Source
from tests.support import Stack
from tests.web.conftest import WebUser, hidden_csrf
from tests.web.factories import approved_article, article_row, load_article, post_form

pytestmark = pytest.mark.integration


class Desk(NamedTuple):
    domain: str
    translator: WebUser
    other: WebUser
    editor: WebUser
    fresh_tr: int  # unclaimed, Turkish, an hour old
    old_en: int  # unclaimed, English, three days old
    taken: int  # the other translator's


def shown(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'<tr id="article-(\d+)"', html)}


@pytest.fixture
def desk(stack: Stack, web_user) -> Desk:
    """A source of its own (the filter keeps other tests' articles out) and three articles."""
    domain = f"{uuid.uuid4().hex[:10]}.example"
    with Session(get_engine(stack.database_url)) as session:
        source = Source(name="Desk Daily", domain=domain, credit_line="Sumber: Desk Daily")
        session.add(source)
        session.commit()
        source_id = source.id
    translator, other = web_user(Role.TRANSLATOR), web_user(Role.TRANSLATOR)
    now = datetime.now(UTC)

    def article(language: str, hours: float, assignee: int | None = None) -> int:
        return article_row(
            stack.database_url,
            "in_review",
            title=f"{language} story",
            source_id=source_id,
            detected_language=language,
            created_at=now - timedelta(hours=hours),
            assignee_id=assignee,
        )

    return Desk(
        domain,
        translator,
        other,
        web_user(Role.EDITOR),
        fresh_tr=article("tr", 1),
        old_en=article("en", 72),
        taken=article("tr", 5, assignee=other.id),
    )


def test_the_queue_filters_by_source_language_age_and_assignee(
    desk: Desk, signed_in: Callable[[WebUser], TestClient]
) -> None:
    browser = signed_in(desk.translator)
    everything = browser.get("/queue", params={"source": desk.domain})
    assert everything.status_code == 200
    assert shown(everything.text) == {desk.fresh_tr, desk.old_en, desk.taken}
    assert f'<a class="title" href="/articles/{desk.fresh_tr}">tr story</a>' in everything.text
    assert "Desk Daily" in everything.text and "3 days" in everything.text

    def filtered(**params: str) -> set[int]:
        response = browser.get("/queue", params={"source": desk.domain, **params})
        assert response.status_code == 200
        return shown(response.text)

    assert filtered(language="en") == {desk.old_en}
    assert filtered(language="tr") == {desk.fresh_tr, desk.taken}
    assert filtered(min_age_hours="4") == {desk.old_en, desk.taken}
    assert filtered(min_age_hours="0,5", language="tr") == {desk.fresh_tr, desk.taken}
    assert filtered(assignee="none") == {desk.fresh_tr, desk.old_en}
    assert filtered(assignee=str(desk.other.id)) == {desk.taken}
    assert filtered(assignee="me") == set()
    assert shown(browser.get("/queue", params={"source": "nowhere.example"}).text) == set()


def test_an_unusable_filter_says_why_and_keeps_what_was_typed(
    desk: Desk, signed_in: Callable[[WebUser], TestClient]
) -> None:
    browser = signed_in(desk.translator)
    response = browser.get("/queue", params={"source": desk.domain, "min_age_hours": "soon"})
    assert response.status_code == 422
    assert "The age must be a number of hours, e.g. 2 or 0.5." in response.text
    assert 'name="min_age_hours" value="soon"' in response.text
    assert browser.get("/queue", params={"language": "de"}).status_code == 422
    assert browser.get("/queue", params={"assignee": "boss"}).status_code == 422


def test_claiming_goes_to_next_and_someone_elses_article_is_refused_with_a_reason(
    desk: Desk, signed_in: Callable[[WebUser], TestClient], stack: Stack
) -> None:
    browser = signed_in(desk.translator)
    page = browser.get("/queue", params={"source": desk.domain}).text
    token = hidden_csrf(page)
    assert f'action="/articles/{desk.fresh_tr}/claim"' in page
    assert f'action="/articles/{desk.taken}/claim"' not in page  # the other's: no button
    assert f'action="/articles/{desk.fresh_tr}/assign"' not in page  # editors only

    claimed = browser.post(
        f"/articles/{desk.fresh_tr}/claim",
        data={"csrf_token": token, "next": f"/articles/{desk.fresh_tr}"},
        follow_redirects=False,
    )
    assert claimed.status_code == 303
    assert claimed.headers["location"] == f"/articles/{desk.fresh_tr}"
    assert load_article(stack.database_url, desk.fresh_tr).assignee_id == desk.translator.id
    default = browser.post(
        f"/articles/{desk.old_en}/claim", data={"csrf_token": token}, follow_redirects=False
    )
    assert default.headers["location"] == "/queue"
    elsewhere = browser.post(
        f"/articles/{desk.old_en}/claim",
        data={"csrf_token": token, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert elsewhere.headers["location"] == "/"  # claiming again is fine; leaving the site not
    mine = browser.get("/queue", params={"source": desk.domain, "assignee": "me"})
    assert shown(mine.text) == {desk.fresh_tr, desk.old_en}

    back = f"/queue?source={desk.domain}&language=tr"
    refused = browser.post(
        f"/articles/{desk.taken}/claim", data={"csrf_token": token, "back": back}
    )
    assert refused.status_code == 409
    assert "Someone else has claimed this article; ask an editor to reassign it." in refused.text
    assert f"It is assigned to {desk.other.name}." in refused.text
    assert shown(refused.text) == {desk.fresh_tr, desk.taken}  # the filters survived
    assert load_article(stack.database_url, desk.taken).assignee_id == desk.other.id

    failed = article_row(stack.database_url, "failed")
    not_in_review = browser.post(f"/articles/{failed}/claim", data={"csrf_token": token})
    assert not_in_review.status_code == 409
    assert "The article is &#39;failed&#39;, not in review." in not_in_review.text
    missing = browser.post("/articles/999999/claim", data={"csrf_token": token})
    assert missing.status_code == 404 and "There is no article 999999." in missing.text
    assert browser.post(f"/articles/{desk.old_en}/claim").status_code == 403  # no CSRF token


def test_editors_assign_articles_and_mistakes_are_explained(
    desk: Desk, signed_in: Callable[[WebUser], TestClient], stack: Stack
) -> None:
    browser = signed_in(desk.editor)
    page = browser.get("/queue", params={"source": desk.domain}).text
    token = hidden_csrf(page)
    assert f'action="/articles/{desk.taken}/assign"' in page
    back = f"/queue?source={desk.domain}"
    given = browser.post(
        f"/articles/{desk.taken}/assign",
        data={"csrf_token": token, "user_id": str(desk.translator.id), "back": back},
        follow_redirects=False,
    )
    assert given.status_code == 303
    assert given.headers["location"] == f"{back}#article-{desk.taken}"
    assert load_article(stack.database_url, desk.taken).assignee_id == desk.translator.id
    row = re.search(
        rf'<tr id="article-{desk.taken}".*?</tr>', browser.get(back).text, re.DOTALL
    ).group(0)
    assert desk.translator.name in row

    nobody = browser.post(
        f"/articles/{desk.old_en}/assign", data={"csrf_token": token, "user_id": "999999"}
    )
    assert nobody.status_code == 422 and "There is no active user 999999." in nobody.text
    empty = browser.post(f"/articles/{desk.old_en}/assign", data={"csrf_token": token})
    assert empty.status_code == 422 and "Choose whom to give the article to." in empty.text
    approved = article_row(stack.database_url, "approved")
    late = browser.post(
        f"/articles/{approved}/assign",
        data={"csrf_token": token, "user_id": str(desk.translator.id)},
    )
    assert late.status_code == 409
    assert "The article is &#39;approved&#39;, not in review." in late.text
    missing = browser.post(
        "/articles/999999/assign", data={"csrf_token": token, "user_id": str(desk.translator.id)}
    )
    assert missing.status_code == 404


def test_corrections_and_sent_back_articles_are_marked_with_their_latest_note(
    signed_in: Callable[[WebUser], TestClient], stack: Stack, web_user
) -> None:
    """Work coming back is not new work: the row says so and shows why it came back."""
    editor_user = web_user(Role.EDITOR)
    editor = signed_in(editor_user)
    new = approved_article(stack.database_url, state="in_review")
    sent_back = approved_article(stack.database_url, state="rejected")
    corrected = approved_article(stack.database_url)
    assert post_form(editor, f"/articles/{sent_back}/reopen", note="Cek ejaan.").status_code == 303
    assert post_form(editor, f"/articles/{corrected}/publish").status_code == 303
    assert post_form(editor, f"/articles/{corrected}/reopen").status_code == 303

    page = signed_in(web_user(Role.TRANSLATOR)).get("/queue").text

    def row_of(article_id: int) -> str:
        match = re.search(rf'<tr id="article-{article_id}".*?</tr>', page, re.DOTALL)
        assert match, f"article {article_id} is not in the queue"
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())

    assert "Sent back" in row_of(sent_back) and "Note: Cek ejaan." in row_of(sent_back)
    assert f"by {editor_user.name}" in row_of(sent_back)
    assert "Correction of version 1" in row_of(corrected)
    assert "Note: No note given." in row_of(corrected)
    assert "Correction" not in row_of(new) and "Sent back" not in row_of(new)
    assert "Note:" not in row_of(new)
