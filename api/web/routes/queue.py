"""The review queue: articles in review, filtered by source, language, age and assignee;
claim one, or (editors) assign it to someone."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, func, select
from starlette.datastructures import QueryParams

from api.deps import SessionDep
from api.web.deps import EditorWebUser, ReviewerWebUser
from api.web.render import gettext_for, render
from api.web.routes.auth import safe_next
from core.article_list import ArticleFilter, list_articles
from core.articles import SUPPORTED_LANGUAGES
from core.models import Article, Finding, Role, Segment, Source, User
from core.notes import REOPEN, Note, notes_by_article, published_versions
from core.review import ReviewConflict, assign, lock_holder
from core.states import ArticleState

router = APIRouter()

PAGE_SIZE = 50
REVIEWER_ROLES = (Role.TRANSLATOR, Role.EDITOR, Role.ADMIN)


@dataclass
class QueueFilters:
    """The queue's filter form, as typed: shown back unchanged, with a reason if unusable."""

    source: str = ""
    language: str = ""
    min_age_hours: str = ""
    assignee: str = ""
    before: int | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, params: QueryParams, _) -> "QueueFilters":
        filters = cls(
            source=params.get("source", "").strip(),
            language=params.get("language", ""),
            min_age_hours=params.get("min_age_hours", "").strip(),
            assignee=params.get("assignee", ""),
        )
        if filters.language and filters.language not in SUPPORTED_LANGUAGES:
            filters.problems.append(_("Language must be English or Turkish."))
        if filters.min_age_hours and _hours(filters.min_age_hours) is None:
            filters.problems.append(_("The age must be a number of hours, e.g. 2 or 0.5."))
        if filters.assignee and not (
            filters.assignee in ("me", "none") or filters.assignee.isdigit()
        ):
            filters.problems.append(_("Choose whose articles to show from the list."))
        if params.get("before", "").isdigit():
            filters.before = int(params["before"])
        return filters

    def core(self) -> ArticleFilter:
        ok = not self.problems
        return ArticleFilter(
            states=(ArticleState.IN_REVIEW,),
            source=self.source or None,
            language=(self.language or None) if ok else None,
            assignee=(self.assignee or None) if ok else None,
            min_age_hours=_hours(self.min_age_hours) if ok else None,
        )

    def query(self, **extra: object) -> str:
        values = {
            "source": self.source,
            "language": self.language,
            "min_age_hours": self.min_age_hours,
            "assignee": self.assignee,
            **extra,
        }
        query = urlencode({k: v for k, v in values.items() if v})
        return f"/queue?{query}" if query else "/queue"


def _hours(text: str) -> float | None:
    try:
        hours = float(text.replace(",", "."))
    except ValueError:
        return None
    return hours if 0 <= hours < 1e6 else None


@router.get("/queue", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, user: ReviewerWebUser) -> HTMLResponse:
    """Articles in review, newest first, with filters."""
    return _page(request, session, user, request.query_params)


