"""Webhook events, in the style of Standard Webhooks: signed, retried, logged, replayable.

A delivery is one event for one partner. Its body is fixed when the event
happens and its `webhook-id` never changes, so a receiver can de-duplicate
retries and replays; each attempt signs `id.timestamp.body` afresh with the
partner's current secret.
"""

import base64
import hashlib
import hmac
import json
import logging
import uuid
from datetime import UTC, datetime

from sqlmodel import Session, select

from core.models import Partner, PartnerSource, Publication, PublicationEvent, WebhookDelivery
from core.queue import WEBHOOK_DELIVER, get_celery
from core.syndication import to_item, utc

log = logging.getLogger(__name__)

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


class DeliveryConflict(Exception):
    """A replay that does not fit the delivery's state (HTTP 409)."""


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The webhook-signature header: "v1," + base64 HMAC-SHA256 over id.timestamp.body."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def event_body(
    event: PublicationEvent, publication: Publication, domain: str, partner: Partner, base_url: str
) -> str:
    item = to_item(publication, domain, partner, base_url)
    return json.dumps(
        {
            "type": f"article.{event.kind}",
            "timestamp": utc(event.at).isoformat(),
            "data": item.model_dump(mode="json"),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def create_deliveries(
    *,
    session: Session,
    event: PublicationEvent,
    publication: Publication,
    domain: str,
    base_url: str,
) -> list[WebhookDelivery]:
    """A pending delivery for every active partner with a webhook whose licence covers it."""
    partners = session.exec(
        select(Partner)
        .join(PartnerSource, PartnerSource.partner_id == Partner.id)
        .where(PartnerSource.domain == domain, Partner.is_active, Partner.webhook_url.is_not(None))
    ).all()
    deliveries = [
        WebhookDelivery(
            partner_id=partner.id,
            event_id=event.id,
            message_id=f"msg_{uuid.uuid4().hex}",
            event_type=f"article.{event.kind}",
            body=event_body(event, publication, domain, partner, base_url),
            next_attempt_at=event.at,
        )
        for partner in partners
    ]
    session.add_all(deliveries)
    session.flush()
    return deliveries


def enqueue(delivery_ids: list[int]) -> None:
    """Hand deliveries to the webhooks queue. Call after commit.

    With Redis down they stay pending in the database, and the reconciler
    sends them once their next attempt is overdue: an accepted event is not lost.
    """
    for delivery_id in delivery_ids:
        try:
            get_celery().send_task(WEBHOOK_DELIVER, args=[delivery_id])
        except Exception:  # kombu raises many types; the reconciler is the fallback
            log.exception("could not enqueue webhook delivery %s", delivery_id)


def replay(*, session: Session, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a finished delivery again: same body, same webhook-id, a new signature."""
    if delivery.status == PENDING:
        raise DeliveryConflict(
            f"Delivery {delivery.id} is still being attempted ({delivery.attempts} attempt(s) "
            "so far); replay it once it has been delivered or has failed."
        )
    partner = session.get(Partner, delivery.partner_id)
    if partner is None or not partner.is_active or not partner.webhook_url:
        raise DeliveryConflict(
            "This partner has no active webhook URL now; set one before replaying."
        )
    delivery.status = PENDING
    delivery.next_attempt_at = datetime.now(UTC)
    session.add(delivery)
    session.commit()
    enqueue([delivery.id])
    return delivery
