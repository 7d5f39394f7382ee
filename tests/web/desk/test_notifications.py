"""Notifications and the live dashboard in Chromium: an editor watches the dashboard while a
translator approves an article through the JSON API; without a reload the header counts
the news and the article's row turns approved."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from core.models import Role
from tests.conftest import user_token
from tests.support import Stack
from tests.web.conftest import screenshot
from tests.web.desk.support import article_of, open_findings, person

pytestmark = pytest.mark.integration

LEDE = "The port of Izmir reopened on Monday after three days of strikes."


def unread_on(page) -> int:
    """The header's unread count, once the page has asked for it."""
    page.locator('#notifications-link[hx-trigger="every 15s"]').wait_for(state="attached")
    count = page.locator("#notifications-link .count")
    return int(count.inner_text()) if count.count() else 0


def test_an_editor_sees_an_approval_arrive_without_reloading(
    desk: Stack, submit: Callable[..., int], client: TestClient, new_page
) -> None:
    article_id = submit("Izmir port reopens", [LEDE])
    editor = person(desk, Role.EDITOR)
    page = new_page(editor)
    page.goto("/dashboard")
    row = page.locator(f"#article-{article_id}")
    expect(row.locator("td.state-cell .state")).to_have_text("in review")
    before = unread_on(page)
    page.evaluate("window.stillTheSamePage = true")

    # A translator clears the QA findings and approves, through the JSON API.
    token = user_token(desk.database_url, Role.TRANSLATOR)
    headers = {"Authorization": f"Bearer {token}"}
    for finding in open_findings(desk, article_id):
        dismissed = client.post(
            f"/api/v1/segments/{finding.segment_id}/findings/{finding.id}/dismiss",
            headers=headers,
            json={"note": "Checked."},
        )
        assert dismissed.status_code == 200, dismissed.text
    approved = client.post(f"/api/v1/articles/{article_id}/approve", headers=headers)
    assert approved.status_code == 200, approved.text

    # The header polls every 15 s, the list every 10 s.
    count = page.locator("#notifications-link .count")
    expect(count).to_have_text(str(before + 1), timeout=25_000)
    expect(row.locator("td.state-cell .state")).to_have_text("approved", timeout=20_000)
    assert page.evaluate("window.stillTheSamePage") is True
    assert article_of(desk, article_id).state == "approved"
    screenshot(page, "dashboard-notified")

    # The list says who approved what, links to the article, and is read in one go.
    page.locator("#notifications-link").click()
    page.wait_for_url("**/notifications")
    item = page.locator(".notification.unread", has_text="Izmir port reopens").first
    expect(item).to_contain_text("approved by translator-")
    expect(item.locator("a.title")).to_have_attribute("href", f"/articles/{article_id}")
    screenshot(page, "notifications")
    page.get_by_role("button", name="Mark all read").click()
    page.wait_for_url("**/notifications")
    expect(page.locator(".notification.unread")).to_have_count(0)
    expect(page.locator("#notifications-link")).to_have_attribute(
        "hx-get", "/notifications/badge?shown=0"
    )
    expect(page.locator("#notifications-link .count")).to_have_count(0)
