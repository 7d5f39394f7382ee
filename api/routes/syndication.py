"""The partners' pull API (X-API-Key): articles of their licensed sources and the changes."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from api.deps import PartnerDep, SessionDep
from api.syndication_schemas import ChangePage, ItemPage
from core.config import get_settings
from core.syndication import Item, to_item
from core.syndication_queries import (
    BadCursor,
    decode_cursor,
    encode_cursor,
    find_publication,
    list_changes,
    list_publications,
)

router = APIRouter(prefix="/syndication/v1", tags=["syndication"])

Cursor = Annotated[str | None, Query(description="next_cursor of the previous answer")]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get("/articles")
def articles(
    session: SessionDep, partner: PartnerDep, cursor: Cursor = None, limit: Limit = 20
) -> ItemPage:
    """Live articles of your licensed sources, newest first; withdrawn ones are left out."""
    before = _decode("pub", cursor)
    rows = list_publications(session, partner.id, before=before, limit=limit + 1)
    base_url = get_settings().public_base_url()
    items = [to_item(pub, domain, partner, base_url) for pub, domain in rows[:limit]]
    next_cursor = encode_cursor("pub", rows[limit - 1][0].id) if len(rows) > limit else None
    return ItemPage(items=items, next_cursor=next_cursor)


@router.get("/articles/{public_id}")
def article(public_id: str, session: SessionDep, partner: PartnerDep) -> Item:
    """One ninjs 3.1 item by its public id; a withdrawn one answers as pubStatus 'canceled'."""
    found = find_publication(session, partner.id, public_id)
    if found is None:
        # The same answer whether the id is unknown or outside the licence.
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            f"There is no article '{public_id}' among the sources licensed to you.",
        )
    publication, domain = found
    return to_item(publication, domain, partner, get_settings().public_base_url())


@router.get("/changes")
def changes(
    session: SessionDep, partner: PartnerDep, cursor: Cursor = None, limit: Limit = 100
) -> ChangePage:
    """Created, updated and killed events in order; poll with next_cursor to stay in sync."""
    after = _decode("ev", cursor)
    items = list_changes(session, partner.id, after=after, limit=limit)
    next_cursor = items[-1].cursor if items else (cursor or encode_cursor("ev", 0))
    return ChangePage(items=items, next_cursor=next_cursor)


def _decode(kind: str, cursor: str | None) -> int | None:
    try:
        return decode_cursor(kind, cursor)
    except BadCursor as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
