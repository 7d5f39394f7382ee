"""Notifications in the page: the header's unread count (polled), the list, mark read.

core/notifications.py decides who sees what; these routes only show it.
"""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep
from api.web.deps import AnyWebUser
from api.web.render import render
from core.notifications import PAGE_SIZE, list_for, mark_read, unread_count

router = APIRouter()


@router.get("/notifications", response_class=HTMLResponse)
def notifications(
    request: Request, session: SessionDep, user: AnyWebUser, before: int | None = None
) -> HTMLResponse:
    """The user's notifications, newest first; the unread ones marked."""
    items = list_for(session, user, before_id=before)
    context = {
        "items": items,
        "unread": unread_count(session, user),
        "newest_id": items[0].id if items and before is None else None,
        "older": f"/notifications?before={items[-1].id}" if len(items) == PAGE_SIZE else None,
        "newest": "/notifications" if before else None,
    }
    return render(request, "notifications.html", context, user=user)


@router.get("/notifications/badge", response_model=None)
def badge(
    request: Request, session: SessionDep, user: AnyWebUser, shown: int | None = None
) -> Response:
    """The header's link with the unread count: what every page polls, one small request.

    `shown` is the count the page shows now; while it holds, the answer is 204 and
    nothing is swapped, so screen readers hear the live region only when it changes.
    """
    unread = unread_count(session, user)
    if shown == unread:
        return Response(status_code=204)
    return render(request, "_notifications_badge.html", {"unread": unread}, user=user)


@router.post("/notifications/read", response_model=None)
def read(
    request: Request,
    session: SessionDep,
    user: AnyWebUser,
    up_to: Annotated[int | None, Form()] = None,
) -> Response:
    """Mark read up to the newest notification the page showed (one that arrived since
    stays unread), or everything when the form names none."""
    mark_read(session, user, up_to)
    return RedirectResponse("/notifications", 303)
