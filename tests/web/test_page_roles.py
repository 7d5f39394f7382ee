"""Every web page and form, for each role: allowed roles get past authorisation,
others see 403, and a browser that is not signed in gets 401 with the sign-in form."""

from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api import web
from core.models import Role
from tests.web.conftest import csrf_of, sign_in

pytestmark = pytest.mark.integration

ANY = {Role.EDITOR, Role.TRANSLATOR, Role.ADMIN}
EDITORS = {Role.EDITOR, Role.ADMIN}
REVIEWERS = {Role.TRANSLATOR, Role.EDITOR, Role.ADMIN}
ADMINS = {Role.ADMIN}
PUBLIC = None  # no sign-in needed at all

# (method, path) → who may use it. A new page or form fails this test until listed.
PAGE_ACCESS = {
    ("GET", "/"): ANY,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/account"): ANY,
    ("POST", "/account/language"): ANY,
    ("POST", "/account/password"): ANY,
    ("POST", "/account/time-zone"): ANY,
    # The desk pages: dashboard, review queue, glossary, users.
    ("GET", "/dashboard"): EDITORS,
    ("GET", "/dashboard/articles/{article_id}"): EDITORS,
    ("GET", "/dashboard/list"): EDITORS,
    # Notifications (api/web/routes/notifications.py): everyone has their own.
    ("GET", "/notifications"): ANY,
    ("GET", "/notifications/badge"): ANY,
    ("POST", "/notifications/read"): ANY,
    ("POST", "/articles"): EDITORS,
    ("POST", "/articles/{article_id}/retry"): EDITORS,
    ("POST", "/articles/{article_id}/language"): EDITORS,
    ("GET", "/queue"): ANY,
    ("POST", "/articles/{article_id}/claim"): REVIEWERS,
    ("POST", "/articles/{article_id}/assign"): EDITORS,
    ("GET", "/glossary"): ANY,
    ("POST", "/glossary"): EDITORS,
    ("POST", "/glossary/import"): EDITORS,
    ("GET", "/glossary/export"): ANY,
    ("POST", "/glossary/{entry_id}"): EDITORS,
    ("POST", "/glossary/{entry_id}/delete"): EDITORS,
    ("GET", "/users"): ADMINS,
    ("POST", "/users"): ADMINS,
    ("POST", "/users/{user_id}"): ADMINS,
    # The review editor (api/web/routes/editor.py, segment_pages.py).
    ("GET", "/articles/{article_id}"): ANY,
    ("GET", "/articles/{article_id}/history"): ANY,
    ("GET", "/articles/{article_id}/effort.csv"): ANY,
    ("POST", "/articles/{article_id}/approve"): REVIEWERS,
    ("POST", "/articles/{article_id}/reject"): REVIEWERS,
    ("POST", "/articles/{article_id}/take-over"): EDITORS,
    # The toolbar (api/web/routes/tools.py) and the preview (preview.py).
    ("GET", "/articles/{article_id}/replace"): REVIEWERS,
    ("POST", "/articles/{article_id}/replace"): REVIEWERS,
    ("GET", "/articles/{article_id}/concordance"): ANY,
    ("GET", "/articles/{article_id}/preview"): ANY,
    ("GET", "/segments/{segment_id}"): ANY,
    ("POST", "/segments/{segment_id}"): REVIEWERS,
    ("GET", "/segments/{segment_id}/findings"): ANY,
    ("POST", "/segments/{segment_id}/findings/{finding_id}/dismiss"): REVIEWERS,
    ("GET", "/segments/{segment_id}/suggestions"): ANY,
    ("POST", "/segments/{segment_id}/comments"): ANY,
    # Publishing (api/web/routes/publishing_pages.py, partners_pages.py, deliveries_pages.py).
    ("POST", "/articles/{article_id}/publish"): EDITORS,
    ("POST", "/articles/{article_id}/reopen"): EDITORS,
    ("POST", "/articles/{article_id}/kill"): EDITORS,
    ("GET", "/partners"): EDITORS,
    ("POST", "/partners"): EDITORS,
    ("POST", "/partners/{partner_id}"): EDITORS,
    ("GET", "/deliveries"): EDITORS,
    ("GET", "/deliveries/{delivery_id}"): EDITORS,
    ("POST", "/deliveries/{delivery_id}/replay"): EDITORS,
}


def web_routes() -> list[tuple[str, str]]:
    return sorted(
        (method, route.path)
        for router in web.routers()
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    )


def test_every_page_is_listed() -> None:
    assert set(web_routes()) == set(PAGE_ACCESS)


@pytest.fixture(scope="module")
def browsers(client: TestClient, web_user) -> Iterator[dict[Role | None, TestClient]]:
    clients: dict[Role | None, TestClient] = {None: TestClient(client.app)}
    for role in Role:
        clients[role] = TestClient(client.app)
        sign_in(clients[role], web_user(role))
    yield clients
    for browser in clients.values():
        browser.close()


def visit(browser: TestClient, method: str, path: str) -> int:
    # Ids that do not exist and empty forms: past authorisation a page answers
    # 404 or 422, never with a change to the shared test data.
    url = path
    ids = ("article", "segment", "finding", "entry", "user", "partner", "delivery")
    for name in (f"{kind}_id" for kind in ids):
        url = url.replace("{" + name + "}", "999999")
    data = {"csrf_token": csrf_of(browser)} if method == "POST" else None
    return browser.request(method, url, data=data, follow_redirects=False).status_code


@pytest.mark.parametrize(("method", "path"), web_routes())
def test_page_access_per_role(
    browsers: dict[Role | None, TestClient], method: str, path: str
) -> None:
    allowed = PAGE_ACCESS[(method, path)]
    if allowed is PUBLIC:
        assert visit(browsers[None], method, path) not in (401, 403)
        return
    assert visit(browsers[None], method, path) == 401
    for role in Role:
        status = visit(browsers[role], method, path)
        if role in allowed:
            assert status not in (401, 403), f"{role} should reach {method} {path}"
        else:
            assert status == 403, f"{role} must not reach {method} {path}"
