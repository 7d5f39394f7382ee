"""Users (admins): add people with a password, change role and language, deactivate and
reactivate, reset passwords; never lock yourself out."""

import re
import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.models import Role, User
from tests.support import Stack
from tests.web.conftest import WebUser, hidden_csrf, sign_in

pytestmark = pytest.mark.integration


@pytest.fixture
def admin_user(web_user) -> WebUser:
    return web_user(Role.ADMIN)


@pytest.fixture
def admin(signed_in: Callable[[WebUser], TestClient], admin_user: WebUser) -> TestClient:
    return signed_in(admin_user)


def can_sign_in(client: TestClient, name: str, password: str) -> bool:
    browser = TestClient(client.app)
    try:
        sign_in(browser, WebUser(0, name, Role.TRANSLATOR, password))
    except AssertionError:
        return False
    return browser.get("/queue").status_code == 200


def stored(stack: Stack, user_id: int) -> User:
    with Session(get_engine(stack.database_url)) as session:
        return session.get(User, user_id)


def secret_shown(html: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt><dd><code>([^<]+)</code></dd>", html)
    assert match, f"no {label} shown"
    return match.group(1)


def test_admins_add_users_who_can_then_sign_in(admin: TestClient, stack: Stack) -> None:
    page = admin.get("/users")
    assert page.status_code == 200 and 'action="/users"' in page.text
    token = hidden_csrf(page.text)
    name = f"sinta-{uuid.uuid4().hex[:6]}"
    added = admin.post(
        "/users",
        data={
            "name": name,
            "role": "translator",
            "password": "kata sandi rahasia",
            "locale": "id",
            "csrf_token": token,
        },
    )
    assert added.status_code == 200 and f"Added {name}." in added.text
    assert secret_shown(added.text, "API token").startswith("wt_")
    assert "<dt>Password</dt>" not in added.text  # typed by the admin: not shown back
    assert added.headers["cache-control"] == "no-store"
    assert can_sign_in(admin, name, "kata sandi rahasia")

    generated = admin.post(
        "/users",
        data={"name": name + "-2", "role": "editor", "locale": "en", "csrf_token": token},
    )
    assert generated.status_code == 200
    assert can_sign_in(admin, name + "-2", secret_shown(generated.text, "Password"))
    listed = admin.get("/users").text
    assert f"<strong>{name}</strong>" in listed and f"<strong>{name}-2</strong>" in listed


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        ({"name": "", "role": "editor"}, "Enter a name."),
        ({"name": "x", "role": "boss"}, "Choose a role: editor, translator or admin."),
        ({"name": "x", "role": "editor", "locale": "fr"}, "Choose the language of the interface"),
        ({"name": "x", "role": "editor", "password": "short"}, "at least 8 characters"),
    ],
)
def test_a_user_that_cannot_be_added_gets_a_reason(
    admin: TestClient, form: dict, reason: str
) -> None:
    token = hidden_csrf(admin.get("/users").text)
    refused = admin.post("/users", data={"locale": "en", **form, "csrf_token": token})
    assert refused.status_code == 422 and reason in refused.text
    if form["name"]:
        assert f'name="name" value="{form["name"]}"' in refused.text  # what was typed stays


def test_a_name_can_be_used_once(admin: TestClient, admin_user: WebUser) -> None:
    token = hidden_csrf(admin.get("/users").text)
    taken = admin.post(
        "/users", data={"name": admin_user.name, "role": "editor", "csrf_token": token}
    )
    assert taken.status_code == 422
    assert f"A user named &#39;{admin_user.name}&#39; already exists." in taken.text


