"""Translation memory, exact: approved targets of identical source segments."""

import hashlib
import unicodedata

from sqlmodel import Session, select

from core.models import Segment, SegmentState


def source_key(text: str) -> str:
    """Same key for texts that differ only in Unicode form or spacing."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode()).hexdigest()


def lookup(session: Session, language: str, keys: set[str]) -> dict[str, str]:
    """The newest approved target for each key, in this source language."""
    if not keys:
        return {}
    rows = session.exec(
        select(Segment.source_key, Segment.target)
        .where(
            Segment.source_key.in_(keys),
            Segment.source_language == language,
            Segment.state == SegmentState.APPROVED,
            Segment.target != "",
        )
        .order_by(Segment.id)
    ).all()
    return {key: target for key, target in rows}  # later rows (newer) win
