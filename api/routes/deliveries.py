"""The webhook delivery log of a partner, and replays (editors)."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from sqlmodel import Session, select

from api.deps import EditorUser, SessionDep
from api.routes.partners import load_partner
from api.syndication_schemas import AttemptPublic, DeliveryPage, DeliveryPublic
from core.models import Publication, PublicationEvent, WebhookAttempt, WebhookDelivery
from core.syndication_queries import BadCursor, decode_cursor, encode_cursor
from core.webhooks import DeliveryConflict, replay

router = APIRouter(prefix="/api/v1/partners", tags=["webhooks"])


@router.get("/{partner_id}/deliveries")
def deliveries(
    partner_id: int,
    session: SessionDep,
    _: EditorUser,
    status_: Annotated[
        str | None, Query(alias="status", pattern="^(pending|delivered|failed)$")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
) -> DeliveryPage:
    """The webhook delivery log, newest first, with every attempt."""
    load_partner(session, partner_id)
    try:
        before = decode_cursor("dl", cursor)
    except BadCursor as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    statement = (
        select(WebhookDelivery)
        .where(WebhookDelivery.partner_id == partner_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit + 1)
    )
    if status_:
        statement = statement.where(WebhookDelivery.status == status_)
    if before is not None:
        statement = statement.where(WebhookDelivery.id < before)
    rows = session.exec(statement).all()
    items = [delivery_public(session, row) for row in rows[:limit]]
    next_cursor = encode_cursor("dl", rows[limit - 1].id) if len(rows) > limit else None
    return DeliveryPage(items=items, next_cursor=next_cursor)


@router.post("/{partner_id}/deliveries/{delivery_id}/replay", status_code=status.HTTP_202_ACCEPTED)
def replay_delivery(
    partner_id: int, delivery_id: int, session: SessionDep, _: EditorUser
) -> DeliveryPublic:
    """Send a delivered or failed event again: same body and webhook-id, new signature."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.partner_id != partner_id:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            f"Partner {partner_id} has no webhook delivery {delivery_id}.",
        )
    try:
        replay(session=session, delivery=delivery)
    except DeliveryConflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return delivery_public(session, delivery)


def delivery_public(session: Session, delivery: WebhookDelivery) -> DeliveryPublic:
    event = session.get(PublicationEvent, delivery.event_id)
    publication = session.get(Publication, event.publication_id)
    attempts = session.exec(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id == delivery.id)
        .order_by(WebhookAttempt.number)
    ).all()
    return DeliveryPublic(
        id=delivery.id,
        message_id=delivery.message_id,
        event_type=delivery.event_type,
        article_id=publication.public_id,
        version=event.version,
        status=delivery.status,
        attempts=delivery.attempts,
        last_error=delivery.last_error,
        created_at=delivery.created_at,
        next_attempt_at=delivery.next_attempt_at,
        delivered_at=delivery.delivered_at,
        log=[AttemptPublic.model_validate(a, from_attributes=True) for a in attempts],
    )
