"""Notifications: who hears of approvals, rejections, assignments and failures, and reading
them up to a cursor (core/notifications.py and the hooks in core/review.py, worker/stages.py)."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from core.models import Article, Notification, Role, User
from core.notifications import list_for, mark_read, notify, unread_count
from core.review import approve, assign, reject
from core.security import create_user
from worker.errors import StageError
from worker.stages import STAGES, fail


def person(session: Session, role: Role, name: str) -> User:
    user, _ = create_user(session=session, name=name, role=role)
    session.commit()
    return user


def article(session: Session, state: str = "in_review") -> Article:
    url = f"https://news.example.org/n/{uuid.uuid4().hex}"
    made = Article(submitted_url=url, normalized_url=url, state=state, title="Ankara talks")
    session.add(made)
    session.commit()
    return made


def kinds(session: Session, user: User) -> list[tuple[str, int]]:
    return [(item.kind, item.article_id) for item in list_for(session, user)]


def test_the_desk_hears_of_decisions_and_the_assignee_of_what_concerns_them(
    session: Session,
) -> None:
    editor = person(session, Role.EDITOR, "eda")
    admin = person(session, Role.ADMIN, "ali")
    ayu = person(session, Role.TRANSLATOR, "ayu")
    budi = person(session, Role.TRANSLATOR, "budi")

    first = article(session)
    assign(session=session, article=first, assignee=ayu, by=editor)  # an editor assigns
    second = article(session)
    assign(session=session, article=second, assignee=budi, by=budi)  # a claim: no notice
    approve(session=session, article=first, user_id=ayu.id)
    second.claimed_at = datetime.now(UTC) - timedelta(hours=2)  # Budi's claim went idle
    session.add(second)
    session.commit()
    reject(session=session, article=second, user_id=editor.id, note="Paywalled; paste it.")

    # The editor does not hear of their own assignment and rejection; the admin hears all.
    assert kinds(session, editor) == [("approved", first.id)]
    assert kinds(session, admin) == [
        ("rejected", second.id),
        ("approved", first.id),
        ("assigned", first.id),
    ]
    # Ayu hears she was assigned (her own approval is not news to her); Budi that his
    # article was sent back, with the note.
    (assigned,) = list_for(session, ayu)
    assert (assigned.kind, assigned.personal, assigned.note) == ("assigned", True, "ayu")
    (sent_back,) = list_for(session, budi)
    assert (sent_back.kind, sent_back.note, sent_back.actor) == (
        "rejected",
        "Paywalled; paste it.",
        "eda",
    )
    assert sent_back.title == "Ankara talks" and sent_back.unread
    assert [unread_count(session, u) for u in (editor, admin, ayu, budi)] == [1, 3, 1, 1]


def test_a_failure_tells_every_editor_why(session: Session) -> None:
    editor = person(session, Role.EDITOR, "eda")
    translator = person(session, Role.TRANSLATOR, "ayu")
    failing = article(session, state="fetching")
    fail(session, failing.id, STAGES["fetch"], StageError("http_error", "The server said 404."))
    (item,) = list_for(session, editor)
    assert (item.kind, item.actor, item.note) == (
        "failed",
        None,
        "http_error: The server said 404.",
    )
    assert list_for(session, translator) == []
    # A failure that lost the race (the state moved on) notifies nobody.
    fail(session, failing.id, STAGES["fetch"], StageError("http_error", "Again."))
    assert len(session.exec(select(Notification)).all()) == 1


def test_reading_moves_a_cursor_that_keeps_later_notifications_unread(session: Session) -> None:
    editor = person(session, Role.EDITOR, "eda")
    subject = article(session)
    first = notify(session=session, article_id=subject.id, kind="failed", actor_id=None)
    second = notify(session=session, article_id=subject.id, kind="failed", actor_id=None)
    session.commit()
    assert unread_count(session, editor) == 2

    assert mark_read(session, editor, up_to=first.id) == first.id  # what the page showed
    assert unread_count(session, editor) == 1
    assert [item.unread for item in list_for(session, editor)] == [True, False]
    assert mark_read(session, editor, up_to=0) == first.id  # never backwards
    assert mark_read(session, editor) == second.id  # everything
    assert unread_count(session, editor) == 0
    assert session.get(User, editor.id).notifications_seen_id == second.id
