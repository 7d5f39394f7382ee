"""The review editor's segment requests: save (409 with both texts on a clash),
findings and their dismissal, memory suggestions, comments."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from api.deps import SessionDep
from api.web.deps import AnyWebUser, ReviewerWebUser
from api.web.editor_view import MAX_NOTE, REFRESHES, effort_context, segment_context, user_names
from api.web.render import render
from api.web.replies import answer, back_to, is_htmx, not_found
from core.memory import fuzzy_matches
from core.models import Finding, Segment, SegmentVersion, User
from core.review import (
    ReviewConflict,
    create_comment,
    dismiss_finding,
    request_glossary_check,
    save_segment,
)
from core.text import xml_safe

router = APIRouter()

MAX_TARGET = 10_000  # as the JSON API


MAX_COMMENT = 5_000


MAX_ACTIVE_MS = 86_400_000
SAVE_ORIGINS = ("human", "tm")


@router.get("/segments/{segment_id}", response_class=HTMLResponse)
def segment_block(
    request: Request, segment_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """One segment as saved now (after a conflict: "use theirs")."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return not_found(request, user, "segment", segment_id)
    return render(
        request, "_segment.html", segment_context(session, segment, viewer=user), user=user
    )


@router.post("/segments/{segment_id}", response_model=None)
def save(
    request: Request,
    segment_id: int,
    session: SessionDep,
    user: ReviewerWebUser,
    version: Annotated[int, Form(ge=1)],
    target: Annotated[str, Form()] = "",
    active_ms: Annotated[int | None, Form()] = None,
    origin: Annotated[str, Form()] = "human",
) -> Response:
    """Save a segment's text if the version is current; else 409 with both texts side by side."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return not_found(request, user, "segment", segment_id)
    target = xml_safe(target)  # what is saved, and shown again after a clash
    if len(target) > MAX_TARGET:
        context = segment_context(session, segment, viewer=user, mine=target, too_long=MAX_TARGET)
        return answer(request, user, "_segment.html", context, status_code=422)
    spent = min(max(active_ms, 0), MAX_ACTIVE_MS) if active_ms is not None else None
    try:
        save_segment(
            session=session,
            segment=segment,
            target=target,
            version=version,
            user_id=user.id,
            active_ms=spent,
            # The editor sets "tm" when the text came from a memory match, for the history.
            origin=origin if origin in SAVE_ORIGINS else "human",
        )
    except ReviewConflict as conflict:
        return answer(
            request, user, *_conflict(session, segment, user, target, conflict), status_code=409
        )
    request_glossary_check(segment.article_id)
    if not is_htmx(request):
        return back_to(segment.article_id, segment.id)
    # The worker re-checks the glossary: the block fetches its findings again, a few times.
    context = segment_context(session, segment, viewer=user, saved=True, refresh=REFRESHES)
    context |= effort_context(session, segment.article_id)
    return render(request, "_segment_saved.html", context, user=user)


def _conflict(
    session: Session, segment: Segment, user: User, mine: str, conflict: ReviewConflict
) -> tuple[str, dict[str, Any]]:
    if "current" not in conflict.detail:  # not a version clash: left review, or claimed
        session.refresh(segment)
        context = segment_context(session, segment, viewer=user, mine=mine, locked=True)
        return "_segment.html", context
    latest = session.exec(
        select(SegmentVersion)
        .where(SegmentVersion.segment_id == segment.id)
        .order_by(SegmentVersion.version.desc(), SegmentVersion.id.desc())
    ).first()
    context = segment_context(session, segment, viewer=user, mine=mine, theirs=latest)
    if latest is not None:
        context["names"] |= user_names(session, [latest.user_id])
    return "_segment_conflict.html", context


@router.get("/segments/{segment_id}/findings", response_class=HTMLResponse)
def findings(
    request: Request,
    segment_id: int,
    session: SessionDep,
    user: AnyWebUser,
    poll: Annotated[int, Query(ge=0, le=REFRESHES)] = 0,
) -> HTMLResponse:
    """A segment's findings and glossary marks as they stand; `poll`: times to ask again."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return not_found(request, user, "segment", segment_id)
    context = segment_context(session, segment, viewer=user, refresh=poll)
    return render(request, "_segment_refresh.html", context, user=user)


@router.post("/segments/{segment_id}/findings/{finding_id}/dismiss", response_model=None)
def dismiss(
    request: Request,
    segment_id: int,
    finding_id: int,
    session: SessionDep,
    user: ReviewerWebUser,
    note: Annotated[str, Form(max_length=MAX_NOTE)] = "",
) -> Response:
    """Dismiss a QA finding; who, when and the note are kept and shown."""
    finding = session.get(Finding, finding_id)
    if finding is None or finding.segment_id != segment_id:
        return not_found(request, user, "finding", finding_id)
    try:
        dismiss_finding(session=session, finding=finding, user_id=user.id, note=note)
    except ReviewConflict:  # someone else's claim: their page says who, read-only
        session.rollback()
        if is_htmx(request):
            return Response(status_code=409, headers={"HX-Refresh": "true"})
        return back_to(finding.article_id, segment_id)
    if not is_htmx(request):
        return back_to(finding.article_id, segment_id)
    context = segment_context(session, session.get(Segment, segment_id), viewer=user)
    return render(request, "_segment_findings.html", context, user=user)


@router.get("/segments/{segment_id}/suggestions", response_class=HTMLResponse)
def suggestions(
    request: Request, segment_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """Translation-memory matches for a segment, fuzzy ones with their percentage."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return not_found(request, user, "segment", segment_id)
    context = {"segment": segment, "matches": fuzzy_matches(session, segment)}
    return render(request, "_segment_suggestions.html", context, user=user)


@router.post("/segments/{segment_id}/comments", response_model=None)
def comment(
    request: Request,
    segment_id: int,
    session: SessionDep,
    user: AnyWebUser,
    body: Annotated[str, Form()] = "",
) -> Response:
    """Add a comment to a segment; answers the segment's comment list."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return not_found(request, user, "segment", segment_id)
    body = xml_safe(body)  # a comment of control characters alone is blank
    if not body.strip() or len(body) > MAX_COMMENT:
        context = segment_context(
            session, segment, viewer=user, comment_draft=body, comment_invalid=True
        )
        return answer(request, user, "_segment_comments.html", context, status_code=422)
    create_comment(session=session, segment=segment, user_id=user.id, body=body)
    if not is_htmx(request):
        return back_to(segment.article_id, segment.id)
    context = segment_context(session, segment, viewer=user, comments_open=True)
    return render(request, "_segment_comments.html", context, user=user)
