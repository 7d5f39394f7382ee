"""The webhook delivery log (editors): an article published from its page reaches a
partner's receiver through the shared worker; the log shows each attempt's HTTP status
and error and the webhook-id; Replay sends it again with the same id; refusals show
their reason; CSRF on the form."""

import html
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.db import get_engine
from core.models import Partner, Publication, PublicationEvent, Role, WebhookDelivery
from core.partners import create_partner
from tests.support import Stack
from tests.syndication_support import Receiver, wait_until
from tests.web.conftest import WebUser
from tests.web.factories import LEDE, approved_article, post_form

pytestmark = pytest.mark.integration


@dataclass
class Sent:
    partner_id: int
    delivery: WebhookDelivery
    receiver: Receiver


@pytest.fixture
def editor(signed_in: Callable[[WebUser], TestClient], web_user) -> TestClient:
    return signed_in(web_user(Role.EDITOR))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver(script=[404])  # the first attempt is refused: the delivery fails at once
    yield hook
    hook.close()


def delivery_of(stack: Stack, partner_id: int) -> WebhookDelivery | None:
    with Session(get_engine(stack.database_url)) as session:
        return session.exec(
            select(WebhookDelivery).where(WebhookDelivery.partner_id == partner_id)
        ).first()


@pytest.fixture
def failed(editor: TestClient, stack: Stack, receiver: Receiver) -> Sent:
    """An article published from its page whose webhook delivery the receiver refused."""
    domain = f"hook-{uuid.uuid4().hex[:10]}.example.org"
    with Session(get_engine(stack.database_url)) as session:
        partner, _ = create_partner(
            session=session,
            name=f"Mitra Hook {domain}",
            domains=[domain],
            webhook_url=receiver.url,
        )
        session.commit()
        partner_id, receiver.secret = partner.id, partner.webhook_secret
    article_id = approved_article(stack.database_url, domain)
    assert post_form(editor, f"/articles/{article_id}/publish").status_code == 303
    wait_until(
        lambda: (d := delivery_of(stack, partner_id)) is not None and d.status == "failed",
        what="the refused delivery",
    )
    return Sent(partner_id, delivery_of(stack, partner_id), receiver)


def row(page: str, delivery_id: int) -> str:
    match = re.search(rf'<tr id="delivery-{delivery_id}".*?</tr>', page, re.DOTALL)
    assert match, f"no row for delivery {delivery_id}"
    return html.unescape(match.group(0))


def test_the_log_shows_each_attempt_and_a_replay_delivers_with_the_same_webhook_id(
    editor: TestClient, stack: Stack, failed: Sent
) -> None:
    delivery = failed.delivery
    page = editor.get(f"/deliveries?partner={failed.partner_id}")
    assert page.status_code == 200
    entry = row(page.text, delivery.id)
    assert "published" in entry and "version 1" in entry and "failed" in entry
    assert "HTTP 404" in entry and delivery.last_error in entry
    assert delivery.message_id in entry and "Replay" in entry
    assert "hx-trigger" not in entry  # a finished delivery does not poll

    replayed = post_form(
        editor, f"/deliveries/{delivery.id}/replay", partner=str(failed.partner_id)
    )
    assert replayed.status_code == 303
    location = replayed.headers["location"]
    assert location.startswith(f"/deliveries?partner={failed.partner_id}&status=&replayed=")
    notice = editor.get(location)
    assert f"Delivery {delivery.id} is queued again with the same webhook-id" in notice.text
    wait_until(lambda: delivery_of(stack, failed.partner_id).status == "delivered")

    polled = editor.get(f"/deliveries/{delivery.id}", headers={"HX-Request": "true"})
    assert polled.status_code == 200 and polled.text.lstrip().startswith("<tr")
    entry = row(polled.text, delivery.id)
    assert "delivered" in entry and "HTTP 404" in entry and "HTTP 200" in entry
    assert "hx-trigger" not in entry
    ids = [r.headers["webhook-id"] for r in failed.receiver.received]
    assert ids == [delivery.message_id, delivery.message_id]
    assert all(r.verified for r in failed.receiver.received)


