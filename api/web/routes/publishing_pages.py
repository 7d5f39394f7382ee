"""Publishing from the article page (editors): publish or correct, reopen for a
correction (or send a rejected article back to review), kill. Plain form posts: a
success goes back to the article, a refusal answers the article page with the reason
in the publishing panel and the text kept."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from api.web.deps import EditorWebUser
from api.web.editor_view import page_context
from api.web.publication_view import MAX_HEADLINE, MAX_REASON
from api.web.render import render
from api.web.replies import not_found
from api.web.routes.auth import safe_next
from core.articles import ArticleConflict
from core.models import Article, User
from core.publishing import PublishInvalid, kill, publish, reopen

router = APIRouter()

Reason = Annotated[str, Form(max_length=MAX_REASON)]


@router.post("/articles/{article_id}/publish", response_model=None)
def publish_article(
    request: Request,
    article_id: int,
    session: SessionDep,
    user: EditorWebUser,
    headline: Annotated[str, Form(max_length=MAX_HEADLINE)] = "",
    correction_note: Reason = "",
) -> Response:
    """Publish an approved article (version 1), or its correction (next version, with a note)."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    typed = {"headline": headline, "correction_note": correction_note}
    try:
        publish(
            session=session,
            article=article,
            user_id=user.id,
            headline=headline.strip() or None,
            correction_note=correction_note,
        )
    except (ArticleConflict, PublishInvalid) as exc:
        return _refused(request, session, user, article, exc, "publish", typed)
    return _to_publication(article.id)


@router.post("/articles/{article_id}/reopen", response_model=None)
def reopen_article(
    request: Request,
    article_id: int,
    session: SessionDep,
    user: EditorWebUser,
    note: Reason = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Back to review: a correction (the published version stays live until then), or a
    rejected article sent back with its edits kept. Then to `next` (e.g. the dashboard's
    own page), else the article."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    try:
        reopen(session=session, article=article, user_id=user.id, note=note)
    except ArticleConflict as exc:
        return _refused(request, session, user, article, exc, "reopen", {"note": note})
    return RedirectResponse(safe_next(next or f"/articles/{article.id}"), 303)


@router.post("/articles/{article_id}/kill", response_model=None)
def kill_article(
    request: Request, article_id: int, session: SessionDep, user: EditorWebUser, reason: Reason = ""
) -> Response:
    """Withdraw the published article from every feed, listing and partner, with a reason."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    try:
        kill(session=session, article=article, user_id=user.id, reason=reason)
    except (ArticleConflict, PublishInvalid) as exc:
        return _refused(request, session, user, article, exc, "kill", {"reason": reason})
    return _to_publication(article.id)


def _to_publication(article_id: int) -> RedirectResponse:
    return RedirectResponse(f"/articles/{article_id}#publication", 303)


def _refused(
    request: Request,
    session: Session,
    user: User,
    article: Article,
    exc: Exception,
    form: str,
    typed: dict[str, str],
) -> HTMLResponse:
    """The article page with core's reason in the publishing panel, the form open and filled.

    The reason stays in English, as every core rule's message does (README, Language).
    """
    session.rollback()
    status_code = 422 if isinstance(exc, PublishInvalid) else 409
    context = {
        **page_context(session, article),
        "publication_error": str(exc),
        "open_form": form,
        "typed": typed,
    }
    return render(request, "editor.html", context, user=user, status_code=status_code)
