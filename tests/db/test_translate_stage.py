"""The translate stage: engines, translation memory and findings (test-double engine)."""

import pytest
from sqlmodel import Session, select

from core.config import Settings
from core.models import Article, Finding, Segment
from tests.db.test_stages import fetched_article, run_through
from worker import stages


class EchoTwiceEngine:
    """A stand-in engine with the repeated-phrase defect of some Argos models."""

    name = "echo"
    description = "test double"

    def translate(self, sources: list[str]) -> list[str | None]:
        return [f"Merhaba Merhaba {s}" for s in sources]


def test_repeated_phrases_become_findings_and_reruns_do_not_double_them(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stages, "engine_for", lambda settings, language: EchoTwiceEngine())
    article = fetched_article(session)
    run_through(session, article.id, "extract", "detect", "segment", "translate")
    segments = session.exec(select(Segment).where(Segment.article_id == article.id)).all()
    assert {s.origin for s in segments} == {"mt"}
    findings = session.exec(select(Finding).where(Finding.article_id == article.id)).all()
    assert len(findings) == len(segments)
    assert {f.code for f in findings} == {"repeated_phrase"}
    assert "Merhaba" in findings[0].message

    # Retrying machine translation replaces the findings instead of adding more.
    stored = session.get(Article, article.id)
    stored.state = "translating"
    session.add(stored)
    session.commit()
    run_through(session, article.id, "translate")
    again = session.exec(select(Finding).where(Finding.article_id == article.id)).all()
    assert len(again) == len(segments)


def test_no_engine_leaves_targets_empty_and_says_why(
    session: Session, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("WARTA_DATA_DIR", str(tmp_path))  # a data dir with no models
    article = fetched_article(session)
    run_through(session, article.id, "extract", "detect", "segment", "translate")
    stored = session.get(Article, article.id)
    session.refresh(stored)
    assert stored.mt_engine == "none" and "en→id" in stored.mt_note
    segments = session.exec(select(Segment).where(Segment.article_id == article.id)).all()
    assert {(s.target, s.state, s.source_language) for s in segments} == {("", "no_mt", "en")}
    assert all(len(s.source_key) == 64 for s in segments)
    assert Settings().mt_intra_threads == 1


def test_resegmenting_an_article_with_findings_replaces_them(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stages, "engine_for", lambda settings, language: EchoTwiceEngine())
    article = fetched_article(session)
    run_through(session, article.id, "extract", "detect", "segment", "translate")
    assert session.exec(select(Finding).where(Finding.article_id == article.id)).all()
    stored = session.get(Article, article.id)
    stored.state = "segmenting"  # as a language override leaves it
    session.add(stored)
    session.commit()
    run_through(session, article.id, "segment")
    assert session.exec(select(Finding).where(Finding.article_id == article.id)).all() == []
    run_through(session, article.id, "translate")
    segments = session.exec(select(Segment).where(Segment.article_id == article.id)).all()
    findings = session.exec(select(Finding).where(Finding.article_id == article.id)).all()
    assert len(findings) == len(segments) == 7
