"""Article states and the one place where an article changes state.

Every change is a compare-and-set (`UPDATE … WHERE state = :from`) recorded in
the transition log in the same transaction, so a stage that runs twice — a
redelivered message, a reconciler re-enqueue — finds the state already moved
and does nothing the second time.
"""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from core.models import Article, ArticleTransition


class ArticleState(StrEnum):
    SUBMITTED = "submitted"
    FETCHING = "fetching"
    EXTRACTING = "extracting"
    DETECTING = "detecting"
    SEGMENTING = "segmenting"
    TRANSLATING = "translating"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    PUBLISHED = "published"
    KILLED = "killed"
    FAILED = "failed"


S = ArticleState

# States in which a worker stage owns the article; the reconciler watches them.
WORKING_STATES: frozenset[ArticleState] = frozenset(
    {S.SUBMITTED, S.FETCHING, S.EXTRACTING, S.DETECTING, S.SEGMENTING, S.TRANSLATING}
)

# Stages a failed article can be retried from (the stage it failed in).
RETRY_STATES: frozenset[ArticleState] = frozenset(WORKING_STATES - {S.SUBMITTED})

TRANSITIONS: dict[ArticleState, frozenset[ArticleState]] = {
    # Pasted HTML skips the fetch.
    S.SUBMITTED: frozenset({S.FETCHING, S.EXTRACTING, S.FAILED}),
    S.FETCHING: frozenset({S.EXTRACTING, S.FAILED}),
    S.EXTRACTING: frozenset({S.DETECTING, S.FAILED}),
    # An editor's language override skips detection.
    S.DETECTING: frozenset({S.SEGMENTING, S.FAILED}),
    S.SEGMENTING: frozenset({S.TRANSLATING, S.FAILED}),
    S.TRANSLATING: frozenset({S.IN_REVIEW, S.FAILED}),
    # Back to segmentation: a language override re-runs from there; back to
    # translation: a retry once a model for the pair is installed.
    # Killed from review, rejected or approved: a published article reopened for a
    # correction is withdrawn at once (core/publishing.py allows it only then).
    S.IN_REVIEW: frozenset({S.APPROVED, S.REJECTED, S.SEGMENTING, S.TRANSLATING, S.KILLED}),
    S.REJECTED: frozenset({S.IN_REVIEW, S.SEGMENTING, S.KILLED}),
    # Re-opened for changes before or after publication (a correction).
    S.APPROVED: frozenset({S.PUBLISHED, S.IN_REVIEW, S.KILLED}),
    S.PUBLISHED: frozenset({S.IN_REVIEW, S.KILLED}),
    S.KILLED: frozenset(),
    S.FAILED: RETRY_STATES,
}


class IllegalTransition(ValueError):
    def __init__(self, current: ArticleState, target: ArticleState) -> None:
        super().__init__(f"An article cannot go from '{current}' to '{target}'.")
        self.current = current
        self.target = target


def is_allowed(current: ArticleState, target: ArticleState) -> bool:
    return target in TRANSITIONS[current]


def transition(
    *,
    session: Session,
    article: Article,
    to: ArticleState,
    actor: str = "system",
    user_id: int | None = None,
    reason: str | None = None,
    expected: ArticleState | None = None,
    **fields: Any,
) -> bool:
    """Move `article` from `expected` (default: its loaded state) to `to`.

    Returns False, changing nothing, when another process moved it first.
    Raises IllegalTransition for a pair TRANSITIONS does not list. Extra
    `fields` are written in the same UPDATE. The caller commits.
    """
    current = ArticleState(expected or article.state)
    if not is_allowed(current, to):
        raise IllegalTransition(current, to)
    now = datetime.now(UTC)
    values = {"state": to.value, "state_changed_at": now, "updated_at": now, **fields}
    result = session.execute(
        update(Article)
        .where(Article.id == article.id, Article.state == current.value)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    session.add(
        ArticleTransition(
            article_id=article.id,
            from_state=current.value,
            to_state=to.value,
            actor=actor,
            user_id=user_id,
            reason=reason,
            at=now,
        )
    )
    # Mirror what the UPDATE wrote onto the loaded object, as already committed
    # values: no SELECT to refresh it, and nothing left dirty to write twice.
    for key, value in values.items():
        set_committed_value(article, key, value)
    return True
