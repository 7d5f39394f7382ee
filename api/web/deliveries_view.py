"""The webhook delivery log as the deliveries page shows it: each delivery with its
event, article, partner and every attempt, read in two queries."""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, select

from core.models import Partner, Publication, PublicationEvent, WebhookAttempt, WebhookDelivery
from core.webhooks import DELIVERED, FAILED, PENDING

STATUSES = (PENDING, DELIVERED, FAILED)
PAGE_SIZE = 50


@dataclass
class DeliveryRow:
    delivery: WebhookDelivery
    event: PublicationEvent
    publication: Publication
    partner_name: str
    attempts: list[WebhookAttempt] = field(default_factory=list)

    @property
    def headline(self) -> str:
        """The headline this delivery carried, not today's: a later version may have
        changed it. A kill's tombstone carries none, so it names the publication."""
        return sent_headline(self.delivery.body) or self.publication.headline


def sent_headline(body: str) -> str | None:
    """The main headline in a delivery's stored body (core/webhooks.py event_body)."""
    try:
        headlines = json.loads(body)["data"].get("headlines") or []
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    for block in headlines:
        if isinstance(block, dict) and block.get("value"):
            return str(block["value"])
    return None


def delivery_rows(
    session: Session,
    *,
    partner_id: int | None = None,
    status: str | None = None,
    before: int | None = None,
    delivery_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> list[DeliveryRow]:
    """Newest first; `before` is the id the previous page ended at."""
    statement = (
        select(WebhookDelivery, PublicationEvent, Publication, Partner.name)
        .join(PublicationEvent, PublicationEvent.id == WebhookDelivery.event_id)
        .join(Publication, Publication.id == PublicationEvent.publication_id)
        .join(Partner, Partner.id == WebhookDelivery.partner_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    if partner_id is not None:
        statement = statement.where(WebhookDelivery.partner_id == partner_id)
    if status:
        statement = statement.where(WebhookDelivery.status == status)
    if before is not None:
        statement = statement.where(WebhookDelivery.id < before)
    if delivery_id is not None:
        statement = statement.where(WebhookDelivery.id == delivery_id)
    rows = [DeliveryRow(*row) for row in session.exec(statement).all()]
    attempts: dict[int, list[WebhookAttempt]] = defaultdict(list)
    ids = [row.delivery.id for row in rows]
    for attempt in session.exec(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(ids))
        .order_by(WebhookAttempt.delivery_id, WebhookAttempt.number)
    ):
        attempts[attempt.delivery_id].append(attempt)
    for row in rows:
        row.attempts = attempts[row.delivery.id]
    return rows
