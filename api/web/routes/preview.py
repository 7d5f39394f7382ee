"""The article as partners would get it, with word counts: htmx loads the fragment into
the editor's Preview panel; without JavaScript the same URL is a page of its own."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from api.web.deps import AnyWebUser
from api.web.editor_view import web_link
from api.web.render import render
from api.web.replies import is_htmx, not_found
from core.models import Article
from core.preview import PreviewUnavailable, build_preview

router = APIRouter()


@router.get("/articles/{article_id}/preview", response_class=HTMLResponse)
def preview_page(
    request: Request, article_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """Headline, body, credit line and original link as publishing would freeze them now."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    context = {"article": article, "preview": None, "unavailable": None, "original_link": None}
    try:
        preview = build_preview(session, article)
    except PreviewUnavailable as refusal:
        context["unavailable"] = str(refusal)  # core's reason, as the publishing panel shows
    else:
        context["preview"] = preview
        context["original_link"] = web_link(preview.original_url)
    template = "_preview.html" if is_htmx(request) else "preview.html"
    return render(request, template, context, user=user)
