"""Helpers for the toolbar's browser tests: an earlier article approved straight in the
database (it feeds the translation memory), and origins read back from the history."""

from sqlmodel import Session, select

from core.db import get_engine
from core.models import Article, Finding, Role, Segment, SegmentVersion
from core.review import approve, dismiss_finding, save_segment
from tests.support import Stack
from tests.web.desk.support import person


def approve_directly(desk: Stack, article_id: int, texts: dict[str, str]) -> None:
    """Save `texts` ({source: Indonesian}) into the article's segments, dismiss what the
    checks find, and approve it: its segments are in the translation memory from now on."""
    editor = person(desk, Role.EDITOR)
    with Session(get_engine(desk.database_url), expire_on_commit=False) as session:
        segments = session.exec(select(Segment).where(Segment.article_id == article_id)).all()
        for segment in segments:
            target = texts.get(segment.source, segment.target or segment.source)
            save_segment(
                session=session,
                segment=segment,
                target=target,
                version=segment.version,
                user_id=editor.id,
            )
        findings = session.exec(
            select(Finding).where(Finding.article_id == article_id, Finding.dismissed_at.is_(None))
        ).all()
        for finding in findings:
            dismiss_finding(session=session, finding=finding, user_id=editor.id, note="test")
        approve(session=session, article=session.get(Article, article_id), user_id=editor.id)


def origins(desk: Stack, segment_id: int) -> list[tuple[int, str | None]]:
    """(version, origin) of every save of the segment, oldest first."""
    with Session(get_engine(desk.database_url)) as session:
        return list(
            session.exec(
                select(SegmentVersion.version, SegmentVersion.origin)
                .where(SegmentVersion.segment_id == segment_id)
                .order_by(SegmentVersion.version)
            ).all()
        )