@router.post("/articles/{article_id}/claim", response_model=None)
def claim(
    request: Request,
    session: SessionDep,
    user: ReviewerWebUser,
    article_id: int,
    next: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    """Take an article in review for yourself; then go to `next` (the queue by default)."""
    article = session.get(Article, article_id)
    if article is None:
        return _missing(request, session, user, article_id, back)
    try:
        assign(session=session, article=article, assignee=user, by=user)
    except ReviewConflict as exc:
        return _refused(request, session, user, article, exc, back)
    return RedirectResponse(safe_next(next or "/queue"), 303)


@router.post("/articles/{article_id}/assign", response_model=None)
def assign_to(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    article_id: int,
    user_id: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    """Give an article in review to a translator (editors)."""
    _ = gettext_for(request, user)
    article = session.get(Article, article_id)
    if article is None:
        return _missing(request, session, user, article_id, back)
    assignee = session.get(User, int(user_id)) if user_id.isdigit() else None
    if assignee is None or not assignee.is_active:
        reason = (
            _("There is no active user %(id)s.") % {"id": user_id}
            if user_id
            else _("Choose whom to give the article to.")
        )
        return _page(request, session, user, _back_params(back), error=reason, status_code=422)
    try:
        assign(session=session, article=article, assignee=assignee, by=user)
    except ReviewConflict as exc:
        return _refused(request, session, user, article, exc, back)
    return RedirectResponse(f"{_back_url(back)}#article-{article.id}", 303)


def _back_url(back: str) -> str:
    target = safe_next(back)
    return target if target.startswith("/queue") else "/queue"


def _back_params(back: str) -> QueryParams:
    return QueryParams(urlsplit(_back_url(back)).query)


def _refused(
    request: Request,
    session: Session,
    user: User,
    article: Article,
    exc: ReviewConflict,
    back: str,
) -> HTMLResponse:
    _ = gettext_for(request, user)
    reason = str(exc)
    if article.assignee_id and article.assignee_id != user.id:
        holder = session.get(User, article.assignee_id)
        if holder is not None:
            reason += " " + _("It is assigned to %(name)s.") % {"name": holder.name}
    params = _back_params(back)
    return _page(request, session, user, params, error=reason, status_code=409)


def _missing(
    request: Request, session: Session, user: User, article_id: int, back: str
) -> HTMLResponse:
    _ = gettext_for(request, user)
    reason = _("There is no article %(id)d.") % {"id": article_id}
    return _page(request, session, user, _back_params(back), error=reason, status_code=404)


def _page(
    request: Request,
    session: Session,
    user: User,
    params: QueryParams,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    filters = QueueFilters.parse(params, gettext_for(request, user))
    if filters.problems and status_code == 200:
        status_code = 422
    articles, more = list_articles(
        session=session,
        filters=filters.core(),
        user=user,
        limit=PAGE_SIZE,
        before_id=filters.before,
    )
    people = session.exec(
        select(User).where(User.is_active, User.role.in_(REVIEWER_ROLES)).order_by(User.name)
    ).all()
    context = {
        "articles": articles,
        "filters": filters,
        "error": error,
        "names": _names(session, {a.assignee_id for a in articles if a.assignee_id}),
        "people": people,
        "sources": session.exec(select(Source).order_by(Source.name)).all(),
        "source_names": _source_names(session, articles),
        "counts": _counts(session, [a.id for a in articles]),
        "ages": {a.id: _age_minutes(a.created_at) for a in articles},
        # Free, or held by someone idle past the claim's expiry: a Claim button.
        "claimable": {a.id for a in articles if lock_holder(a, user.id) is None},
        "marks": _marks(session, [a.id for a in articles]),
        "older": filters.query(before=articles[-1].id) if more else None,
        "newest": filters.query() if filters.before else None,
        "here": filters.query(before=filters.before),
    }
    return render(request, "queue.html", context, user=user, status_code=status_code)


@dataclass(frozen=True)
class RowMark:
    """Why an article in review is not new work: a correction of a published (or
    approved) version, or a rejected article sent back; and its newest note."""

    kind: str | None  # "correction", "sent_back" or None (new work)
    version: int | None  # the published version a correction replaces
    note: Note | None


def _marks(session: Session, article_ids: list[int]) -> dict[int, RowMark]:
    notes = notes_by_article(session, article_ids)
    versions = published_versions(session, article_ids)
    marks = {}
    for article_id in article_ids:
        mine = notes.get(article_id, [])
        reopened_from = {n.from_state for n in mine if n.kind == REOPEN}
        if article_id in versions or reopened_from - {ArticleState.REJECTED.value}:
            kind = "correction"
        elif reopened_from:
            kind = "sent_back"
        else:
            kind = None
        marks[article_id] = RowMark(kind, versions.get(article_id), mine[-1] if mine else None)
    return marks


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.name).where(User.id.in_(ids))).all())


def _age_minutes(created_at: datetime) -> int:
    if created_at.tzinfo is None:  # SQLite hands back naive UTC datetimes
        created_at = created_at.replace(tzinfo=UTC)
    return max(0, int((datetime.now(UTC) - created_at).total_seconds() // 60))


def _source_names(session: Session, articles: list[Article]) -> dict[int, str]:
    ids = {a.source_id for a in articles if a.source_id}
    if not ids:
        return {}
    return dict(session.exec(select(Source.id, Source.name).where(Source.id.in_(ids))).all())


def _counts(session: Session, article_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Segments and open QA findings per article."""
    if not article_ids:
        return {}
    segments = dict(
        session.exec(
            select(Segment.article_id, func.count())
            .where(Segment.article_id.in_(article_ids))
            .group_by(Segment.article_id)
        ).all()
    )
    findings = dict(
        session.exec(
            select(Finding.article_id, func.count())
            .where(Finding.article_id.in_(article_ids), Finding.dismissed_at.is_(None))
            .group_by(Finding.article_id)
        ).all()
    )
    return {i: (segments.get(i, 0), findings.get(i, 0)) for i in article_ids}
