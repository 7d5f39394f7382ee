"""Answers shared by the editor's routes: a fragment for htmx, a whole page otherwise."""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.web.render import gettext_for, render
from core.models import User


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def not_found(request: Request, user: User, kind: str, number: int) -> HTMLResponse:
    _ = gettext_for(request, user)
    if kind == "article":
        message = _("There is no article %(id)d.") % {"id": number}
    elif kind == "segment":
        message = _("There is no segment %(id)d.") % {"id": number}
    else:
        message = _("This segment has no QA finding %(id)d.") % {"id": number}
    context = {"message": message}
    return render(request, "editor_not_found.html", context, user=user, status_code=404)


def answer(
    request: Request, user: User, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """The fragment for htmx; for a plain form post the fragment inside a whole page."""
    if is_htmx(request):
        return render(request, template, context, user=user, status_code=status_code)
    page = {**context, "fragment": template}
    return render(request, "editor_fragment.html", page, user=user, status_code=status_code)


def back_to(article_id: int, segment_id: int | None = None) -> RedirectResponse:
    anchor = f"#segment-{segment_id}" if segment_id else ""
    return RedirectResponse(f"/articles/{article_id}{anchor}", 303)
