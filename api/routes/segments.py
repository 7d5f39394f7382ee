"""Segments: translators save their text (versioned) and dismiss QA findings."""

from fastapi import APIRouter, HTTPException, status

from api.deps import ReviewerUser, SessionDep
from api.schemas import DismissNote, FindingPublic, SegmentSave, SegmentSaved
from core.models import Finding, Segment
from core.queue import GLOSSARY_CHECK, get_celery
from core.review import ReviewConflict, dismiss_finding, save_segment

router = APIRouter(prefix="/api/v1/segments", tags=["review"])


@router.put("/{segment_id}", responses={409: {"description": "Someone saved first"}})
def save(segment_id: int, body: SegmentSave, session: SessionDep, _: ReviewerUser) -> SegmentSaved:
    """Save a segment's Indonesian text; a stale version gets 409 with the current text."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no segment {segment_id}.")
    try:
        save_segment(session=session, segment=segment, target=body.target, version=body.version)
    except ReviewConflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, exc.detail) from exc
    # Glossary findings follow the new text (checked by the worker).
    get_celery().send_task(GLOSSARY_CHECK, args=[segment.article_id])
    return SegmentSaved.model_validate(segment, from_attributes=True)


@router.post("/{segment_id}/findings/{finding_id}/dismiss")
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
