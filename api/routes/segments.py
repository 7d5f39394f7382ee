"""Segments: versioned saves, QA finding dismissal, history, comments, TM suggestions."""

from fastapi import APIRouter, HTTPException, status
from sqlmodel import Session, select

from api.deps import CurrentUser, ReviewerUser, SessionDep
from api.schemas import (
    CommentIn,
    CommentPublic,
    DismissNote,
    FindingPublic,
    SegmentSave,
    SegmentSaved,
    Suggestion,
    VersionPublic,
)
from core.history import segment_history
from core.memory import fuzzy_matches
from core.models import Comment, Finding, Segment
from core.review import create_comment, dismiss_finding, request_glossary_check, save_segment

router = APIRouter(prefix="/api/v1/segments", tags=["review"])


@router.put(
    "/{segment_id}",
    responses={409: {"description": "Someone saved first, or another user holds the claim"}},
)
def save(
    segment_id: int, body: SegmentSave, session: SessionDep, user: ReviewerUser
) -> SegmentSaved:
    """Save a segment's Indonesian text; a stale version gets 409 with the current text,
    another user's unexpired claim 409 naming them. The save claims a free article."""
    segment = _segment(session, segment_id)
    save_segment(
        session=session,
        segment=segment,
        target=body.target,
        version=body.version,
        user_id=user.id,
        active_ms=body.active_ms,
    )
    request_glossary_check(segment.article_id)
    return SegmentSaved.model_validate(segment, from_attributes=True)


@router.post(
    "/{segment_id}/findings/{finding_id}/dismiss",
    responses={409: {"description": "Another user holds the claim"}},
)
def dismiss(
    segment_id: int, finding_id: int, body: DismissNote, session: SessionDep, user: ReviewerUser
) -> FindingPublic:
    """Dismiss a QA finding; who dismissed it, when and why are kept."""
    finding = session.get(Finding, finding_id)
    if finding is None or finding.segment_id != segment_id:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"Segment {segment_id} has no finding {finding_id}."
        )
    dismiss_finding(session=session, finding=finding, user_id=user.id, note=body.note)
    return FindingPublic(
        id=finding.id,
        code=finding.code,
        message=finding.message,
        dismissed_by=finding.dismissed_by_id,
    )


@router.get("/{segment_id}/history")
def history(segment_id: int, session: SessionDep, _: CurrentUser) -> list[VersionPublic]:
    """The draft and every saved version, each with a diff against the one before."""
    segment = _segment(session, segment_id)
    return [
        VersionPublic(
            version=v.version,
            target=v.target,
            user_id=v.user_id,
            saved_at=v.saved_at,
            diff=v.diff,
        )
        for v in segment_history(session, segment)
    ]


@router.get("/{segment_id}/comments")
def comments(segment_id: int, session: SessionDep, _: CurrentUser) -> list[CommentPublic]:
    """Comments on a segment, oldest first."""
    _segment(session, segment_id)
    rows = session.exec(
        select(Comment).where(Comment.segment_id == segment_id).order_by(Comment.id)
    ).all()
    return [CommentPublic.model_validate(row, from_attributes=True) for row in rows]


@router.post("/{segment_id}/comments", status_code=status.HTTP_201_CREATED)
def add_comment(
    segment_id: int, body: CommentIn, session: SessionDep, user: CurrentUser
) -> CommentPublic:
    """Comment on a segment (any signed-in user)."""
    segment = _segment(session, segment_id)
    comment = create_comment(session=session, segment=segment, user_id=user.id, body=body.body)
    return CommentPublic.model_validate(comment, from_attributes=True)


@router.get("/{segment_id}/suggestions")
def suggestions(segment_id: int, session: SessionDep, _: CurrentUser) -> list[Suggestion]:
    """Translation-memory matches from approved segments, fuzzy ones with their percentage."""
    segment = _segment(session, segment_id)
    return [
        Suggestion(source=source, target=target, match=score)
        for source, target, score in fuzzy_matches(session, segment)
    ]


def _segment(session: Session, segment_id: int) -> Segment:
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no segment {segment_id}.")
    return segment
