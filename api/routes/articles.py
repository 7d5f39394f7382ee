"""Articles: submit, watch, retry, override the language, review decisions, effort."""

import base64
import binascii
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlmodel import Session, select

from api.deps import CurrentUser, EditorUser, ReviewerUser, SessionDep
from api.schemas import (
    ArticleEffort,
    ArticlePage,
    ArticlePublic,
    ArticleSubmit,
    ArticleSummary,
    AssignTo,
    Failure,
    FindingPublic,
    LanguageOverride,
    MachineTranslation,
    NotePublic,
    ParagraphPublic,
    RejectNote,
    SegmentEffort,
    SegmentPublic,
    SourcePublic,
    SubmitResult,
)
from core.article_list import ArticleFilter, InvalidFilter
from core.article_list import list_articles as list_filtered
from core.articles import override_language, retry_article, submit_article
from core.effort import article_effort, effort_csv
from core.models import Article, ArticleCreate, Finding, Paragraph, Segment, Source, User
from core.notes import article_notes
from core.queue import GLOSSARY_CHECK, get_celery
from core.review import approve, assign, reject
from core.states import ArticleState
from core.urls import InvalidUrl

router = APIRouter(prefix="/api/v1/articles", tags=["articles"])


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    responses={200: {"model": SubmitResult, "description": "Already submitted"}},
)
def submit(
    body: ArticleSubmit, session: SessionDep, user: EditorUser, response: Response
) -> SubmitResult:
    """Submit a source article URL (optionally with its pasted HTML) for translation."""
    try:
        submission = submit_article(
            session=session,
            article_in=ArticleCreate(submitted_url=body.url, html=body.html),
            user_id=user.id,
            actor="user",
        )
    except InvalidUrl as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"Invalid URL: {exc}") from exc
    article = submission.article
    if submission.duplicate:
        response.status_code = status.HTTP_200_OK
    return SubmitResult(id=article.id, state=article.state, duplicate=submission.duplicate)


@router.get("")
def list_articles(
    session: SessionDep,
    user: CurrentUser,
    state: Annotated[ArticleState | None, Query(description="Only articles in this state.")] = None,
    source: Annotated[str | None, Query(description="Source domain, e.g. dailysabah.com")] = None,
    language: Annotated[Literal["en", "tr"] | None, Query()] = None,
    assignee: Annotated[
        str | None, Query(description="A user id, 'me', or 'none' for unclaimed")
    ] = None,
    min_age_hours: Annotated[
        float | None, Query(ge=0, description="Submitted at least this long ago")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
) -> ArticlePage:
    """List articles, newest first, a page at a time; filters make the review queue."""
    filters = ArticleFilter(
        states=(state.value,) if state is not None else (),
        source=source or None,
        language=language,
        assignee=assignee,
        min_age_hours=min_age_hours,
    )
    try:
        rows, more = list_filtered(
            session=session,
            filters=filters,
            user=user,
            limit=limit,
            before_id=decode_cursor(cursor) if cursor else None,
        )
    except InvalidFilter as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    next_cursor = encode_cursor(rows[-1].id) if more else None
    return ArticlePage(items=[summary(article) for article in rows], next_cursor=next_cursor)


@router.get("/{article_id}")
def get_article(article_id: int, session: SessionDep, _: CurrentUser) -> ArticlePublic:
    """One article with its metadata, failure, timings, paragraphs, segments and notes."""
    return detail(session, _load(session, article_id))


@router.post("/{article_id}/retry")
def retry(article_id: int, session: SessionDep, user: EditorUser) -> ArticleSummary:
    """Retry a failed article from the stage where it failed."""
    article = _load(session, article_id)
    retry_article(session=session, article=article, user_id=user.id, actor="user")
    return summary(article)


@router.post("/{article_id}/language")
def set_language(
    article_id: int, body: LanguageOverride, session: SessionDep, user: EditorUser
) -> ArticleSummary:
    """Override the detected language; the article is segmented and translated again."""
    article = _load(session, article_id)
    override_language(
        session=session, article=article, language=body.language, user_id=user.id, actor="user"
    )
    return summary(article)


@router.post("/{article_id}/glossary-check", status_code=status.HTTP_202_ACCEPTED)
def glossary_check(article_id: int, session: SessionDep, _: CurrentUser) -> ArticleSummary:
    """Check the article's current targets against today's glossary again."""
    article = _load(session, article_id)
    if article.state not in (ArticleState.IN_REVIEW, ArticleState.REJECTED):
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"Only articles in review can be checked again; this one is '{article.state}'.",
        )
    get_celery().send_task(GLOSSARY_CHECK, args=[article.id])
    return summary(article)