def test_role_and_language_change(admin: TestClient, web_user, stack: Stack) -> None:
    person = web_user(Role.TRANSLATOR)
    token = hidden_csrf(admin.get("/users").text)
    changed = admin.post(
        f"/users/{person.id}",
        data={"action": "update", "role": "editor", "locale": "id", "csrf_token": token},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert changed.headers["location"] == f"/users?saved={person.id}#user-{person.id}"
    assert f"Saved the changes to {person.name}." in admin.get(changed.headers["location"]).text
    assert (stored(stack, person.id).role, stored(stack, person.id).locale) == ("editor", "id")
    wrong = admin.post(
        f"/users/{person.id}",
        data={"action": "update", "role": "chief", "locale": "id", "csrf_token": token},
    )
    assert wrong.status_code == 422
    assert re.search(rf'<tr id="user-{person.id}" class=" has-error">', wrong.text)


def test_deactivating_signs_out_at_once_and_reactivating_lets_back_in(
    admin: TestClient, web_user, signed_in, stack: Stack
) -> None:
    person = web_user(Role.TRANSLATOR)
    their_browser = signed_in(person)
    assert their_browser.get("/queue").status_code == 200
    token = hidden_csrf(admin.get("/users").text)
    off = admin.post(
        f"/users/{person.id}",
        data={"action": "deactivate", "csrf_token": token},
        follow_redirects=True,
    )
    assert off.status_code == 200
    assert re.search(rf'<tr id="user-{person.id}" class="inactive">', off.text)
    assert their_browser.get("/queue").status_code == 401
    assert not can_sign_in(admin, person.name, person.password)
    admin.post(f"/users/{person.id}", data={"action": "reactivate", "csrf_token": token})
    assert stored(stack, person.id).is_active
    assert can_sign_in(admin, person.name, person.password)


def test_admins_cannot_lock_themselves_out(
    admin: TestClient, admin_user: WebUser, stack: Stack
) -> None:
    token = hidden_csrf(admin.get("/users").text)
    myself = admin.post(
        f"/users/{admin_user.id}", data={"action": "deactivate", "csrf_token": token}
    )
    assert myself.status_code == 422
    assert "You cannot deactivate yourself; ask another admin." in myself.text
    demoted = admin.post(
        f"/users/{admin_user.id}",
        data={"action": "update", "role": "editor", "locale": "en", "csrf_token": token},
    )
    assert demoted.status_code == 422
    assert "You cannot change your own role; ask another admin." in demoted.text
    assert stored(stack, admin_user.id).is_active
    assert stored(stack, admin_user.id).role == "admin"
    assert admin.get("/users").status_code == 200


def test_password_resets_typed_or_generated(admin: TestClient, web_user, signed_in) -> None:
    person = web_user(Role.EDITOR)
    their_browser = signed_in(person)
    token = hidden_csrf(admin.get("/users").text)
    typed = admin.post(
        f"/users/{person.id}",
        data={"action": "password", "password": "a brand new one", "csrf_token": token},
    )
    assert typed.status_code == 200
    assert f"New password for {person.name} set; their other sessions have ended." in typed.text
    assert their_browser.get("/dashboard").status_code == 401
    assert can_sign_in(admin, person.name, "a brand new one")
    assert not can_sign_in(admin, person.name, person.password)
    generated = admin.post(f"/users/{person.id}", data={"action": "password", "csrf_token": token})
    assert can_sign_in(admin, person.name, secret_shown(generated.text, "Password"))
    short = admin.post(
        f"/users/{person.id}",
        data={"action": "password", "password": "1234", "csrf_token": token},
    )
    assert short.status_code == 422
    assert "A password needs at least 8 characters." in short.text


def test_unknown_users_and_actions_get_a_reason(admin: TestClient, web_user) -> None:
    token = hidden_csrf(admin.get("/users").text)
    missing = admin.post("/users/999999", data={"action": "deactivate", "csrf_token": token})
    assert missing.status_code == 404 and "There is no user 999999." in missing.text
    person = web_user(Role.TRANSLATOR)
    odd = admin.post(f"/users/{person.id}", data={"action": "promote", "csrf_token": token})
    assert odd.status_code == 422 and "Choose what to change." in odd.text
    assert admin.post(f"/users/{person.id}", data={"action": "deactivate"}).status_code == 403
