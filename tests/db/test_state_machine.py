"""Every state change is a recorded compare-and-set (SQLite and PostgreSQL)."""

import itertools

import pytest
from sqlmodel import Session, select

from core.models import Article, ArticleTransition
from core.states import TRANSITIONS, ArticleState, IllegalTransition, transition

S = ArticleState


def make_article(session: Session, state: ArticleState = S.SUBMITTED, **fields) -> Article:
    number = session.exec(select(Article.id)).all()
    article = Article(
        submitted_url=f"https://example.org/{len(number)}",
        normalized_url=f"https://example.org/{len(number)}",
        state=state,
        **fields,
    )
    session.add(article)
    session.commit()
    return article


def test_a_transition_is_recorded_with_who_and_why(session: Session) -> None:
    article = make_article(session)
    assert transition(
        session=session, article=article, to=S.FETCHING, actor="worker", reason="picked up"
    )
    session.commit()
    log = session.exec(
        select(ArticleTransition).where(ArticleTransition.article_id == article.id)
    ).one()
    assert (log.from_state, log.to_state, log.actor, log.reason) == (
        "submitted",
        "fetching",
        "worker",
        "picked up",
    )
    assert article.state == S.FETCHING


def test_the_second_of_two_identical_moves_does_nothing(session: Session) -> None:
    article = make_article(session, S.FETCHING)
    stale = session.get(Article, article.id)
    assert transition(session=session, article=article, to=S.EXTRACTING, expected=S.FETCHING)
    session.commit()
    # A redelivered stage still believes the article is in 'fetching'.
    assert not transition(session=session, article=stale, to=S.EXTRACTING, expected=S.FETCHING)
    session.commit()
    logs = session.exec(
        select(ArticleTransition).where(ArticleTransition.article_id == article.id)
    ).all()
    assert len(logs) == 1


def test_every_unlisted_pair_is_refused_and_changes_nothing(session: Session) -> None:
    article = make_article(session)
    for current, target in itertools.product(S, S):
        if target in TRANSITIONS[current]:
            continue
        article.state = current.value
        session.add(article)
        session.commit()
        with pytest.raises(IllegalTransition):
            transition(session=session, article=article, to=target)
        session.rollback()
        assert session.get(Article, article.id).state == current.value
    assert session.exec(select(ArticleTransition)).all() == []


def test_extra_fields_are_written_in_the_same_update(session: Session) -> None:
    article = make_article(session, S.FETCHING)
    transition(
        session=session,
        article=article,
        to=S.FAILED,
        failure_code="timeout",
        failure_reason="The source site did not answer in time.",
        failed_stage="fetching",
    )
    session.commit()
    stored = session.get(Article, article.id)
    session.refresh(stored)
    assert (stored.state, stored.failure_code, stored.failed_stage) == (
        "failed",
        "timeout",
        "fetching",
    )
