"""Post-editing effort: how far the approved text moved from the machine draft."""

import csv
import io
from dataclasses import astuple, dataclass, fields

from rapidfuzz.distance import Levenshtein
from sqlmodel import Session, func, select

from core.models import Segment, SegmentVersion


@dataclass(frozen=True)
class Effort:
    segment_id: int
    had_draft: bool  # False: no machine or memory draft; the text is all human
    edit_distance: int  # characters inserted, deleted or replaced
    edit_ratio: float  # 0 = untouched, 1 = rewritten
    active_seconds: float
    untouched: bool


@dataclass(frozen=True)
class EffortSummary:
    segments: int
    drafted: int  # segments that had a machine or memory draft
    untouched: int  # drafted segments approved (or left) as drafted
    edit_distance: int
    mean_edit_ratio: float  # over drafted segments
    active_seconds: float


def article_effort(session: Session, article_id: int) -> list[Effort]:
    segments = session.exec(
        select(Segment)
        .where(Segment.article_id == article_id)
        .order_by(Segment.paragraph_id, Segment.index)
    ).all()
    active = dict(
        session.exec(
            select(SegmentVersion.segment_id, func.coalesce(func.sum(SegmentVersion.active_ms), 0))
            .where(SegmentVersion.article_id == article_id)
            .group_by(SegmentVersion.segment_id)
        ).all()
    )
    return [_effort(segment, active.get(segment.id, 0)) for segment in segments]


def _effort(segment: Segment, active_ms: int) -> Effort:
    distance = Levenshtein.distance(segment.draft, segment.target)
    longest = max(len(segment.draft), len(segment.target), 1)
    return Effort(
        segment_id=segment.id,
        had_draft=bool(segment.draft),
        edit_distance=distance,
        edit_ratio=round(distance / longest, 4),
        active_seconds=active_ms / 1000,
        untouched=bool(segment.draft) and distance == 0,
    )


def summarize(rows: list[Effort]) -> EffortSummary:
    drafted = [row for row in rows if row.had_draft]
    return EffortSummary(
        segments=len(rows),
        drafted=len(drafted),
        untouched=sum(row.untouched for row in rows),
        edit_distance=sum(row.edit_distance for row in rows),
        mean_edit_ratio=round(sum(r.edit_ratio for r in drafted) / len(drafted), 4)
        if drafted
        else 0.0,
        active_seconds=sum(row.active_seconds for row in rows),
    )


def effort_csv(rows: list[Effort]) -> str:
    """One line per segment, the columns named as the Effort fields."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(field.name for field in fields(Effort))
    writer.writerows(astuple(row) for row in rows)
    return out.getvalue()