def test_a_pending_delivery_polls_its_row(editor: TestClient, stack: Stack, failed: Sent) -> None:
    with Session(get_engine(stack.database_url)) as session:
        # As a replay leaves it before the worker's attempt (not queued: nothing sends it).
        delivery = session.get(WebhookDelivery, failed.delivery.id)
        delivery.status = "pending"
        session.add(delivery)
        session.commit()
    entry = row(editor.get("/deliveries?status=pending").text, failed.delivery.id)
    assert f'hx-get="/deliveries/{failed.delivery.id}"' in entry
    assert 'hx-trigger="every 2s"' in entry
    assert "Replay" not in entry
    refused = post_form(editor, f"/deliveries/{failed.delivery.id}/replay")
    assert refused.status_code == 409 and "is still being attempted" in html.unescape(refused.text)
    plain = editor.get(f"/deliveries/{failed.delivery.id}", follow_redirects=False)
    assert plain.status_code == 303
    assert plain.headers["location"] == (
        f"/deliveries?partner={failed.partner_id}#delivery-{failed.delivery.id}"
    )


def test_refusals_show_their_reason(editor: TestClient, stack: Stack, failed: Sent) -> None:
    with Session(get_engine(stack.database_url)) as session:
        partner = session.get(Partner, failed.partner_id)
        partner.is_active = False
        session.add(partner)
        session.commit()
    inactive = post_form(editor, f"/deliveries/{failed.delivery.id}/replay")
    assert inactive.status_code == 409
    assert "This partner has no active webhook URL now" in html.unescape(inactive.text)
    assert delivery_of(stack, failed.partner_id).status == "failed"

    missing = post_form(editor, "/deliveries/999999/replay")
    assert missing.status_code == 404 and "There is no webhook delivery 999999." in missing.text
    row_missing = editor.get("/deliveries/999999", headers={"HX-Request": "true"})
    assert row_missing.status_code == 404
    assert editor.get("/deliveries?status=lost").status_code == 422
    assert (
        "Choose a status: pending, delivered or failed."
        in editor.get("/deliveries?status=lost").text
    )
    no_partner = editor.get("/deliveries?partner=999999")
    assert no_partner.status_code == 404 and "There is no partner 999999." in no_partner.text


def test_translators_cannot_see_deliveries_and_replay_needs_the_csrf_token(
    editor: TestClient, signed_in, web_user, stack: Stack, failed: Sent
) -> None:
    translator = signed_in(web_user(Role.TRANSLATOR))
    assert translator.get("/deliveries").status_code == 403
    assert post_form(translator, f"/deliveries/{failed.delivery.id}/replay").status_code == 403
    url = f"/deliveries/{failed.delivery.id}/replay"
    assert editor.post(url).status_code == 403
    assert editor.post(url, data={"csrf_token": "guess"}).status_code == 403
    assert delivery_of(stack, failed.partner_id).status == "failed"
    assert len(failed.receiver.received) == 1


def test_each_delivery_shows_the_headline_it_sent(
    editor: TestClient, stack: Stack, failed: Sent
) -> None:
    """Version 2 gets a new headline; version 1's row still shows what went out then."""
    article_id = article_of_event(stack, failed.delivery.event_id)
    assert post_form(editor, f"/articles/{article_id}/reopen", note="Judul").status_code == 303
    assert post_form(editor, f"/articles/{article_id}/approve").status_code == 303
    corrected = post_form(
        editor,
        f"/articles/{article_id}/publish",
        headline="Judul versi dua",
        correction_note="Judul diganti.",
    )
    assert corrected.status_code == 303
    with Session(get_engine(stack.database_url)) as session:
        second = session.exec(
            select(WebhookDelivery)
            .where(WebhookDelivery.partner_id == failed.partner_id)
            .order_by(WebhookDelivery.id.desc())
        ).first()
    assert second.id != failed.delivery.id

    page = editor.get(f"/deliveries?partner={failed.partner_id}").text
    first_row, second_row = row(page, failed.delivery.id), row(page, second.id)
    assert "version 1" in first_row and LEDE in first_row and "Judul versi dua" not in first_row
    assert "version 2" in second_row and "Judul versi dua" in second_row


def article_of_event(stack: Stack, event_id: int) -> int:
    with Session(get_engine(stack.database_url)) as session:
        event = session.get(PublicationEvent, event_id)
        return session.get(Publication, event.publication_id).article_id
