"""The Preview panel in Chromium: a translator sees the drafted article as partners would
get it (headline, body, credit line, original link) with word counts; once an editor has
published it, the panel says the live version is what it shows."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from core.models import Role
from core.preview import word_count
from tests.conftest import user_token
from tests.support import Stack
from tests.web.conftest import screenshot
from tests.web.desk.support import article_of, open_findings, person, segments_of

pytestmark = pytest.mark.integration

TITLE = "Farmers open the harvest market"
HARVEST = "The market opened on Friday with twelve stalls."
RAIN = "Rain stayed away all morning."


def open_preview(page, article_id: int):
    """Open the panel: htmx loads the preview into it."""
    page.goto(f"/articles/{article_id}")
    page.locator("#preview > summary").click()
    body = page.locator("#preview #preview-body .partner-copy")
    body.wait_for()
    return page.locator("#preview")


def test_a_translator_previews_the_article_before_and_after_publishing(
    desk: Stack, submit: Callable[..., int], new_page, client: TestClient
) -> None:
    article_id = submit(TITLE, [HARVEST, RAIN])
    original = article_of(desk, article_id).canonical_url
    translator = person(desk, Role.TRANSLATOR)
    page = new_page(translator)

    panel = open_preview(page, article_id)
    copy = panel.locator(".partner-copy")
    expect(copy.locator(".preview-headline")).to_have_text(f"[id] {TITLE}")
    paragraphs = copy.locator(".preview-text p")
    expect(paragraphs).to_have_count(3)  # two paragraphs, then the credit line
    expect(paragraphs.nth(0)).to_have_text(f"[id] {HARVEST}")
    expect(paragraphs.nth(1)).to_have_text(f"[id] {RAIN}")
    credit = paragraphs.nth(2).get_by_role("link", name="Sumber: Daily Example")
    expect(credit).to_have_attribute("href", original)
    expect(panel.locator(".credit-line")).to_have_text("Sumber: Daily Example")
    expect(panel.locator("a.original-link")).to_have_attribute("href", original)
    expect(panel.locator(".preview-status")).to_contain_text("Not published yet")

    sources = sum(word_count(s.source) for s in segments_of(desk, article_id))
    targets = sum(word_count(s.target) for s in segments_of(desk, article_id))
    assert sources == word_count(TITLE) + word_count(HARVEST) + word_count(RAIN) == 18
    assert targets == sources + 3  # "[id]" is a word of each draft
    expect(panel.locator(".source-words")).to_have_text(str(sources))
    expect(panel.locator(".target-words")).to_have_text(str(targets))
    panel.get_by_text("Per segment").click()
    rows = panel.locator(".segment-words tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Headline")
    expect(rows.nth(1).locator("td.num").first).to_have_text(str(word_count(HARVEST)))
    screenshot(page, "preview-in-review")

    # An editor approves and publishes through the JSON API.
    assert open_findings(desk, article_id) == []
    editor = {"Authorization": f"Bearer {user_token(desk.database_url, Role.EDITOR)}"}
    approved = client.post(f"/api/v1/articles/{article_id}/approve", headers=editor)
    assert approved.status_code == 200, approved.text
    published = client.post(f"/api/v1/articles/{article_id}/publish", headers=editor)
    assert published.status_code == 200, published.text

    panel = open_preview(page, article_id)
    status = panel.locator(".preview-status.is-live")
    expect(status).to_contain_text("This is live version 1, as partners have it since")
    expect(status).to_contain_text("WIB")  # the translator's zone: the newsroom's default
    expect(panel.locator(".preview-headline")).to_have_text(f"[id] {TITLE}")
    expect(panel.locator(".preview-text p").nth(2)).to_have_text("Sumber: Daily Example")
    screenshot(page, "preview-published")
