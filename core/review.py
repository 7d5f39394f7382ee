"""Review decisions shared by the API and the web UI: save, dismiss, comment, approve, reject."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, select

from core import qa
from core.config import get_settings
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
from core.notifications import notify, notify_assignment, notify_decision
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
CLAIM_REFUSED = "Someone else has claimed this article; ask an editor to reassign it."


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
    Another user's unexpired claim refuses the save; a save claims a free (or expired)
    article for the saver and keeps the holder's claim fresh.
    `origin` is kept in the history: "human", "tm" (a memory match) or "replace".
    """
    target = xml_safe(target).strip()
    article = session.get(Article, segment.article_id)
    if article.state not in EDITABLE:
        raise ReviewConflict(
            f"The article is '{article.state}'; only articles in review can be edited."
        )
    # The saver holds the claim (taking it when free or expired) before the text lands.
    _hold_claim(session, article, user_id)
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
    found = {segment.id: [(issue.code, issue.message, issue.params) for issue in issues]}
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
        check_claim(session, session.get(Article, finding.article_id), user_id)
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
    check_claim(session, article, user_id)
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
    notify_decision(session=session, article=article, kind="approved", actor_id=user_id)
    session.commit()
    return article


def reject(*, session: Session, article: Article, user_id: int, note: str) -> Article:
    check_claim(session, article, user_id)
    _move(session, article, S.REJECTED, user_id, xml_safe(note).strip() or "rejected")
    notify_decision(session=session, article=article, kind="rejected", actor_id=user_id, note=note)
    session.commit()
    return article


def assign(*, session: Session, article: Article, assignee: User, by: User) -> Article:
    """Claim (assignee is the caller) or assign an article in review.

    A claim someone else holds refuses a claim until its holder has been idle for
    `claim_idle_minutes`; an editor's assignment (or takeover) always goes through.
    """
    if article.state != S.IN_REVIEW:
        raise ReviewConflict(f"The article is '{article.state}', not in review.")
    if assignee.role not in (Role.TRANSLATOR, Role.EDITOR, Role.ADMIN):
        raise ReviewConflict(f"{assignee.name} cannot review articles.")
    if assignee.id == by.id:
        _hold_claim(session, article, by.id, refusal=CLAIM_REFUSED)
    else:
        article.assignee_id, article.claimed_at = assignee.id, datetime.now(UTC)
        session.add(article)
    notify_assignment(session=session, article=article, assignee=assignee, by=by)
    session.commit()
    session.refresh(article)
    return article


def take_over(*, session: Session, article: Article, by: User) -> Article:
    """An editor takes a claimed article for themselves, whoever holds it and however recently."""
    if by.role not in (Role.EDITOR, Role.ADMIN):
        raise ReviewConflict("Only editors can take over a claimed article.")
    if article.state != S.IN_REVIEW:
        raise ReviewConflict(f"The article is '{article.state}', not in review.")
    previous = article.assignee_id
    article.assignee_id, article.claimed_at = by.id, datetime.now(UTC)
    session.add(article)
    if previous is not None and previous != by.id:
        # The translator who held it hears that it is now someone else's.
        notify(
            session=session,
            article_id=article.id,
            kind="assigned",
            actor_id=by.id,
            note=by.name,
            recipient_id=previous,
        )
    session.commit()
    session.refresh(article)
    return article


def claim_cutoff() -> datetime:
    """Claims whose holder was last active before this no longer keep others out."""
    return datetime.now(UTC) - timedelta(minutes=get_settings().claim_idle_minutes)


def claim_expires(article: Article) -> datetime | None:
    """When the current claim stops keeping others out (None: nobody holds one)."""
    if article.assignee_id is None or article.claimed_at is None:
        return None
    claimed = article.claimed_at
    if claimed.tzinfo is None:  # SQLite hands back naive UTC datetimes
        claimed = claimed.replace(tzinfo=UTC)
    return claimed + timedelta(minutes=get_settings().claim_idle_minutes)


def lock_holder(article: Article, user_id: int | None) -> int | None:
    """The user whose unexpired claim keeps `user_id` out of the article, if any.

    An assignment without activity time (rows from before claims expired) keeps others
    out until its holder saves or an editor takes over.
    """
    if article.assignee_id is None or article.assignee_id == user_id:
        return None
    expires = claim_expires(article)
    if expires is not None and expires <= datetime.now(UTC):
        return None
    return article.assignee_id


def check_claim(session: Session, article: Article, user_id: int) -> None:
    """ReviewConflict (409) when another user's unexpired claim keeps `user_id` out."""
    holder = lock_holder(article, user_id)
    if holder is not None:
        raise _claimed(session, article, holder)


def _claimed(
    session: Session, article: Article, holder_id: int, message: str | None = None
) -> ReviewConflict:
    """The refusal, naming the holder; `detail` also says until when the claim holds."""
    holder = session.get(User, holder_id)
    name = holder.name if holder is not None else f"user {holder_id}"
    expires = claim_expires(article)
    return ReviewConflict(
        message
        or f"This article is claimed by {name}; only they can change it until an editor "
        "takes it over or the claim expires.",
        claimed_by=name,
        claimed_by_id=holder_id,
        claim_expires=expires.isoformat() if expires else None,
    )


def _hold_claim(
    session: Session, article: Article, user_id: int, refusal: str | None = None
) -> None:
    """Take or refresh `user_id`'s claim in one conditional update, so that two people
    claiming (or saving into) a free article at once cannot both get it."""
    now = datetime.now(UTC)
    free = or_(
        Article.assignee_id.is_(None),
        Article.assignee_id == user_id,
        Article.claimed_at < claim_cutoff(),
    )
    result = session.execute(
        update(Article)
        .where(Article.id == article.id, free)
        .values(assignee_id=user_id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        session.refresh(article)
        raise _claimed(session, article, article.assignee_id, refusal)
    session.refresh(article)


def _move(session: Session, article: Article, to: ArticleState, user_id: int, why: str) -> None:
    if article.state != S.IN_REVIEW:
        raise ReviewConflict(f"The article is '{article.state}', not in review.")
    if not transition(
        session=session, article=article, to=to, actor="user", user_id=user_id, reason=why
    ):
        session.rollback()
        raise ReviewConflict("The article changed state meanwhile; reload and try again.")
