"""Dead ends of the first desk, in Chromium: a correction published with the headline left
blank keeps the live headline (and the field says so); the delivery log shows the headline
each version sent; a retried article keeps its earlier failure, attempt count and timings,
and the language of an article that failed at fetch is set for the retry, visibly."""

import uuid

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect
from sqlmodel import Session, select

from core.db import get_engine
from core.models import Role, WebhookDelivery
from core.partners import create_partner
from tests.conftest import user_token, wait_for_article
from tests.support import SourceSite, Stack
from tests.syndication_support import Receiver
from tests.syndication_support import wait_until as wait_for
from tests.web.conftest import screenshot
from tests.web.desk.conftest import NEWS
from tests.web.desk.support import article_of, person
from tests.web.factories import approved_article

pytestmark = pytest.mark.integration

TRANSLATED_TITLE = "Tentara merebut kembali perbukitan"
CUSTOM = "Redaksi: tentara kuasai lagi bukit strategis"
NEWER = "Redaksi: bukit strategis kembali dikuasai tentara"


def publish(page, headline: str = "", note: str = "") -> None:
    panel = page.locator("#publication")
    form = panel.locator("form.publish-form")
    form.get_by_label("Headline").fill(headline)
    if note:
        form.get_by_label("Correction note").fill(note)
    form.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()


def correct(page, article_id: int) -> None:
    """Reopen the published article, then approve it again as it is."""
    panel = page.locator("#publication")
    panel.locator("form.reopen-form").get_by_label("What needs correcting?").fill("Cek judul.")
    panel.get_by_role("button", name="Reopen for correction").click()
    page.wait_for_url(f"**/articles/{article_id}")
    page.get_by_role("button", name="Approve article").click()
    expect(page.locator(".meta .state")).to_have_text("approved")


def test_a_blank_correction_headline_keeps_the_live_one_and_the_log_shows_what_was_sent(
    desk: Stack, new_page
) -> None:
    domain = f"dead-ends-{uuid.uuid4().hex[:10]}.example.org"
    article_id = approved_article(desk.database_url, domain, headline=TRANSLATED_TITLE)
    receiver = Receiver()
    with Session(get_engine(desk.database_url)) as session:
        partner, _ = create_partner(
            session=session, name=f"Mitra {domain}", domains=[domain], webhook_url=receiver.url
        )
        session.commit()
        partner_id = partner.id
    page = new_page(person(desk, Role.EDITOR))
    page.goto(f"/articles/{article_id}")
    publish(page, headline=CUSTOM)
    expect(page.locator("#publication")).to_contain_text(CUSTOM)

    # Version 2: the field shows the live headline and, left blank, keeps it.
    correct(page, article_id)
    field = page.locator("form.publish-form").get_by_label("Headline")
    expect(field).to_have_attribute("placeholder", CUSTOM)
    publish(page, note="Nama wilayah diperbaiki.")
    expect(page.locator(".pub-version")).to_have_text("2")
    expect(page.locator("#publication dd[lang=id]").first).to_have_text(CUSTOM)

    # Version 3 with a new headline: the log shows each version's own.
    correct(page, article_id)
    publish(page, headline=NEWER, note="Judul diperjelas.")
    expect(page.locator(".pub-version")).to_have_text("3")
    wait_for(lambda: delivered(desk, partner_id) == 3, what="three delivered webhooks")
    page.goto("/deliveries")
    rows = page.locator("tr[id^=delivery-]", has=page.locator(f"a[href='/articles/{article_id}']"))
    expect(rows).to_have_count(3)
    expect(rows.locator("a.title")).to_have_text([NEWER, CUSTOM, CUSTOM])
    expect(rows.nth(2)).to_contain_text("version 1")
    screenshot(page, "deliveries-headlines")
    receiver.close()


def delivered(desk: Stack, partner_id: int) -> int:
    with Session(get_engine(desk.database_url)) as session:
        rows = session.exec(
            select(WebhookDelivery).where(
                WebhookDelivery.partner_id == partner_id, WebhookDelivery.status == "delivered"
            )
        ).all()
        return len(rows)


def test_a_retry_keeps_its_trace_and_a_language_set_at_fetch_says_it_applies_on_retry(
    desk: Stack, site: SourceSite, client: TestClient, new_page
) -> None:
    path = f"/dead-ends/{uuid.uuid4().hex}"
    headers = {"Authorization": f"Bearer {user_token(desk.database_url, Role.EDITOR)}"}
    created = client.post("/api/v1/articles", headers=headers, json={"url": site.url(path)})
    assert created.status_code == 202, created.text
    article_id = created.json()["id"]
    failed = wait_for_article(desk.database_url, article_id)
    assert (failed.state, failed.failure_code) == ("failed", "http_error")

    page = new_page(person(desk, Role.EDITOR))
    page.goto("/dashboard?state=failed")
    row = page.locator(f"#article-{article_id}")
    # The language can be chosen before the retry, and the row says when it applies.
    expect(row.get_by_role("button", name="Set and retry")).to_be_visible()
    expect(row.locator(".language-note")).to_contain_text("runs it again from where it failed")

    # The page appears; the retry goes through, and the row keeps what happened before.
    title = "Hills retaken after a night of fighting"
    body = "<p>The army said the hills were retaken after a night of fighting.</p>"
    site.add(path, NEWS.format(title=title, url=site.url(path), paragraphs=body))
    row.get_by_role("button", name="Retry", exact=True).click()
    wait_for_article(desk.database_url, article_id, until=lambda a: a.state == "in_review")
    page.goto(f"/dashboard#article-{article_id}")
    row = page.locator(f"#article-{article_id}")
    expect(row.locator(".attempt")).to_have_text("attempt 2")
    expect(row.locator(".earlier-failures")).to_contain_text("failed before: http_error")
    timings = row.locator(".timings")
    for stage in ("fetch", "extract", "detect", "segment", "translate"):
        expect(timings).to_contain_text(stage)
    assert article_of(desk, article_id).timings.keys() >= {"fetch", "translate"}
    screenshot(page, "dashboard-retry-trace")
