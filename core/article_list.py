"""Article listings shared by the JSON API, the dashboard and the review queue."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, func, select

from core.models import Article, Source, User


class InvalidFilter(ValueError):
    """A filter value the listing cannot use; the message says what would do (HTTP 422)."""


@dataclass(frozen=True)
class ArticleFilter:
    states: Collection[str] = ()  # any of these states; empty: every state
    source: str | None = None  # a source domain, e.g. dailysabah.com
    language: str | None = None  # the article's language (the override wins)
    assignee: str | None = None  # a user id, "me", or "none" for unclaimed
    min_age_hours: float | None = None  # submitted at least this long ago


def list_articles(
    *,
    session: Session,
    filters: ArticleFilter,
    user: User,
    limit: int,
    before_id: int | None = None,
) -> tuple[list[Article], bool]:
    """Newest first, `limit` at a time (ids below `before_id`); True when more follow."""
    statement = select(Article).order_by(Article.id.desc()).limit(limit + 1)
    if filters.states:
        statement = statement.where(Article.state.in_([str(s) for s in filters.states]))
    if filters.source:
        statement = statement.join(Source, Source.id == Article.source_id).where(
            Source.domain == filters.source.strip().lower().removeprefix("www.")
        )
    if filters.language:
        statement = statement.where(
            func.coalesce(Article.language_override, Article.detected_language) == filters.language
        )
    if filters.assignee is not None:
        statement = statement.where(_assignee_clause(filters.assignee, user))
    if filters.min_age_hours is not None:
        cutoff = datetime.now(UTC) - timedelta(hours=filters.min_age_hours)
        statement = statement.where(Article.created_at <= cutoff)
    if before_id is not None:
        statement = statement.where(Article.id < before_id)
    rows = list(session.exec(statement).all())
    return rows[:limit], len(rows) > limit


def _assignee_clause(assignee: str, user: User):
    if assignee == "none":
        return Article.assignee_id.is_(None)
    if assignee == "me":
        return Article.assignee_id == user.id
    if assignee.isdigit():
        return Article.assignee_id == int(assignee)
    raise InvalidFilter("assignee must be a user id, 'me' or 'none'.")


def count_by_state(session: Session) -> dict[str, int]:
    rows = session.exec(select(Article.state, func.count()).group_by(Article.state)).all()
    return dict(rows)
