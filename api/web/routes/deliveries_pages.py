"""The webhook delivery log (editors): every event sent to a partner with each attempt,
and Replay, which sends an event again with the same webhook-id. A pending row polls
itself (htmx) until its attempt is recorded, so a replay's result shows in place."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, select

from api.deps import SessionDep
from api.web.deliveries_view import PAGE_SIZE, STATUSES, delivery_rows
from api.web.deps import EditorWebUser
from api.web.render import gettext_for, render
from api.web.replies import is_htmx
from core.models import Partner, User, WebhookDelivery
from core.webhooks import DeliveryConflict, replay

router = APIRouter()


@router.get("/deliveries", response_class=HTMLResponse)
def deliveries_page(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    partner: str = "",
    status: str = "",
    before: int | None = None,
    replayed: int | None = None,
) -> HTMLResponse:
    """Webhook deliveries, newest first, filtered by partner and status, with every attempt."""
    _ = gettext_for(request, user)
    notice = None
    if replayed:
        notice = _(
            "Delivery %(id)d is queued again with the same webhook-id; its next attempt "
            "shows below."
        ) % {"id": replayed}
    return _page(request, session, user, partner, status, before=before, notice=notice)


@router.get("/deliveries/{delivery_id}", response_model=None)
def delivery_row(
    request: Request, session: SessionDep, user: EditorWebUser, delivery_id: int
) -> Response:
    """One delivery's row: what a pending row polls until its attempt is recorded."""
    rows = delivery_rows(session, delivery_id=delivery_id, limit=1)
    if not rows:
        _ = gettext_for(request, user)
        error = _("There is no webhook delivery %(id)d.") % {"id": delivery_id}
        return _page(request, session, user, error=error, status_code=404)
    if not is_htmx(request):
        partner_id = rows[0].delivery.partner_id
        return RedirectResponse(f"/deliveries?partner={partner_id}#delivery-{delivery_id}", 303)
    return render(request, "_delivery_row.html", {"row": rows[0]}, user=user)


@router.post("/deliveries/{delivery_id}/replay", response_model=None)
def replay_delivery(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    delivery_id: int,
    partner: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
) -> Response:
    """Send a delivered or failed event again: same body and webhook-id, a new signature."""
    _ = gettext_for(request, user)
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        error = _("There is no webhook delivery %(id)d.") % {"id": delivery_id}
        return _page(request, session, user, partner, status, error=error, status_code=404)
    try:
        replay(session=session, delivery=delivery)
    except DeliveryConflict as exc:
        session.rollback()
        return _page(request, session, user, partner, status, error=str(exc), status_code=409)
    query = urlencode(
        {"partner": partner if partner.isdigit() else "", "status": status, "replayed": delivery_id}
    )
    return RedirectResponse(f"/deliveries?{query}#delivery-{delivery_id}", 303)


def _page(
    request: Request,
    session: Session,
    user: User,
    partner: str = "",
    status: str = "",
    *,
    before: int | None = None,
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    _ = gettext_for(request, user)
    partners = session.exec(select(Partner).order_by(Partner.name)).all()
    partner_id = int(partner) if partner.isdigit() else None
    if partner and partner_id not in {p.id for p in partners}:
        error = _("There is no partner %(id)s.") % {"id": partner}
        status_code, partner_id = 404, None
    if status and status not in STATUSES:
        error = _("Choose a status: pending, delivered or failed.")
        status_code, status = 422, ""
    rows = delivery_rows(
        session, partner_id=partner_id, status=status or None, before=before, limit=PAGE_SIZE + 1
    )
    older = rows[PAGE_SIZE - 1].delivery.id if len(rows) > PAGE_SIZE else None
    filters = {"partner": partner_id or "", "status": status}
    context = {
        "rows": rows[:PAGE_SIZE],
        "partners": partners,
        "filters": filters,
        "statuses": STATUSES,
        "older": urlencode({**filters, "before": older}) if older else None,
        "error": error,
        "notice": notice,
    }
    return render(request, "deliveries.html", context, user=user, status_code=status_code)
