"""The pipeline stages as database operations, and the runner they share.

A stage reads the article, does its work and moves the state in one
transaction; rows a stage writes replace those of an earlier run of the same
stage, so a redelivered message never leaves two drafts.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.config import Settings
from core.findings import sync_findings
from core.models import (
    HEADLINE_INDEX,
    Article,
    Finding,
    Origin,
    Paragraph,
    RawPage,
    Segment,
    SegmentState,
    Source,
)
from core.notifications import notify
from core.states import ArticleState, transition
from core.urls import domain_of, normalize_url
from glossary.steer import steer
from worker import glossary_check, tm
from worker.detect import detect_language
from worker.errors import StageError
from worker.extract import extract_article
from worker.fetch import fetch_page
from worker.mt.hygiene import repeated_phrases
from worker.repair import decode_html, repair_extracted
from worker.segment import split_sentences
from worker.tm import source_key
from worker.translate import engine_for

log = logging.getLogger(__name__)
S = ArticleState
ACTOR = "worker"


def do_fetch(session: Session, article: Article, settings: Settings) -> ArticleState:
    page = fetch_page(article.submitted_url, settings)
    raw = session.get(RawPage, article.id) or RawPage(article_id=article.id, content=b"")
    raw.content, raw.content_type, raw.final_url = page.content, page.content_type, page.final_url
    session.add(raw)
    return S.EXTRACTING


def do_extract(session: Session, article: Article, settings: Settings) -> ArticleState:
    raw = session.get(RawPage, article.id)
    if raw is None:
        raise StageError("no_raw_page", "The page was never fetched; retry the article.")
    url = raw.final_url or article.submitted_url
    extracted = extract_article(decode_html(raw.content, raw.content_type), url)
    repair_extracted(extracted)
    canonical = _canonical(extracted.canonical_url, url)
    twin = session.exec(
        select(Article.id).where(Article.canonical_url == canonical, Article.id != article.id)
    ).first()
    if twin is not None:
        raise StageError("duplicate", f"This is the same article as #{twin} ({canonical}).")
    _clear_segments(session, article.id)
    session.execute(delete(Paragraph).where(Paragraph.article_id == article.id))
    # The title first, as the headline paragraph: inserted first, it sorts first by
    # index and by id, so every stage and page meets it before the body.
    title = (extracted.title or "").strip()
    headline = [(HEADLINE_INDEX, title)] if title else []
    _insert(
        session,
        Paragraph,
        [
            {"article_id": article.id, "index": index, "text": text}
            for index, text in [*headline, *enumerate(extracted.paragraphs)]
        ],
    )
    article.title, article.byline = extracted.title, extracted.byline
    article.published_at, article.site_name = extracted.published_at, extracted.site_name
    article.lead_image_url, article.canonical_url = extracted.lead_image_url, canonical
    article.source_id = _source_for(session, canonical, extracted.site_name).id
    session.add(article)
    return S.DETECTING


def do_detect(session: Session, article: Article, settings: Settings) -> ArticleState:
    if article.language_override:
        return S.SEGMENTING  # the editor's word beats the detector
    article.detected_language = detect_language(_paragraph_texts(session, article))
    session.add(article)
    return S.SEGMENTING


def do_segment(session: Session, article: Article, settings: Settings) -> ArticleState:
    language = article.language
    if language is None:
        raise StageError("language_undetected", "The article has no language; set one.")
    _clear_segments(session, article.id)
    paragraphs = session.exec(
        select(Paragraph.id, Paragraph.text)
        .where(Paragraph.article_id == article.id)
        .order_by(Paragraph.index)
    ).all()
    _insert(
        session,
        Segment,
        [
            {
                "article_id": article.id,
                "paragraph_id": paragraph_id,
                "index": index,
                "source": sentence,
                "source_language": language,
                "source_key": source_key(sentence),
            }
            for paragraph_id, text in paragraphs
            for index, sentence in enumerate(split_sentences(language, text))
        ],
    )
    return S.TRANSLATING


def _clear_segments(session: Session, article_id: int) -> None:
    """Remove an earlier run's segments, and the findings that point at them."""
    session.execute(delete(Finding).where(Finding.article_id == article_id))
    session.execute(delete(Segment).where(Segment.article_id == article_id))


def _insert(session: Session, model: type, rows: list[dict]) -> None:
    # One executemany instead of an ORM object per row: an article has dozens
    # of paragraphs and segments, and the unit of work costs ~0.1 ms per object.
    if rows:
        session.execute(insert(model), rows)


def do_translate(session: Session, article: Article, settings: Settings) -> ArticleState:
    segments = list(
        session.exec(
            select(Segment)
            .where(Segment.article_id == article.id, Segment.origin != Origin.HUMAN)
            .order_by(Segment.paragraph_id, Segment.index)
        ).all()
    )
    language = article.language or "en"
    glossary = glossary_check.load(session)
    hits = {s.id: glossary.find(language, s.source) for s in segments}
    memory = tm.lookup(session, language, {s.source_key for s in segments if s.source_key})
    fresh = [s for s in segments if s.source_key not in memory]
    engine = engine_for(settings, language)
    drafts = dict(zip((s.id for s in fresh), _draft(engine, fresh, hits), strict=True))
    for segment in segments:
        if segment.source_key in memory:
            _set_target(segment, memory[segment.source_key], Origin.TM, SegmentState.TM)
        elif drafts[segment.id] is None:
            _set_target(segment, "", Origin.NONE, SegmentState.NO_MT)
        else:
            _set_target(segment, drafts[segment.id], Origin.MT, SegmentState.MT_DRAFT)
    # Findings of an earlier run of this stage are replaced, never doubled.
    sync_findings(session, segments, {s.id: _draft_issues(s) for s in segments}, MT_FINDINGS)
    glossary_check.check_segments(session, glossary, segments, hits)
    article.mt_engine, article.mt_note = engine.name, engine.description
    session.add(article)
    return S.IN_REVIEW


