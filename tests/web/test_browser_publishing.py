"""Publishing in Chromium, on a deployment of its own (Redis db 9): an article goes
through the real pipeline and the review API to approval; an editor publishes it from
its page, kills it with a reason, and adds a partner whose key shows once."""

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect
from sqlmodel import Session

from core.db import get_engine
from core.models import Role
from core.publishing import publication_of
from tests.conftest import own_deployment, user_token
from tests.support import RedisServer, SourceSite, Stack
from tests.syndication_support import approved, page, submit
from tests.web.conftest import add_web_user, screenshot

pytestmark = pytest.mark.integration
HEADLINE = "Tentara Azerbaijan merebut kembali bukit strategis"
REASON = "Sumber mencabut berita ini karena kesalahan fakta."


@pytest.fixture(scope="module")
def newsroom(
    redis_server: RedisServer, stack: Stack, client: TestClient, site: SourceSite
) -> Iterator[tuple[Stack, int]]:
    """An article from news.example.org, drafted by a real worker and approved in review."""
    with own_deployment(redis_server, stack, redis_db=9) as deployment:
        deployment.start_worker(concurrency=1)
        editor = {"Authorization": f"Bearer {user_token(deployment.database_url, Role.EDITOR)}"}
        path = f"/browser-publishing/{uuid.uuid4().hex}"
        canonical = f"https://news.example.org/world{path}"
        article_id = submit(client, site, editor, path, page("en_article.html", canonical))
        approved(client, deployment, editor, [article_id])
        yield deployment, article_id


def test_an_editor_publishes_kills_and_adds_a_partner_in_chromium(
    newsroom: tuple[Stack, int], new_page, client: TestClient
) -> None:
    deployment, article_id = newsroom
    browser = new_page(add_web_user(deployment.database_url, Role.EDITOR))
    browser.set_viewport_size({"width": 1366, "height": 768})  # a laptop screen
    browser.goto(f"/articles/{article_id}")
    panel = browser.locator("#publication")
    expect(panel).to_contain_text("Approved, not published yet.")
    panel.get_by_label("Headline").fill(HEADLINE)
    panel.get_by_role("button", name="Publish", exact=True).click()

    expect(panel.locator(".pub-version")).to_have_text("1")
    with Session(get_engine(deployment.database_url)) as session:
        public_id = publication_of(session, article_id).public_id
    expect(panel.locator(".public-id")).to_have_text(public_id)
    expect(panel).to_contain_text(HEADLINE)
    expect(browser.locator(".meta .state")).to_have_text("published")
    assert browser.evaluate("document.documentElement.scrollWidth") <= 1366
    box = panel.get_by_role("button", name="Reopen for correction").bounding_box()
    assert box and box["y"] + box["height"] <= 768  # in view without scrolling
    screenshot(browser, "publishing-article")

    # The kill's confirm step: the reason is required, so an empty form is not sent.
    panel.get_by_text("Kill…").click()
    kill = panel.get_by_role("button", name="Kill: withdraw it everywhere")
    kill.click()
    expect(panel.get_by_label(re.compile("Why is it withdrawn"))).to_be_focused()
    expect(panel.locator(".state-published")).to_be_visible()
    panel.get_by_label(re.compile("Why is it withdrawn")).fill(REASON)
    kill.click()
    expect(panel.locator(".state-killed")).to_be_visible()
    expect(panel.locator(".kill-reason")).to_have_text(REASON)
    expect(panel.get_by_role("button")).to_have_count(0)
    screenshot(browser, "publishing-killed")

    # A partner: its key shows once, then never again; it works at once.
    browser.get_by_role("link", name="Partners").click()
    add = browser.locator("form[action='/partners']")
    add.get_by_label("Name").fill("Mitra Kabar Nusantara")
    add.get_by_label(re.compile("Licensed sources")).fill("news.example.org")
    add.get_by_label(re.compile("Webhook URL")).fill("https://mitra.example/warta-hook")
    add.get_by_role("button", name="Add partner").click()
    secret = browser.locator(".secret")
    expect(secret).to_contain_text("shown only this once")
    key = secret.locator("dt:text('API key') + dd code").inner_text()
    assert key.startswith("wp_")
    expect(browser.locator("table.partners")).to_contain_text("Mitra Kabar Nusantara")
    assert browser.evaluate("document.documentElement.scrollWidth") <= 1366
    screenshot(browser, "publishing-partners")
    changes = client.get("/syndication/v1/changes", headers={"X-API-Key": key})
    assert [c["type"] for c in changes.json()["items"]] == ["created", "killed"]

    browser.goto("/partners")
    expect(browser.locator("table.partners")).to_contain_text("Mitra Kabar Nusantara")
    assert key not in browser.content()
    assert browser.dialogs == []
