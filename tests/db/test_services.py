"""Submission, duplicates, retry and tokens as the API and CLI use them."""

import pytest
from sqlmodel import Session, select

from core.articles import ArticleConflict, override_language, retry_article, submit_article
from core.db import get_engine
from core.models import ApiToken, Article, ArticleCreate, Role, User
from core.security import create_user, user_for_token, verify_password
from core.states import ArticleState, transition
from core.urls import InvalidUrl

S = ArticleState


def submit(session: Session, url: str, html: str | None = None):
    return submit_article(
        session=session,
        article_in=ArticleCreate(submitted_url=url, html=html),
        user_id=None,
        actor="cli",
    )


def test_the_same_url_is_one_article(session: Session) -> None:
    first = submit(session, "https://news.example.org/a?utm_source=x")
    again = submit(session, "HTTPS://NEWS.example.org/a#comments")
    assert not first.duplicate and again.duplicate
    assert again.article.id == first.article.id
    assert len(session.exec(select(Article)).all()) == 1


def test_a_known_canonical_url_is_a_duplicate(session: Session) -> None:
    first = submit(session, "https://news.example.org/amp/a")
    first.article.canonical_url = "https://news.example.org/a"
    session.add(first.article)
    session.commit()
    assert submit(session, "https://news.example.org/a").article.id == first.article.id


def test_pasted_html_skips_the_fetch(session: Session) -> None:
    article = submit(session, "https://news.example.org/b", html="<p>Hello</p>").article
    assert article.state == S.EXTRACTING


def test_malformed_url_is_refused(session: Session) -> None:
    with pytest.raises(InvalidUrl):
        submit(session, "javascript:alert(1)")
    assert session.exec(select(Article)).all() == []


def test_only_failed_articles_retry_and_from_their_stage(session: Session) -> None:
    article = submit(session, "https://news.example.org/c").article
    with pytest.raises(ArticleConflict, match="Only failed"):
        retry_article(session=session, article=article, user_id=None, actor="cli")
    article.state, article.failed_stage, article.failure_code = "failed", "extracting", "x"
    session.add(article)
    session.commit()
    retry_article(session=session, article=article, user_id=None, actor="cli")
    assert (article.state, article.failure_code, article.failed_stage) == ("extracting", None, None)


def test_tokens_and_passwords_are_stored_hashed(session: Session) -> None:
    user, token = create_user(
        session=session, name="sinta", role=Role.TRANSLATOR, password="correct horse"
    )
    session.commit()
    stored = session.exec(select(ApiToken)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert user.password_hash.startswith("$argon2")
    assert verify_password("correct horse", user.password_hash)
    assert user_for_token(session=session, token=token).id == user.id
    assert user_for_token(session=session, token=token + "x") is None
    user.is_active = False
    session.add(user)
    session.commit()
    assert user_for_token(session=session, token=token) is None
    assert session.exec(select(User)).one().role == "translator"


def test_a_language_override_racing_detection_is_refused_not_lost(
    session: Session, db_url: str
) -> None:
    """The editor's page showed 'detecting'; the worker moved on before the override landed."""
    article = submit(session, "https://news.example.org/race").article
    session.execute(
        Article.__table__.update().where(Article.id == article.id).values(state=S.DETECTING)
    )
    session.commit()
    stale = session.get(Article, article.id)
    session.refresh(stale)
    with Session(get_engine(db_url)) as worker:
        moving = worker.get(Article, article.id)
        assert transition(session=worker, article=moving, to=S.SEGMENTING, actor="worker")
        worker.commit()
    with pytest.raises(ArticleConflict, match="moved on to 'segmenting' meanwhile"):
        override_language(session=session, article=stale, language="tr", user_id=None, actor="user")
    session.expire_all()
    assert session.get(Article, article.id).language_override is None