def _draft(engine, segments: list[Segment], hits: dict[int, list]) -> list[str | None]:
    """Machine drafts; steered toward the glossary where the engine offers n-best."""
    sources = [s.source for s in segments]
    if not hasattr(engine, "hypotheses") or not any(hits[s.id] for s in segments):
        return engine.translate(sources)
    results = steer(sources, [hits[s.id] for s in segments], engine.hypotheses)
    return [result.text for result in results]


MT_FINDINGS = ("repeated_phrase",)


def _set_target(segment: Segment, target: str, origin: Origin, state: SegmentState) -> None:
    if segment.origin in (Origin.MT, Origin.TM) and segment.target != target:
        segment.version += 1  # a re-draft invalidates what an editor may have loaded
    segment.target, segment.origin, segment.state = target, origin, state
    segment.draft = target  # what post-editing effort is measured against


def _draft_issues(segment: Segment) -> list[tuple[str, str, dict]]:
    if segment.origin != Origin.MT:
        return []
    return [
        (
            "repeated_phrase",
            f"The machine draft repeats “{phrase}”; the source does not.",
            {"phrase": phrase},  # for the desk's translation (api/web/messages.py)
        )
        for phrase in repeated_phrases(segment.source, segment.target)
    ]


@dataclass(frozen=True)
class Stage:
    name: str
    working: ArticleState
    run: Callable[[Session, Article, Settings], ArticleState]
    # A state the stage may take the article from before working (fetch only).
    entry: ArticleState | None = None


STAGES: dict[str, Stage] = {
    stage.name: stage
    for stage in (
        Stage("fetch", S.FETCHING, do_fetch, entry=S.SUBMITTED),
        Stage("extract", S.EXTRACTING, do_extract),
        Stage("detect", S.DETECTING, do_detect),
        Stage("segment", S.SEGMENTING, do_segment),
        Stage("translate", S.TRANSLATING, do_translate),
    )
}


def claim(session: Session, article: Article, stage: Stage) -> bool:
    """True when this stage owns the article now; False means: not ours, exit quietly."""
    if stage.entry is not None and article.state == stage.entry:
        claimed = transition(session=session, article=article, to=stage.working, actor=ACTOR)
        session.commit()
        if not claimed:
            session.refresh(article)  # another worker claimed it first
    return article.state == stage.working


def run_stage(
    session: Session, stage: Stage, article_id: int, settings: Settings
) -> Article | None:
    """Run `stage` for the article; returns it if it moved on, None if there was nothing to do.

    StageError (and TransientError) propagate after the session is rolled back;
    the caller decides between a retry and `fail`.
    """
    article = session.get(Article, article_id)
    if article is None or not claim(session, article, stage):
        return None
    started = time.perf_counter()
    try:
        next_state = stage.run(session, article, settings)
    except Exception:
        session.rollback()
        raise
    timings = {**(article.timings or {}), stage.name: round(time.perf_counter() - started, 4)}
    moved = transition(
        session=session,
        article=article,
        to=next_state,
        actor=ACTOR,
        expected=stage.working,
        timings=timings,
    )
    if not moved:
        session.rollback()  # another run of this stage finished first
        return None
    session.commit()
    return article


def fail(session: Session, article_id: int, stage: Stage, error: StageError) -> None:
    article = session.get(Article, article_id)
    if article is None:
        return
    moved = transition(
        session=session,
        article=article,
        to=S.FAILED,
        actor=ACTOR,
        reason=error.reason,
        expected=stage.working,
        failure_code=error.code,
        failure_reason=error.reason,
        failed_stage=stage.working.value,
    )
    if moved:
        note = f"{error.code}: {error.reason}"
        notify(session=session, article_id=article.id, kind="failed", actor_id=None, note=note)
        session.commit()
    else:
        session.rollback()


def _paragraph_texts(session: Session, article: Article) -> list[str]:
    # The body alone: detection stays what it was before titles became paragraphs,
    # and a short, title-cased, name-heavy headline is what langdetect reads worst.
    return list(
        session.exec(
            select(Paragraph.text)
            .where(Paragraph.article_id == article.id, Paragraph.index != HEADLINE_INDEX)
            .order_by(Paragraph.index)
        ).all()
    )


def _canonical(candidate: str | None, fallback: str) -> str:
    for url in (candidate, fallback):
        if url:
            try:
                return normalize_url(url)
            except ValueError:
                continue
    return fallback


def _source_for(session: Session, url: str, site_name: str | None) -> Source:
    domain = domain_of(url)
    source = session.exec(select(Source).where(Source.domain == domain)).first()
    if source is not None:
        return source
    name = site_name or domain
    try:
        with session.begin_nested():  # two workers may meet a new outlet at once
            source = Source(name=name, domain=domain, credit_line=f"Sumber: {name}")
            session.add(source)
    except IntegrityError:
        source = session.exec(select(Source).where(Source.domain == domain)).one()
    return source
