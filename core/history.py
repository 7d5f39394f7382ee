"""A segment's saved versions, each with a diff against the one before.

Shared by the JSON history (a unified diff of words, for programs) and the web
UI's history page (the same comparison as inline insertions and deletions).
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from core.models import Segment, SegmentVersion

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True)
class Version:
    version: int
    target: str
    user_id: int | None  # None: the machine (or memory) draft
    saved_at: datetime | None
    active_ms: int | None
    diff: str  # unified diff of words against the previous version
    changes: list[tuple[str, str]]  # (EQUAL | INSERT | DELETE, words) against the previous
    # How a person's text came about: "human" (typed), "tm" (a memory match inserted),
    # "replace" (find and replace); None for the draft and for saves from before.
    origin: str | None = None


def segment_history(session: Session, segment: Segment) -> list[Version]:
    """The draft (version 1) and every saved version of one segment."""
    return article_history(session, [segment])[segment.id]


def article_history(session: Session, segments: Iterable[Segment]) -> dict[int, list[Version]]:
    """Histories of many segments with one query: {segment id: versions, oldest first}."""
    segments = list(segments)
    saved: dict[int, list[SegmentVersion]] = {s.id: [] for s in segments}
    rows = session.exec(
        select(SegmentVersion)
        .where(SegmentVersion.segment_id.in_(list(saved)))
        .order_by(SegmentVersion.segment_id, SegmentVersion.version, SegmentVersion.id)
    ).all()
    for row in rows:
        saved[row.segment_id].append(row)
    return {s.id: _versions(s.draft, saved[s.id]) for s in segments}


def _versions(draft: str, saved: list[SegmentVersion]) -> list[Version]:
    versions = [Version(1, draft, None, None, None, "", [(EQUAL, draft)] if draft else [])]
    for row in saved:
        before = versions[-1].target
        versions.append(
            Version(
                version=row.version,
                target=row.target,
                user_id=row.user_id,
                saved_at=row.saved_at,
                active_ms=row.active_ms,
                diff=unified_word_diff(before, row.target),
                changes=word_changes(before, row.target),
                origin=row.origin,
            )
        )
    return versions


def unified_word_diff(before: str, after: str) -> str:
    return "\n".join(difflib.unified_diff(before.split(), after.split(), lineterm="", n=2))


def word_changes(before: str, after: str) -> list[tuple[str, str]]:
    """`after` as runs of kept, inserted and deleted words (a replacement: delete, then insert)."""
    old, new = before.split(), after.split()
    changes: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.append((EQUAL, " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            changes.append((DELETE, " ".join(old[i1:i2])))
        if j2 > j1:
            changes.append((INSERT, " ".join(new[j1:j2])))
    return changes
