"""Signing in and out, session cookies, CSRF, and the language choice."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.web import throttle
from core.config import get_settings
from core.db import get_engine
from core.models import Role, User, WebSession
from tests.web.conftest import csrf_of, hidden_csrf, sign_in

pytestmark = pytest.mark.integration


def test_pages_without_a_session_answer_401_with_the_sign_in_form(client: TestClient) -> None:
    fresh = TestClient(client.app)
    response = fresh.get("/account?tab=x", follow_redirects=False)
    assert response.status_code == 401
    assert 'action="/login"' in response.text
    assert 'name="next" value="/account?tab=x"' in response.text


def test_sign_in_sets_a_hardened_cookie_and_sign_out_ends_the_session(
    client: TestClient, web_user
) -> None:
    user = web_user(Role.TRANSLATOR)
    browser = TestClient(client.app)
    token = csrf_of(browser)
    response = browser.post(
        "/login",
        data={"name": user.name, "password": user.password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "warta_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    stolen = browser.cookies["warta_session"]
    assert browser.get("/account").status_code == 200

    page = browser.get("/account").text
    assert browser.post("/logout", data={"csrf_token": hidden_csrf(page)}).status_code == 200
    # The old cookie value no longer opens anything: the session row is gone.
    replay = TestClient(client.app, cookies={"warta_session": stolen})
    assert replay.get("/account").status_code == 401


def test_wrong_password_is_refused_with_a_reason(client: TestClient, web_user) -> None:
    user = web_user(Role.EDITOR)
    browser = TestClient(client.app)
    response = browser.post(
        "/login",
        data={"name": user.name, "password": "nope", "csrf_token": csrf_of(browser)},
    )
    assert response.status_code == 401
    assert "Wrong name or password." in response.text
    assert "warta_session" not in browser.cookies


def test_forms_without_the_csrf_token_are_refused(client: TestClient, web_user) -> None:
    user = web_user(Role.EDITOR)
    browser = TestClient(client.app)
    sign_in(browser, user)
    forged = browser.post("/account/language", data={"locale": "id"})
    assert forged.status_code == 403
    assert "security token" in forged.json()["detail"]
    wrong = browser.post("/account/language", data={"locale": "id", "csrf_token": "guess"})
    assert wrong.status_code == 403
    no_login_csrf = TestClient(client.app).post(
        "/login", data={"name": user.name, "password": user.password}
    )
    assert no_login_csrf.status_code == 403


def test_next_never_leaves_the_site(client: TestClient, web_user) -> None:
    user = web_user(Role.EDITOR)
    browser = TestClient(client.app)
    response = browser.post(
        "/login",
        data={
            "name": user.name,
            "password": user.password,
            "csrf_token": csrf_of(browser),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_each_user_chooses_the_interface_language(client: TestClient, web_user) -> None:
    user = web_user(Role.TRANSLATOR)
    browser = TestClient(client.app)
    sign_in(browser, user)
    page = browser.get("/account").text
    assert "Change password" in page
    changed = browser.post(
        "/account/language", data={"locale": "id", "csrf_token": hidden_csrf(page)}
    )
    assert changed.status_code == 200
    assert "Ubah kata sandi" in changed.text and "Change password" not in changed.text
    assert '<html lang="id">' in changed.text
    # Another user's pages stay English.
    other = TestClient(client.app)
    sign_in(other, web_user(Role.TRANSLATOR))
    assert "Change password" in other.get("/account").text


def test_deactivated_or_expired_sessions_stop_at_once(client: TestClient, web_user, stack) -> None:
    deactivated, expired = web_user(Role.TRANSLATOR), web_user(Role.TRANSLATOR)
    browsers = {}
    for user in (deactivated, expired):
        browsers[user.id] = TestClient(client.app)
        sign_in(browsers[user.id], user)
        assert browsers[user.id].get("/account").status_code == 200
    with Session(get_engine(stack.database_url)) as session:
        session.get(User, deactivated.id).is_active = False
        row = session.exec(select(WebSession).where(WebSession.user_id == expired.id)).one()
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        session.commit()
    for browser in browsers.values():
        assert browser.get("/account").status_code == 401


def test_pages_forbid_inline_script_and_framing(client: TestClient, web_user) -> None:
    browser = TestClient(client.app)
    sign_in(browser, web_user(Role.EDITOR))
    for response in (browser.get("/account"), TestClient(client.app).get("/login")):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_repeated_failed_sign_ins_lock_the_name_for_a_while(client: TestClient, web_user) -> None:
    user = web_user(Role.TRANSLATOR)
    browser = TestClient(client.app)
    form = {"name": user.name, "csrf_token": csrf_of(browser)}
    for _ in range(get_settings().signin_max_failures):
        assert browser.post("/login", data={**form, "password": "guess"}).status_code == 401
    # Even the right password waits now; the page says for how long.
    locked = browser.post("/login", data={**form, "password": user.password})
    assert locked.status_code == 429
    assert "Too many failed sign-ins for this name. Try again in 15 min." in locked.text
    assert "warta_session" not in browser.cookies
    # Another name is not affected, and the lock lifts when its window ends.
    sign_in(TestClient(client.app), web_user(Role.TRANSLATOR))
    throttle.clear(user.name)
    sign_in(browser, user)
