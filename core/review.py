"""Review decisions shared by the API and the web UI: save, dismiss, comment, approve, reject."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import update
from sqlmodel import Session, select

from core import qa
from core.findings import sync_findings
from core.models import (
    Article,
    Comment,
    Finding,
    Origin,
    Role,
    Segment,
    SegmentState,
    SegmentVersion,
    User,
)
from core.qa import check_segment
from core.queue import GLOSSARY_CHECK, get_celery
from core.states import ArticleState, transition
from core.text import xml_safe

S = ArticleState
QA_CODES = (
    qa.TARGET_EMPTY,
    qa.SAME_AS_SOURCE,
    qa.NUMBERS_CHANGED,
    qa.NAMES_DROPPED,
    qa.REPEATED_WORDS,
    qa.LENGTH_RATIO,
    qa.NOT_INDONESIAN,
    qa.SPACING,
)
EDITABLE = (S.IN_REVIEW,)


class ReviewConflict(Exception):
    """The request does not fit the current state (HTTP 409); `detail` says what does."""

    def __init__(self, message: str, **detail: object) -> None:
        super().__init__(message)
        self.detail = {"message": message, **detail}


@dataclass
class Blockers:
    empty_segments: list[int] = field(default_factory=list)
    open_findings: list[Finding] = field(default_factory=list)


def save_segment(
    *,
    session: Session,
    segment: Segment,
    target: str,
    version: int,
    user_id: int,
    active_ms: int | None = None,
    origin: str = "human",
) -> Segment:
    """Save a translator's text if `version` is still current; else ReviewConflict.

    Control characters pasted with the text (Word's vertical tab) are cleaned, not refused.
    `origin` is kept in the history: "human", "tm" (a memory match) or "replace".
    """
    target = xml_safe(target).strip()
    article = session.get(Article, segment.article_id)
    if article.state not in EDITABLE:
        raise ReviewConflict(
            f"The article is '{article.state}'; only articles in review can be edited."
        )
    # Compare-and-set on the version: two people saving at once cannot both win.
    result = session.execute(
        update(Segment)
        .where(Segment.id == segment.id, Segment.version == version)
        .values(
            target=target,
            origin=Origin.HUMAN,
            state=SegmentState.EDITED,
            version=Segment.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        session.refresh(segment)
        raise ReviewConflict(
            "Someone saved this segment first; compare their text with yours.",
            current={
                "target": segment.target,
                "version": segment.version,
                "origin": segment.origin,
            },
        )
    session.refresh(segment)
    # QA checks on every save; findings that still hold keep their dismissals.
    issues = check_segment(segment.source, segment.target, segment.source_language or "en")
    found = {segment.id: [(issue.code, issue.message) for issue in issues]}
    sync_findings(session, [segment], found, QA_CODES)
    session.add(
        SegmentVersion(
            segment_id=segment.id,
            article_id=segment.article_id,
            version=version + 1,
            target=target,
            user_id=user_id,
            active_ms=active_ms,
            origin=origin,
        )
    )
    session.commit()
    session.refresh(segment)
    return segment


def request_glossary_check(article_id: int) -> None:
    """Glossary findings follow a saved text: the worker re-checks the article."""
    get_celery().send_task(GLOSSARY_CHECK, args=[article_id])


def create_comment(*, session: Session, segment: Segment, user_id: int, body: str) -> Comment:
    comment = Comment(
        segment_id=segment.id,
        article_id=segment.article_id,
        user_id=user_id,
        body=xml_safe(body).strip(),
    )
    session.add(comment)
    session.commit()
    return comment


def dismiss_finding(*, session: Session, finding: Finding, user_id: int, note: str) -> Finding:
    if finding.dismissed_at is None:
        finding.dismissed_by_id, finding.dismissed_at = user_id, datetime.now(UTC)
        finding.dismiss_note = xml_safe(note).strip() or None
        session.add(finding)
        session.commit()
    return finding


def blockers(session: Session, article: Article) -> Blockers:
    empty = session.exec(
        select(Segment.id).where(Segment.article_id == article.id, Segment.target == "")
    ).all()
    findings = session.exec(
        select(Finding).where(Finding.article_id == article.id, Finding.dismissed_at.is_(None))
    ).all()
    return Blockers(list(empty), list(findings))


def approve(*, session: Session, article: Article, user_id: int) -> Article:
    """Approve when no segment is empty and every finding is dismissed; segments feed the TM."""
    found = blockers(session, article)
    if found.empty_segments or found.open_findings:
        raise ReviewConflict(
            f"Not yet: {len(found.empty_segments)} empty segment(s) and "
            f"{len(found.open_findings)} open QA finding(s).",
            empty_segments=found.empty_segments,
            open_findings=[
                {"id": f.id, "segment_id": f.segment_id, "code": f.code, "message": f.message}
                for f in found.open_findings
            ],
        )
    _move(session, article, S.APPROVED, user_id, "approved")
    session.execute(
        update(Segment).where(Segment.article_id == article.id).values(state=SegmentState.APPROVED)
    )
    session.commit()
    return article


def reject(*, session: Session, article: Article, user_id: int, note: str) -> Article:
    _move(session, article, S.REJECTED, user_id, xml_safe(note).strip() or "rejected")
    session.commit()
    return article


def assign(*, session: Session, article: Article, assignee: User, by: User) -> Article:
    """Claim (assignee is the caller) or assign an article in review."""
    if article.state != S.IN_REVIEW:
        raise ReviewConflict(f"The article is '{article.state}', not in review.")
    claiming = assignee.id == by.id
    if claiming and article.assignee_id not in (None, by.id):
        raise ReviewConflict(
            "Someone else has claimed this article; ask an editor to reassign it.",
            assignee_id=article.assignee_id,
        )
    if assignee.role not in (Role.TRANSLATOR, Role.EDITOR, Role.ADMIN):
        raise ReviewConflict(f"{assignee.name} cannot review articles.")
    article.assignee_id = assignee.id
    session.add(article)
    session.commit()
    return article


def _move(session: Session, article: Article, to: ArticleState, user_id: int, why: str) -> None:
    if article.state != S.IN_REVIEW:
        raise ReviewConflict(f"The article is '{article.state}', not in review.")
    if not transition(
        session=session, article=article, to=to, actor="user", user_id=user_id, reason=why
    ):
        session.rollback()
        raise ReviewConflict("The article changed state meanwhile; reload and try again.")
