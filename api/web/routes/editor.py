"""The review editor's article pages: the editor, history, effort export, decisions.

htmx requests get the piece of page they replace (the approval blockers);
plain form posts get a redirect or a whole page, so the forms still work
without JavaScript. Segment saves, findings and comments: segment_pages.py.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from api.deps import SessionDep
from api.web.deps import AnyWebUser, EditorWebUser, ReviewerWebUser
from api.web.editor_view import MAX_NOTE, blocker_context, page_context, user_names
from api.web.render import render
from api.web.replies import back_to, is_htmx, not_found
from core.effort import article_effort, effort_csv
from core.history import article_history
from core.models import Article, Segment, User
from core.review import ReviewConflict, approve, reject, take_over

router = APIRouter()


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def editor_page(
    request: Request, article_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """The two-column editor: source beside the Indonesian draft, segment by segment."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    return render(request, "editor.html", page_context(session, article, user), user=user)


@router.get("/articles/{article_id}/history", response_class=HTMLResponse)
def history_page(
    request: Request, article_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """Every saved version of every segment, each with a diff against the one before."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    segments = session.exec(
        select(Segment)
        .where(Segment.article_id == article.id)
        .order_by(Segment.paragraph_id, Segment.index)
    ).all()
    histories = article_history(session, segments)
    names = user_names(session, (v.user_id for vs in histories.values() for v in vs))
    context = {
        "article": article,
        "rows": [(segment, histories[segment.id]) for segment in segments],
        "names": names,
    }
    return render(request, "history.html", context, user=user)


@router.get("/articles/{article_id}/effort.csv", response_model=None)
def effort_download(
    request: Request, article_id: int, session: SessionDep, user: AnyWebUser
) -> Response:
    """Post-editing effort per segment as CSV (the same columns as the JSON API's)."""
    if session.get(Article, article_id) is None:
        return not_found(request, user, "article", article_id)
    return Response(
        effort_csv(article_effort(session, article_id)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="article-{article_id}-effort.csv"'},
    )


@router.post("/articles/{article_id}/approve", response_model=None)
def approve_article(
    request: Request, article_id: int, session: SessionDep, user: ReviewerWebUser
) -> Response:
    """Approve, or answer 409 with what blocks it: empty segments and open findings."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    try:
        approve(session=session, article=article, user_id=user.id)
    except ReviewConflict as conflict:
        session.rollback()
        if "claimed_by" in conflict.detail:  # the page shows who holds it, read-only
            return _reload(request, article.id)
        return _decision(request, session, user, article, blocker_context(session, article))
    return _reload(request, article.id)


def _decision(
    request: Request,
    session: Session,
    user: User,
    article: Article,
    context: dict[str, Any],
    status_code: int = 409,
) -> HTMLResponse:
    """What stands in the way of a decision: in its place for htmx, else on the editor page."""
    if is_htmx(request):
        context = {"article": article, **context}
        return render(request, "editor_decision.html", context, user=user, status_code=status_code)
    page = {**page_context(session, article, user), **context, "show_decision": True}
    return render(request, "editor.html", page, user=user, status_code=status_code)


def _reload(request: Request, article_id: int) -> Response:
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": f"/articles/{article_id}"})
    return back_to(article_id)


@router.post("/articles/{article_id}/reject", response_model=None)
def reject_article(
    request: Request,
    article_id: int,
    session: SessionDep,
    user: ReviewerWebUser,
    note: Annotated[str, Form(max_length=MAX_NOTE)] = "",
) -> Response:
    """Send the article back to the editors with a note saying what to fix."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    if not note.strip():
        return _decision(request, session, user, article, {"note_missing": True}, status_code=422)
    try:
        reject(session=session, article=article, user_id=user.id, note=note)
    except ReviewConflict as conflict:
        session.rollback()
        if "claimed_by" in conflict.detail:
            return _reload(request, article.id)
        return _decision(request, session, user, article, {"state_changed": article.state})
    return _reload(request, article.id)


@router.post("/articles/{article_id}/take-over", response_model=None)
def take_over_article(
    request: Request, article_id: int, session: SessionDep, user: EditorWebUser
) -> Response:
    """An editor takes a claimed article for themselves: the holder's page turns read-only
    at their next save, and the editor's editable."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    try:
        take_over(session=session, article=article, by=user)
    except ReviewConflict:  # no longer in review: the page says what it is now
        session.rollback()
    return back_to(article.id)
