"""Article operations shared by the API and the CLI: submit, retry, override, enqueue."""

import logging
from dataclasses import dataclass

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, func, select

from core.models import Article, ArticleCreate, ArticleTransition, Origin, RawPage, Segment
from core.queue import DETECT, EXTRACT, FETCH, SEGMENT, TRANSLATE, get_celery
from core.states import ArticleState, transition
from core.text import xml_safe
from core.urls import normalize_url

log = logging.getLogger(__name__)

S = ArticleState
SUPPORTED_LANGUAGES = {"en": "English", "tr": "Turkish"}

# The task that does the work of each working state.
STAGE_TASKS: dict[ArticleState, str] = {
    S.SUBMITTED: FETCH,
    S.FETCHING: FETCH,
    S.EXTRACTING: EXTRACT,
    S.DETECTING: DETECT,
    S.SEGMENTING: SEGMENT,
    S.TRANSLATING: TRANSLATE,
}


class ArticleConflict(Exception):
    """The request does not fit the article's current state (HTTP 409)."""


@dataclass
class Submission:
    article: Article
    duplicate: bool


def enqueue(article: Article) -> None:
    """Send the task for the article's working state. Call after commit.

    If Redis is down the article stays in its state and the reconciler
    re-enqueues it later: accepted work is never lost.
    """
    task = STAGE_TASKS.get(ArticleState(article.state))
    if task is None:
        return
    try:
        get_celery().send_task(task, args=[article.id])
    except Exception:  # kombu raises many types; the reconciler is the fallback
        log.exception("could not enqueue %s for article %s", task, article.id)


def find_duplicate(*, session: Session, normalized: str) -> Article | None:
    statement = select(Article).where(
        or_(Article.normalized_url == normalized, Article.canonical_url == normalized)
    )
    return session.exec(statement.order_by(Article.id)).first()


def submit_article(
    *, session: Session, article_in: ArticleCreate, user_id: int | None, actor: str
) -> Submission:
    """Create an article (or return the existing one for the same URL) and enqueue it."""
    # The URL is the original link in partners' feeds; pasted HTML may carry anything a
    # clipboard does (a lone surrogate cannot even be encoded). C1 characters stay in
    # the page: mojibake repair reads them, and cleans the extracted text afterwards.
    submitted_url = xml_safe(article_in.submitted_url).strip()
    pasted = None if article_in.html is None else xml_safe(article_in.html, keep_c1=True)
    normalized = normalize_url(submitted_url)
    existing = find_duplicate(session=session, normalized=normalized)
    if existing is not None:
        return Submission(existing, duplicate=True)
    article = Article(
        submitted_url=submitted_url,
        normalized_url=normalized,
        submitted_by_id=user_id,
    )
    session.add(article)
    try:
        session.flush()
    except IntegrityError:
        # Two submissions of the same URL raced; the other one won.
        session.rollback()
        return Submission(find_duplicate(session=session, normalized=normalized), True)
    session.add(
        ArticleTransition(
            article_id=article.id,
            from_state="",
            to_state=S.SUBMITTED,
            actor=actor,
            user_id=user_id,
            reason="submitted",
        )
    )
    if pasted is not None:
        # Pasted HTML is kept as the raw page and the fetch is skipped.
        session.add(
            RawPage(
                article_id=article.id,
                content=pasted.encode(),
                content_type="text/html; charset=utf-8",
                final_url=normalized,
            )
        )
        session.flush()
        transition(
            session=session,
            article=article,
            to=S.EXTRACTING,
            actor=actor,
            user_id=user_id,
            reason="HTML pasted by the editor",
        )
    session.commit()
    enqueue(article)
    return Submission(article, duplicate=False)


