"""Notifications: what the desk should hear about without watching every row.

An approval, a rejection, an assignment or a pipeline failure leaves a row in
`notification`, written in the same transaction as the change it reports (the
caller commits). A row without a recipient is for every editor and admin; one
with a recipient is for that person alone (a translator hears of articles assigned
to them, and of their articles being sent back). Nobody is notified of what they
did themselves. A user has read everything up to `User.notifications_seen_id`.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, false, or_
from sqlmodel import Session, func, select

from core.models import Article, Notification, Role, User
from core.text import xml_safe

DESK_ROLES = (Role.EDITOR, Role.ADMIN)  # who sees the notifications without a recipient
PAGE_SIZE = 50


class Kind(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    ASSIGNED = "assigned"
    FAILED = "failed"


@dataclass
class Item:
    """A notification as a list shows it: with the article's title and the actor's name."""

    id: int
    article_id: int
    kind: str
    note: str | None
    created_at: datetime
    title: str | None
    actor: str | None
    unread: bool
    personal: bool  # addressed to this user alone (not to the whole desk)


def notify(
    *,
    session: Session,
    article_id: int,
    kind: str,
    actor_id: int | None,
    note: str | None = None,
    recipient_id: int | None = None,
) -> Notification:
    """Record a notification in the caller's transaction (the caller commits)."""
    notification = Notification(
        article_id=article_id,
        kind=Kind(kind).value,
        actor_id=actor_id,
        note=(xml_safe(note).strip() or None) if note else None,
        recipient_id=recipient_id,
    )
    session.add(notification)
    return notification


def notify_decision(
    *, session: Session, article: Article, kind: str, actor_id: int, note: str | None = None
) -> None:
    """An approval or rejection: the editors hear of it, and so does the translator the
    article is assigned to when someone else decided (a rejection sends it back to them)."""
    notify(session=session, article_id=article.id, kind=kind, actor_id=actor_id, note=note)
    assignee_id = article.assignee_id
    if assignee_id is not None and assignee_id != actor_id and not _is_desk(session, assignee_id):
        notify(
            session=session,
            article_id=article.id,
            kind=kind,
            actor_id=actor_id,
            note=note,
            recipient_id=assignee_id,
        )


def notify_assignment(*, session: Session, article: Article, assignee: User, by: User) -> None:
    """An editor gives an article to someone: the assignee hears of it, and so do the
    other editors. A translator claiming an article for themselves notifies nobody: the
    dashboard row already says who has it, and claims are too frequent to announce."""
    if assignee.id == by.id:
        return
    # The note names the assignee: the desk's copy has no recipient to say who it was.
    about = {"session": session, "article_id": article.id, "kind": Kind.ASSIGNED}
    notify(**about, actor_id=by.id, note=assignee.name)
    if assignee.role not in DESK_ROLES:  # editors see the one above already
        notify(**about, actor_id=by.id, note=assignee.name, recipient_id=assignee.id)


def visible_to(user: User) -> ColumnElement[bool]:
    """The notifications `user` sees: their own, plus the desk's for editors and admins,
    never the ones about what they did themselves."""
    mine = Notification.recipient_id == user.id
    desk = Notification.recipient_id.is_(None) if user.role in DESK_ROLES else false()
    not_own = or_(Notification.actor_id.is_(None), Notification.actor_id != user.id)
    return and_(or_(mine, desk), not_own)


def unread_count(session: Session, user: User) -> int:
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(visible_to(user), Notification.id > user.notifications_seen_id)
    ).one()


def list_for(
    session: Session, user: User, *, limit: int = PAGE_SIZE, before_id: int | None = None
) -> list[Item]:
    """The user's notifications, newest first, with article titles and actors' names."""
    statement = (
        select(Notification, Article.title, User.name)
        .join(Article, Article.id == Notification.article_id)
        .outerjoin(User, User.id == Notification.actor_id)
        .where(visible_to(user))
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        statement = statement.where(Notification.id < before_id)
    return [
        Item(
            id=n.id,
            article_id=n.article_id,
            kind=n.kind,
            note=n.note,
            created_at=n.created_at,
            title=title,
            actor=actor,
            unread=n.id > user.notifications_seen_id,
            personal=n.recipient_id is not None,
        )
        for n, title, actor in session.exec(statement).all()
    ]


def mark_read(session: Session, user: User, up_to: int | None = None) -> int:
    """Everything up to `up_to` (default: the newest the user can see) counts as read.

    Passing the newest id the page showed keeps a notification that arrived after the
    page was drawn unread. The cursor never moves backwards. Answers the new cursor.
    """
    newest = session.exec(select(func.max(Notification.id)).where(visible_to(user))).one() or 0
    target = newest if up_to is None else min(up_to, newest)
    if target > user.notifications_seen_id:
        user.notifications_seen_id = target
        session.add(user)
        session.commit()
    return user.notifications_seen_id


def _is_desk(session: Session, user_id: int) -> bool:
    role = session.exec(select(User.role).where(User.id == user_id)).first()
    return role in DESK_ROLES
