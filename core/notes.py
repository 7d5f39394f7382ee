"""An article's notes: why it was rejected, and why an editor sent it back to review.

They are read from the transition log rather than stored apart, so a note is
exactly the reason recorded with the move and can never disagree with the
article's history. Notes come oldest first, as a conversation reads; the
newest is the last one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, and_, or_, select

from core.models import ArticleTransition, Publication, User
from core.states import ArticleState

S = ArticleState
REJECT, REOPEN = "reject", "reopen"
# What the log records when nobody wrote a note (core/publishing.py, core/review.py):
# the pages say "no note" in the reader's language instead of showing these.
REOPEN_NOTE = "reopened for a correction"
BACK_TO_REVIEW_NOTE = "sent back to review"
UNWRITTEN = frozenset({REOPEN_NOTE, BACK_TO_REVIEW_NOTE, "rejected", ""})
# A person moving the article back to review from these states reopens it; the
# worker's move from translating to review is not a note.
REOPENED_FROM = (S.APPROVED.value, S.PUBLISHED.value, S.REJECTED.value)


@dataclass(frozen=True)
class Note:
    """One note: `kind` is "reject" or "reopen"; `by` the person's name, when known."""

    kind: str
    text: str
    by: str | None
    at: datetime
    from_state: str  # for a reopen: "rejected", "approved" or "published"

    @property
    def written(self) -> bool:
        """False when the text is only what core records for a move without a note."""
        return self.text not in UNWRITTEN


def _is_note():
    """The transitions that carry a note: every rejection, and a person's reopen."""
    return or_(
        ArticleTransition.to_state == S.REJECTED.value,
        and_(
            ArticleTransition.to_state == S.IN_REVIEW.value,
            ArticleTransition.from_state.in_(REOPENED_FROM),
            ArticleTransition.actor == "user",
        ),
    )


def notes_by_article(session: Session, article_ids: Iterable[int]) -> dict[int, list[Note]]:
    """Each article's notes, oldest first, in one query (the queue asks for a page of them)."""
    ids = list(set(article_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(ArticleTransition, User.name)
        .outerjoin(User, User.id == ArticleTransition.user_id)
        .where(ArticleTransition.article_id.in_(ids), _is_note())
        .order_by(ArticleTransition.id)
    ).all()
    notes: dict[int, list[Note]] = {}
    for move, name in rows:
        notes.setdefault(move.article_id, []).append(_note(move, name))
    return notes


def article_notes(session: Session, article_id: int) -> list[Note]:
    """The article's notes, oldest first."""
    return notes_by_article(session, [article_id]).get(article_id, [])


def published_versions(session: Session, article_ids: Iterable[int]) -> dict[int, int]:
    """The live (or last) published version of each article that has a publication.

    An article in review with one is a correction, not new work.
    """
    ids = list(set(article_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(Publication.article_id, Publication.version).where(Publication.article_id.in_(ids))
    ).all()
    return dict(rows)


def _note(move: ArticleTransition, name: str | None) -> Note:
    kind = REJECT if move.to_state == S.REJECTED.value else REOPEN
    at = move.at if move.at.tzinfo else move.at.replace(tzinfo=UTC)  # SQLite: naive UTC
    return Note(kind=kind, text=move.reason or "", by=name, at=at, from_state=move.from_state)