@router.post("/{article_id}/approve", responses={409: {"description": "What blocks approval"}})
def approve_article(article_id: int, session: SessionDep, user: ReviewerUser) -> ArticleSummary:
    """Approve: no empty segment and no open QA finding, else 409 listing what blocks."""
    article = _load(session, article_id)
    approve(session=session, article=article, user_id=user.id)
    return summary(article)


@router.post("/{article_id}/reject")
def reject_article(
    article_id: int, body: RejectNote, session: SessionDep, user: ReviewerUser
) -> ArticleSummary:
    """Send the article back to the editor with a note."""
    article = _load(session, article_id)
    reject(session=session, article=article, user_id=user.id, note=body.note)
    return summary(article)


@router.post("/{article_id}/claim")
def claim_article(article_id: int, session: SessionDep, user: ReviewerUser) -> ArticleSummary:
    """Take an article in review for yourself (409 while someone else's claim is unexpired,
    editors' included: an editor reassigns it with `assign`)."""
    article = _load(session, article_id)
    assign(session=session, article=article, assignee=user, by=user)
    return summary(article)


@router.post("/{article_id}/assign")
def assign_article(
    article_id: int, body: AssignTo, session: SessionDep, user: EditorUser
) -> ArticleSummary:
    """Give an article in review to a translator (editors)."""
    article = _load(session, article_id)
    assignee = session.get(User, body.user_id)
    if assignee is None or not assignee.is_active:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"There is no active user {body.user_id}."
        )
    assign(session=session, article=article, assignee=assignee, by=user)
    return summary(article)


def _load(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no article {article_id}.")
    return article


def encode_cursor(article_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{article_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        return int(raw.removeprefix("id:"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "The cursor is not one this API returned; start again without it.",
        ) from exc


def summary(article: Article) -> ArticleSummary:
    failure = None
    if article.failure_code:
        failure = Failure(code=article.failure_code, reason=article.failure_reason or "")
    return ArticleSummary(
        id=article.id,
        state=article.state,
        failure=failure,
        language=article.language,
        title=article.title,
        source_url=article.submitted_url,
        assignee_id=article.assignee_id,
        created_at=article.created_at,
        updated_at=article.updated_at,
    )


def detail(session: Session, article: Article) -> ArticlePublic:
    paragraphs = session.exec(
        select(Paragraph).where(Paragraph.article_id == article.id).order_by(Paragraph.index)
    ).all()
    segments = session.exec(
        select(Segment).where(Segment.article_id == article.id).order_by(Segment.index)
    ).all()
    findings: dict[int, list[FindingPublic]] = {}
    for finding in session.exec(
        select(Finding).where(Finding.article_id == article.id).order_by(Finding.id)
    ).all():
        findings.setdefault(finding.segment_id, []).append(
            FindingPublic(
                id=finding.id,
                code=finding.code,
                message=finding.message,
                dismissed_by=finding.dismissed_by_id,
            )
        )
    by_paragraph: dict[int, list[SegmentPublic]] = {}
    for segment in segments:
        public = SegmentPublic.model_validate(segment, from_attributes=True)
        public.qa = findings.get(segment.id, [])
        by_paragraph.setdefault(segment.paragraph_id, []).append(public)
    source = session.get(Source, article.source_id) if article.source_id else None
    machine = (
        MachineTranslation(engine=article.mt_engine, note=article.mt_note)
        if article.mt_engine
        else None
    )
    return ArticlePublic(
        **summary(article).model_dump(),
        detected_language=article.detected_language,
        language_override=article.language_override,
        byline=article.byline,
        published_at=article.published_at,
        site_name=article.site_name,
        canonical_url=article.canonical_url,
        lead_image_url=article.lead_image_url,
        source=SourcePublic.model_validate(source, from_attributes=True) if source else None,
        timings=article.timings or {},
        machine_translation=machine,
        paragraphs=[
            ParagraphPublic(index=p.index, segments=by_paragraph.get(p.id, [])) for p in paragraphs
        ],
        notes=[
            NotePublic(kind=n.kind, text=n.text, by=n.by, at=n.at)
            for n in article_notes(session, article.id)
        ],
    )


@router.get("/{article_id}/effort", response_model=None)
def effort(
    article_id: int,
    session: SessionDep,
    _: CurrentUser,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
) -> ArticleEffort | Response:
    """Post-editing effort per segment: edit distance from the draft, active time, untouched."""
    rows = article_effort(session, _load(session, article_id).id)
    if format == "csv":
        return Response(
            effort_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="article-{article_id}-effort.csv"'
            },
        )
    return ArticleEffort(
        article_id=article_id,
        segments=[SegmentEffort(**vars(row)) for row in rows],
        total_edit_distance=sum(row.edit_distance for row in rows),
        active_seconds=sum(row.active_seconds for row in rows),
        untouched=sum(row.untouched for row in rows),
    )
