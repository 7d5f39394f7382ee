"""Every API route, for each role: the roles allowed get past authorisation, others 401/403."""

import pytest
from fastapi.testclient import TestClient

from api.main import app
from core.models import Role

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
    url = path.replace("{article_id}", "999999").replace("{entry_id}", "999999")
    url = url.replace("{segment_id}", "999999").replace("{finding_id}", "999999")
    body = {} if method in ("POST", "PUT") else None
    return client.request(method, url, headers=headers, json=body).status_code


def test_every_route_is_in_the_access_table() -> None:
    assert sorted(routes()) == sorted(ACCESS)


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
