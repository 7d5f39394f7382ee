"""Stages are idempotent: a stage run twice leaves one set of paragraphs and segments."""

from sqlmodel import Session, func, select

from core.config import Settings
from core.models import (
    HEADLINE_INDEX,
    Article,
    ArticleTransition,
    Paragraph,
    RawPage,
    Segment,
    Source,
)
from core.states import ArticleState
from tests.db.test_state_machine import make_article
from tests.support import PAGES
from worker import stages
from worker.errors import StageError
from worker.stages import STAGES, fail, run_stage

S = ArticleState


def count(session: Session, model: type, article_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(model).where(model.article_id == article_id)
    ).one()


def fetched_article(session: Session, page: str = "en_article.html") -> Article:
    article = make_article(session, S.EXTRACTING)
    session.add(
        RawPage(
            article_id=article.id,
            content=(PAGES / page).read_bytes(),
            content_type="text/html",
            final_url=article.submitted_url,
        )
    )
    session.commit()
    return article


def run_through(session: Session, article_id: int, *stages: str) -> None:
    for name in stages:
        assert run_stage(session, STAGES[name], article_id, Settings()) is not None, name


def test_article_goes_from_extraction_to_review(session: Session) -> None:
    article = fetched_article(session)
    run_through(session, article.id, "extract", "detect", "segment", "translate")
    stored = session.get(Article, article.id)
    session.refresh(stored)
    assert stored.state == S.IN_REVIEW
    assert stored.detected_language == "en"
    assert set(stored.timings) == {"extract", "detect", "segment", "translate"}
    # The title is the headline paragraph (HEADLINE_INDEX), before the body's four.
    paragraphs = session.exec(
        select(Paragraph).where(Paragraph.article_id == article.id).order_by(Paragraph.index)
    ).all()
    assert [p.index for p in paragraphs] == [HEADLINE_INDEX, 0, 1, 2, 3]
    assert paragraphs[0].text == stored.title
    segments = session.exec(
        select(Segment).where(Segment.article_id == article.id).order_by(Segment.id)
    ).all()
    assert len(segments) == 7
    assert (segments[0].paragraph_id, segments[0].source) == (paragraphs[0].id, stored.title)
    assert {(s.origin, s.state, s.target) for s in segments} == {("none", "no_mt", "")}
    source = session.get(Source, stored.source_id)
    assert (source.domain, source.credit_line) == ("news.example.org", "Sumber: Daily Example")


def test_language_detection_reads_the_body_without_the_headline(session: Session) -> None:
    article = fetched_article(session)
    run_through(session, article.id, "extract")
    stored = session.get(Article, article.id)
    body = session.exec(
        select(Paragraph.text)
        .where(Paragraph.article_id == article.id, Paragraph.index >= 0)
        .order_by(Paragraph.index)
    ).all()
    assert stored.title and stored.title not in body
    assert stages._paragraph_texts(session, stored) == body


def test_a_stage_run_again_after_it_finished_does_nothing(session: Session) -> None:
    article = fetched_article(session)
    run_through(session, article.id, "extract", "detect", "segment")
    before = count(session, Segment, article.id)
    # Redelivered messages of finished stages: the state has moved on, so they exit.
    for name in ("extract", "detect", "segment"):
        assert run_stage(session, STAGES[name], article.id, Settings()) is None
    assert count(session, Segment, article.id) == before
    assert count(session, Paragraph, article.id) == 5


def test_a_stage_interrupted_and_run_again_leaves_one_set(session: Session) -> None:
    article = fetched_article(session)
    run_through(session, article.id, "extract", "detect")
    # A first run wrote its segments but died before moving the state ...
    STAGES["segment"].run(session, session.get(Article, article.id), Settings())
    session.commit()
    first = count(session, Segment, article.id)
    # ... and the redelivered run writes them again from scratch.
    run_through(session, article.id, "segment")
    assert count(session, Segment, article.id) == first == 7
    hops = session.exec(
        select(ArticleTransition.to_state).where(
            ArticleTransition.article_id == article.id, ArticleTransition.to_state == "translating"
        )
    ).all()
    assert hops == ["translating"]


def test_a_failure_keeps_its_stage_code_and_reason(session: Session) -> None:
    article = fetched_article(session, "de_article.html")
    run_through(session, article.id, "extract")
    try:
        run_stage(session, STAGES["detect"], article.id, Settings())
    except StageError as error:
        fail(session, article.id, STAGES["detect"], error)
    stored = session.get(Article, article.id)
    session.refresh(stored)
    assert (stored.state, stored.failure_code, stored.failed_stage) == (
        "failed",
        "unsupported_language",
        "detecting",
    )
    assert "German" in stored.failure_reason
