"""Publish, correct, kill: the article's public life, shared by the API and (later) the UI.

A publication keeps one public id for life; each correction is a new version
with a public note; a kill withdraws it everywhere. Every change writes one
event (the changes feed and webhooks) in the same transaction as the state.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session, select

from core.articles import ArticleConflict
from core.config import get_settings
from core.models import (
    Article,
    Publication,
    PublicationEvent,
    PubStatus,
    Source,
)
from core.notes import BACK_TO_REVIEW_NOTE, REOPEN_NOTE
from core.snapshot import snapshot
from core.states import ArticleState, transition
from core.text import xml_safe
from core.webhooks import create_deliveries, enqueue

S = ArticleState
# Any constant works: it names the lock that orders event ids by commit (below).
_EVENT_LOCK = 727_006


class PublishInvalid(ValueError):
    """The request lacks something a person must add (HTTP 422)."""


def publication_of(session: Session, article_id: int) -> Publication | None:
    return session.exec(select(Publication).where(Publication.article_id == article_id)).first()


def publish(
    *,
    session: Session,
    article: Article,
    user_id: int | None,
    headline: str | None = None,
    correction_note: str | None = None,
) -> Publication:
    """First publication (version 1), or a correction (next version, with a public note).

    Headline and note reach partners' XML feeds: control characters are cleaned out.
    """
    headline = xml_safe(headline) if headline else headline
    publication = publication_of(session, article.id)
    if publication is not None and publication.status == PubStatus.CANCELED:
        raise ArticleConflict(
            f"Article {article.id} was killed on {_day(publication.killed_at)} "
            f"({publication.kill_reason}); a killed article is never published again."
        )
    if article.state != S.APPROVED:
        raise ArticleConflict(_not_publishable(article, publication))
    note = xml_safe(correction_note or "").strip() or None
    if publication is not None and note is None:
        raise PublishInvalid(
            f"Article {article.id} is published already (version {publication.version}); "
            "a new version needs a correction_note telling readers what changed."
        )
    if publication is None and note is not None:
        raise PublishInvalid(
            "A first publication has nothing to correct; leave out correction_note."
        )
    source = session.get(Source, article.source_id) if article.source_id else None
    if source is None:
        raise ArticleConflict(f"Article {article.id} has no source outlet to credit.")
    version = publication.version + 1 if publication else 1
    frozen = snapshot(session, article, source, publication, headline, note, version)
    reason = f"published version {version}" + (f": {note}" if note else "")
    _move(session, article, S.PUBLISHED, user_id, reason)
    now = datetime.now(UTC)
    if publication is None:
        publication = Publication(
            article_id=article.id,
            public_id=str(uuid.uuid4()),
            first_published_at=now,
            **frozen,
        )
    else:
        for key, value in frozen.items():
            setattr(publication, key, value)
    publication.version, publication.version_at, publication.published_by_id = version, now, user_id
    _announce(session, publication, "created" if version == 1 else "updated", note, user_id, now)
    return publication


def kill(*, session: Session, article: Article, user_id: int | None, reason: str) -> Publication:
    """Withdraw the published article from every feed, listing and partner, for good."""
    publication = publication_of(session, article.id)
    if publication is None:
        raise ArticleConflict(
            f"Article {article.id} was never published, so there is nothing to kill; "
            "reject it instead."
        )
    if publication.status == PubStatus.CANCELED:
        raise ArticleConflict(
            f"Article {article.id} was already killed on {_day(publication.killed_at)}."
        )
    reason = xml_safe(reason).strip()
    if not reason:
        raise PublishInvalid("A kill needs a reason; partners are told it.")
    # Under correction (reopened: in review, rejected or approved again) the live
    # version is withdrawn all the same: a legal kill cannot wait for a re-approval.
    _move(session, article, S.KILLED, user_id, reason)
    now = datetime.now(UTC)
    publication.status, publication.killed_at = PubStatus.CANCELED, now
    publication.kill_reason, publication.killed_by_id = reason, user_id
    _announce(session, publication, "killed", reason, user_id, now)
    return publication


REOPENABLE = (S.APPROVED, S.PUBLISHED, S.REJECTED)


def reopen(*, session: Session, article: Article, user_id: int | None, note: str) -> Article:
    """Back to review: a correction of an approved or published article (whose published
    version stays live until then), or a rejected article sent back for another pass.

    The segments are left as they are, so a translator's edits are kept; the note
    (see core/notes.py) tells whoever opens the article next what to change.
    """
    if article.state not in REOPENABLE:
        raise ArticleConflict(
            "Only approved, published or rejected articles can be reopened (sent back to "
            f"review); article {article.id} is '{article.state}'."
        )
    publication = publication_of(session, article.id)
    if publication is not None and publication.status == PubStatus.CANCELED:
        raise ArticleConflict(f"Article {article.id} was killed; it cannot be corrected.")
    default = BACK_TO_REVIEW_NOTE if article.state == S.REJECTED else REOPEN_NOTE
    note = xml_safe(note or "").strip() or default
    _move(session, article, S.IN_REVIEW, user_id, note)
    session.commit()
    return article


def _move(
    session: Session, article: Article, to: ArticleState, user_id: int | None, reason: str
) -> None:
    if not transition(
        session=session, article=article, to=to, actor="user", user_id=user_id, reason=reason
    ):
        session.rollback()
        raise ArticleConflict("The article changed state meanwhile; reload and try again.")


def _announce(
    session: Session,
    publication: Publication,
    kind: str,
    note: str | None,
    user_id: int | None,
    at: datetime,
) -> None:
    """Write the event and its webhook deliveries, commit, then queue the deliveries."""
    session.add(publication)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Event ids are the partners' cursor, so they must become visible in id
        # order: a transaction that took id 10 and commits after the one with id
        # 11 would be skipped by a partner already past 11. One lock serialises
        # event writers (publishing is rare); SQLite has a single writer anyway.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _EVENT_LOCK})
    event = PublicationEvent(
        publication_id=publication.id,
        source_id=publication.source_id,
        kind=kind,
        version=publication.version,
        note=note,
        user_id=user_id,
        at=at,
    )
    session.add(event)
    session.flush()
    publication.last_event_id = event.id
    session.add(publication)
    domain = session.get(Source, publication.source_id).domain
    deliveries = create_deliveries(
        session=session,
        event=event,
        publication=publication,
        domain=domain,
        base_url=get_settings().public_base_url(),
    )
    session.commit()
    enqueue([delivery.id for delivery in deliveries])


def _not_publishable(article: Article, publication: Publication | None) -> str:
    if article.state == S.PUBLISHED and publication is not None:
        return (
            f"Article {article.id} is published (version {publication.version}). To correct "
            "it, reopen it, edit and approve it, then publish it with a correction_note."
        )
    return f"Only approved articles can be published; article {article.id} is '{article.state}'."


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else "an earlier date"