def retry_article(
    *, session: Session, article: Article, user_id: int | None, actor: str
) -> Article:
    """Re-run a failed article from the stage it failed in, or machine translation of
    an article in review whose segments have no draft (a model was installed since)."""
    if article.state == S.FAILED:
        stage = ArticleState(article.failed_stage or S.FETCHING)
        stage = S.FETCHING if stage == S.SUBMITTED else stage
        reason = f"retry after {article.failure_code}"
    elif article.state == S.IN_REVIEW and _undrafted(session, article) > 0:
        stage, reason = S.TRANSLATING, "retry machine translation"
    else:
        raise ArticleConflict(
            "Only failed articles, or articles in review with segments that have no "
            f"machine translation, can be retried; this one is '{article.state}'."
        )
    moved = transition(
        session=session,
        article=article,
        to=stage,
        actor=actor,
        user_id=user_id,
        reason=reason,
        failure_code=None,
        failure_reason=None,
        failed_stage=None,
    )
    return _commit_and_enqueue(session, article, moved)


def _commit_and_enqueue(session: Session, article: Article, moved: bool) -> Article:
    if not moved:
        session.rollback()
        raise ArticleConflict("The article changed state meanwhile; reload and try again.")
    session.commit()
    enqueue(article)
    return article


def _undrafted(session: Session, article: Article) -> int:
    return session.exec(
        select(func.count())
        .select_from(Segment)
        .where(Segment.article_id == article.id, Segment.origin == Origin.NONE)
    ).one()


# States in which the override is just remembered: detection has not run yet.
_BEFORE_DETECTION = {S.SUBMITTED, S.FETCHING, S.EXTRACTING, S.DETECTING}
_RESEGMENT_FROM = {S.IN_REVIEW, S.REJECTED, S.FAILED}


def override_language(
    *, session: Session, article: Article, language: str, user_id: int | None, actor: str
) -> Article:
    """Set the article's language and re-run it from segmentation."""
    state = ArticleState(article.state)
    failed_early = state == S.FAILED and article.failed_stage in (
        S.SUBMITTED,
        S.FETCHING,
        S.EXTRACTING,
    )
    if state in _BEFORE_DETECTION or failed_early:
        # Detection reads the override when the pipeline gets there (or on retry).
        # Compare-and-set on the state: if detection finished meanwhile, segmentation
        # may already have read the language, so the override must not land silently.
        stored = session.execute(
            update(Article)
            .where(Article.id == article.id, Article.state == state)
            .values(language_override=language)
        )
        if stored.rowcount != 1:
            session.rollback()
            session.refresh(article)
            raise ArticleConflict(
                f"The article moved on to '{article.state}' meanwhile; "
                "set the language again once it reaches review."
            )
        session.commit()
        set_committed_value(article, "language_override", language)
        return article
    if state not in _RESEGMENT_FROM:
        raise ArticleConflict(
            f"The language cannot be changed while the article is '{state}'"
            + (
                "; try again once it reaches review."
                if state in (S.SEGMENTING, S.TRANSLATING)
                else "."
            )
        )
    human = session.exec(
        select(func.count())
        .select_from(Segment)
        .where(Segment.article_id == article.id, Segment.origin == Origin.HUMAN)
    ).one()
    if human:
        raise ArticleConflict(_would_discard(human, state))
    moved = transition(
        session=session,
        article=article,
        to=S.SEGMENTING,
        actor=actor,
        user_id=user_id,
        reason=f"language set to {language}",
        language_override=language,
        failure_code=None,
        failure_reason=None,
        failed_stage=None,
    )
    return _commit_and_enqueue(session, article, moved)


def _would_discard(edited: int, state: ArticleState) -> str:
    """The refusal, with what the editor can do instead: a rejected article goes back
    to review by a reopen, which keeps the edits; one in review is corrected in place."""
    refusal = f"Changing the language would discard {edited} segment(s) a translator has edited"
    if state == S.REJECTED:
        return f"{refusal}; to send it back to review with the edits kept, reopen it."
    if state == S.IN_REVIEW:
        return f"{refusal}; correct the segments in review instead."
    return f"{refusal}."
