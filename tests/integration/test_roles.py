"""Every API route, for each role: the roles allowed get past authorisation, others 401/403."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.main import app
from core.db import get_engine
from core.models import Role
from core.partners import create_partner
from tests.support import Stack

pytestmark = pytest.mark.integration

ANY = {Role.EDITOR, Role.TRANSLATOR, Role.ADMIN}
EDITORS = {Role.EDITOR, Role.ADMIN}
REVIEWERS = {Role.TRANSLATOR, Role.EDITOR, Role.ADMIN}
PUBLIC = set()  # no token needed at all

# (method, path) → who may call it. A new route fails this test until listed.
ACCESS = {
    ("GET", "/healthz"): PUBLIC,
    ("POST", "/api/v1/articles"): EDITORS,
    ("GET", "/api/v1/articles"): ANY,
    ("GET", "/api/v1/articles/{article_id}"): ANY,
    ("POST", "/api/v1/articles/{article_id}/retry"): EDITORS,
    ("POST", "/api/v1/articles/{article_id}/language"): EDITORS,
    ("POST", "/api/v1/articles/{article_id}/glossary-check"): ANY,
    ("POST", "/api/v1/articles/{article_id}/approve"): REVIEWERS,
    ("POST", "/api/v1/articles/{article_id}/reject"): REVIEWERS,
    ("POST", "/api/v1/articles/{article_id}/claim"): REVIEWERS,
    ("POST", "/api/v1/articles/{article_id}/assign"): EDITORS,
    ("GET", "/api/v1/articles/{article_id}/effort"): ANY,
    ("GET", "/api/v1/glossary/entries"): ANY,
    ("POST", "/api/v1/glossary/entries"): EDITORS,
    ("GET", "/api/v1/glossary/entries/{entry_id}"): ANY,
    ("PUT", "/api/v1/glossary/entries/{entry_id}"): EDITORS,
    ("DELETE", "/api/v1/glossary/entries/{entry_id}"): EDITORS,
    ("POST", "/api/v1/glossary/import"): EDITORS,
    ("GET", "/api/v1/glossary/export"): ANY,
    ("PUT", "/api/v1/segments/{segment_id}"): REVIEWERS,
    ("POST", "/api/v1/segments/{segment_id}/findings/{finding_id}/dismiss"): REVIEWERS,
    ("GET", "/api/v1/segments/{segment_id}/history"): ANY,
    ("GET", "/api/v1/segments/{segment_id}/comments"): ANY,
    ("POST", "/api/v1/segments/{segment_id}/comments"): ANY,
    ("GET", "/api/v1/segments/{segment_id}/suggestions"): ANY,
    # Publishing and partners.
    ("POST", "/api/v1/articles/{article_id}/publish"): EDITORS,
    ("POST", "/api/v1/articles/{article_id}/kill"): EDITORS,
    ("POST", "/api/v1/articles/{article_id}/reopen"): EDITORS,
    ("GET", "/api/v1/articles/{article_id}/publication"): ANY,
    ("GET", "/api/v1/partners"): EDITORS,
    ("POST", "/api/v1/partners"): EDITORS,
    ("GET", "/api/v1/partners/{partner_id}"): EDITORS,
    ("PATCH", "/api/v1/partners/{partner_id}"): EDITORS,
    ("POST", "/api/v1/partners/{partner_id}/key"): EDITORS,
    ("POST", "/api/v1/partners/{partner_id}/webhook-secret"): EDITORS,
    ("GET", "/api/v1/partners/{partner_id}/deliveries"): EDITORS,
    ("POST", "/api/v1/partners/{partner_id}/deliveries/{delivery_id}/replay"): EDITORS,
}

# Routes for partner sites: their API key, never a user's token.
PARTNER_ROUTES = {
    ("GET", "/syndication/v1/articles"),
    ("GET", "/syndication/v1/articles/{public_id}"),
    ("GET", "/syndication/v1/changes"),
    ("GET", "/feeds/rss.xml"),
    ("GET", "/feeds/atom.xml"),
    ("GET", "/feeds/feed.json"),
}


def routes() -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    ]


def call(client: TestClient, method: str, path: str, headers: dict) -> int:
    # Ids that do not exist and empty bodies: past authorisation a route answers
    # 404 or 422, never with a change to the shared test data.
    url = re.sub(r"\{\w+\}", "999999", path)
    body = {} if method in ("POST", "PUT") else None
    return client.request(method, url, headers=headers, json=body).status_code


def test_every_route_is_in_the_access_table() -> None:
    assert sorted(routes()) == sorted([*ACCESS, *PARTNER_ROUTES])


@pytest.mark.parametrize(("method", "path"), sorted(ACCESS))
def test_route_access_by_role(client: TestClient, make_token, method: str, path: str) -> None:
    allowed = ACCESS[(method, path)]
    anonymous = call(client, method, path, {})
    if not allowed:
        assert anonymous not in (401, 403)
        return
    assert anonymous == 401
    assert call(client, method, path, {"Authorization": "Bearer wt_not-a-token"}) == 401
    for role in Role:
        status = call(client, method, path, {"Authorization": f"Bearer {make_token(role)}"})
        if role in allowed:
            assert status not in (401, 403), (role, status)
        else:
            assert status == 403, (role, status)


@pytest.fixture(scope="module")
def partner_key(stack: Stack) -> str:
    with Session(get_engine(stack.database_url)) as session:
        _, key = create_partner(session=session, name="roles-partner", domains=["x.example"])
        session.commit()
    return key


@pytest.mark.parametrize(("method", "path"), sorted(PARTNER_ROUTES))
def test_partner_routes_take_a_partner_key_only(
    client: TestClient, make_token, partner_key: str, method: str, path: str
) -> None:
    assert call(client, method, path, {}) == 401
    assert call(client, method, path, {"X-API-Key": "wp_not-a-key"}) == 401
    for role in Role:  # a user's token is no partner key
        assert call(client, method, path, {"Authorization": f"Bearer {make_token(role)}"}) == 401
    assert call(client, method, path, {"X-API-Key": partner_key}) not in (401, 403)
