"""The Account page's time zone: saved per user, refused (422) when unknown, and every
`|when` on the desk follows it; the JSON API keeps answering in UTC."""

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.models import Article, Role, User
from tests.conftest import user_token
from tests.support import Stack
from tests.web.conftest import WebUser
from tests.web.factories import approved_article, post_form

pytestmark = pytest.mark.integration

CREATED = datetime(2026, 12, 4, 7, 5, tzinfo=UTC)


def zone_of(database_url: str, user_id: int) -> str:
    with Session(get_engine(database_url)) as session:
        return session.get(User, user_id).time_zone


def selected_zones(page: str) -> list[str]:
    select = re.search(r'<select name="time_zone">.*?</select>', page, re.DOTALL)
    assert select, "the Account page has no time zone list"
    return re.findall(r'<option value="([^"]+)" selected>', select.group(0))


def article_created_at(database_url: str, when: datetime) -> int:
    article_id = approved_article(database_url)
    with Session(get_engine(database_url)) as session:
        article = session.get(Article, article_id)
        article.created_at = when
        session.add(article)
        session.commit()
    return article_id


def test_a_new_user_sees_the_newsroom_zone_and_can_pick_another(
    stack: Stack, signed_in: Callable[[WebUser], TestClient], web_user
) -> None:
    user = web_user(Role.TRANSLATOR)
    browser = signed_in(user)
    page = browser.get("/account").text
    assert 'action="/account/time-zone"' in page
    assert "Asia/Jakarta (WIB)" in page and "Asia/Makassar (WITA)" in page
    assert "Asia/Jayapura (WIT)" in page and "Europe/Istanbul (+03)" in page
    assert '<option value="America/Sao_Paulo"' in page  # every IANA zone is offered
    assert selected_zones(page) == ["Asia/Jakarta"]

    saved = post_form(browser, "/account/time-zone", time_zone="America/Sao_Paulo")
    assert saved.status_code == 303 and saved.headers["location"] == "/account"
    assert zone_of(stack.database_url, user.id) == "America/Sao_Paulo"
    # A zone from the long list is selected once, there.
    assert selected_zones(browser.get("/account").text) == ["America/Sao_Paulo"]


def test_an_unknown_zone_is_refused_with_a_message(
    stack: Stack, signed_in: Callable[[WebUser], TestClient], web_user
) -> None:
    user = web_user(Role.EDITOR, locale="id")
    browser = signed_in(user)
    for bad in ("Mars/Olympus_Mons", "WIB", "../../etc/passwd", ""):
        refused = post_form(browser, "/account/time-zone", time_zone=bad)
        assert refused.status_code == 422, bad
        assert "Zona waktu tidak dikenal" in html.unescape(refused.text)
    assert zone_of(stack.database_url, user.id) == "Asia/Jakarta"


def test_desk_times_follow_the_users_zone_while_the_api_stays_utc(
    stack: Stack, signed_in: Callable[[WebUser], TestClient], web_user, client: TestClient
) -> None:
    article_id = article_created_at(stack.database_url, CREATED)
    editor = signed_in(web_user(Role.EDITOR))
    row = f'href="/articles/{article_id}"'

    dashboard = editor.get("/dashboard?state=approved").text
    assert row in dashboard and "2026-12-04 14:05 WIB" in dashboard

    post_form(editor, "/account/time-zone", time_zone="Europe/Istanbul")
    dashboard = editor.get("/dashboard?state=approved").text
    assert "2026-12-04 10:05 +03" in dashboard and "14:05 WIB" not in dashboard

    post_form(editor, "/account/time-zone", time_zone="UTC")
    assert "2026-12-04 07:05 UTC" in editor.get("/dashboard?state=approved").text

    token = user_token(stack.database_url, Role.EDITOR)
    answer = client.get(
        f"/api/v1/articles/{article_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200
    assert answer.json()["created_at"].startswith("2026-12-04T07:05")
