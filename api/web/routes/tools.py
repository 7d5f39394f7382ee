"""The segment toolbar's requests: find and replace (preview, then apply) over an
article's Indonesian text, and the translation memory's concordance search.

htmx gets the piece of the toolbar it replaces; a plain form gets it inside a page.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from api.deps import SessionDep
from api.web.deps import AnyWebUser, ReviewerWebUser
from api.web.editor_view import REFRESHES, effort_context, names_for, segment_views
from api.web.render import gettext_for
from api.web.replies import answer, not_found
from core.memory import concordance
from core.models import Article, Segment, User
from core.replace import MAX_FIND, Search, apply, preview
from core.review import EDITABLE, ReviewConflict, request_glossary_check
from core.text import xml_safe

router = APIRouter()

MAX_PHRASE = 200  # a concordance phrase: a term or a turn of phrase


def _search(find: str, replace: str, match_case: str, whole_word: str) -> Search:
    return Search(
        find=xml_safe(find)[:MAX_FIND],
        replace=xml_safe(replace)[:MAX_FIND],
        match_case=bool(match_case),
        whole_word=bool(whole_word),
    )


@router.get("/articles/{article_id}/replace", response_class=HTMLResponse)
def replace_preview(
    request: Request,
    article_id: int,
    session: SessionDep,
    user: ReviewerWebUser,
    find: Annotated[str, Query()] = "",
    replace: Annotated[str, Query()] = "",
    match_case: Annotated[str, Query()] = "",
    whole_word: Annotated[str, Query()] = "",
) -> HTMLResponse:
    """What replacing would change, segment by segment, before anything is saved."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    search = _search(find, replace, match_case, whole_word)
    context = {
        "article": article,
        "search": search,
        "changes": preview(session, article.id, search) if search.find else [],
        "editable": article.state in EDITABLE,
    }
    return answer(request, user, "_replace_preview.html", context)


@router.post("/articles/{article_id}/replace", response_model=None)
def replace_apply(
    request: Request,
    article_id: int,
    session: SessionDep,
    user: ReviewerWebUser,
    find: Annotated[str, Form()] = "",
    replace: Annotated[str, Form()] = "",
    match_case: Annotated[str, Form()] = "",
    whole_word: Annotated[str, Form()] = "",
    change: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Save the changes the preview listed and the translator kept ("segment id:version"
    each); a segment saved since the preview is reported, not overwritten."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    search = _search(find, replace, match_case, whole_word)
    versions = _versions(change or [])
    context: dict[str, Any] = {"article": article, "search": search, "refused": None}
    try:
        applied = apply(session, article, search, versions, user.id) if search.find else None
    except ReviewConflict as conflict:
        session.rollback()
        context["refused"] = _refusal(request, user, conflict)
        return answer(request, user, "_replace_result.html", context, status_code=409)
    if applied and applied.saved:
        request_glossary_check(article.id)
    context |= _result_context(session, article, applied)
    return answer(request, user, "_replace_result.html", context)


def _versions(pairs: list[str]) -> dict[int, int]:
    """{segment id: version} from the preview's "id:version" checkboxes; junk is skipped."""
    versions: dict[int, int] = {}
    for pair in pairs:
        segment_id, _, version = pair.partition(":")
        if segment_id.isdigit() and version.isdigit():
            versions[int(segment_id)] = int(version)
    return versions


def _result_context(session: Session, article: Article, applied: Any) -> dict[str, Any]:
    """The report, and the saved segments to swap into the page (their new versions)."""
    saved_ids = applied.saved if applied else []
    segments = session.exec(
        select(Segment)
        .where(Segment.id.in_(saved_ids))
        .order_by(Segment.paragraph_id, Segment.index)
    ).all()
    views = segment_views(session, list(segments))
    return {
        "applied": applied,
        "saved_views": views,
        "editable": article.state in EDITABLE,
        "names": names_for(session, views),
        # The worker re-checks the glossary: each swapped-in segment asks for its findings.
        "refresh": REFRESHES,
        "refresh_delay_ms": 1500,
        **effort_context(session, article.id),
    }


def _refusal(request: Request, user: User, conflict: ReviewConflict) -> str:
    """Why nothing was replaced, in the reader's language."""
    _ = gettext_for(request, user)
    holder = conflict.detail.get("claimed_by")
    if holder:
        return _("%(name)s holds the claim on this article: nothing was replaced.") % {
            "name": holder
        }
    return _("The article is no longer in review: nothing was replaced.")


@router.get("/articles/{article_id}/concordance", response_class=HTMLResponse)
def concordance_search(
    request: Request,
    article_id: int,
    session: SessionDep,
    user: AnyWebUser,
    q: Annotated[str, Query(max_length=MAX_PHRASE)] = "",
) -> HTMLResponse:
    """Earlier translations of a phrase (in the article's source language), newest first."""
    article = session.get(Article, article_id)
    if article is None:
        return not_found(request, user, "article", article_id)
    phrase = xml_safe(q).strip()
    hits = concordance(session, phrase, language=article.language) if phrase else []
    context = {"article": article, "phrase": phrase, "hits": hits}
    return answer(request, user, "_concordance.html", context)
