"""The editors' dashboard: submit URLs, watch articles by state, retry, override the language.

The list refreshes itself with one request every LIST_REFRESH seconds (rows of articles a
worker is on poll their own row faster), so approvals and rejections show up unasked.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import or_
from sqlmodel import Session, select

from api.deps import SessionDep
from api.web.deps import EditorWebUser
from api.web.render import gettext_for, render
from api.web.routes.auth import safe_next
from core.article_list import ArticleFilter, count_by_state, list_articles
from core.articles import (
    SUPPORTED_LANGUAGES,
    ArticleConflict,
    override_language,
    retry_article,
    submit_article,
)
from core.models import Article, ArticleCreate, ArticleTransition, User
from core.states import WORKING_STATES, ArticleState
from core.urls import InvalidUrl

router = APIRouter()

PAGE_SIZE = 50
MAX_URL = 2048
WORKING = "working"  # the dashboard's group of every state a worker stage owns
# Tabs in pipeline order after "all" and "working"; the pipeline's states are in WORKING.
TABS = ("failed", "in_review", "rejected", "approved", "published", "killed")
STAGES = ("fetch", "extract", "detect", "segment", "translate")
# The language can be set again from these states (core refuses the others with a reason).
LANGUAGE_STATES = {ArticleState.IN_REVIEW, ArticleState.REJECTED, ArticleState.FAILED}
# A failure in these stages came before language detection: a language set then only
# takes effect once the article runs again, so the dashboard sets it and retries.
BEFORE_DETECTION = {ArticleState.SUBMITTED, ArticleState.FETCHING, ArticleState.EXTRACTING}
LIST_REFRESH = "every 10s"  # the whole list, in one request
EARLIER_FAILURES_SHOWN = 3
_RETRY_REASON = re.compile(r"^retry after (?P<code>\S+)$")


@dataclass
class Failure:
    """An earlier failure of an article, before someone ran it again."""

    at: datetime
    reason: str | None
    code: str | None = None  # from the retry that followed ("retry after http_error")


@dataclass
class Trace:
    """What happened before the current run: the attempt number and earlier failures."""

    attempt: int = 1
    earlier: list[Failure] = field(default_factory=list)


@dataclass
class Row:
    """One article as a dashboard row shows it."""

    article: Article
    submitted_by: str | None = None
    assignee: str | None = None
    note: str | None = None  # why it was rejected
    error: str | None = None  # why the last action on this row was refused
    trace: Trace = field(default_factory=Trace)

    @property
    def working(self) -> bool:
        return self.article.state in WORKING_STATES

    @property
    def can_retry(self) -> bool:
        state = self.article.state
        return state == ArticleState.FAILED or (
            state == ArticleState.IN_REVIEW and self.article.mt_engine == "none"
        )

    @property
    def can_set_language(self) -> bool:
        return self.article.state in LANGUAGE_STATES

    @property
    def failed_before_detection(self) -> bool:
        return failed_before_detection(self.article)

    @property
    def earlier_failures(self) -> list[Failure]:
        """The newest few, newest first: a row stays a row."""
        return self.trace.earlier[::-1][:EARLIER_FAILURES_SHOWN]

    @property
    def timings(self) -> list[tuple[str, float]]:
        times = self.article.timings or {}
        return [(stage, times[stage]) for stage in STAGES if stage in times]


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    state: str = "",
    before: int | None = None,
    submitted: int | None = None,
    duplicate: int | None = None,
) -> HTMLResponse:
    """Articles by state, newest first, with the form to submit another."""
    return _page(
        request, session, user, group=state, before=before, submitted=submitted or duplicate
    )


@router.post("/articles", response_model=None)
def submit(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    url: Annotated[str, Form()] = "",
    html: Annotated[str, Form()] = "",
) -> Response:
    """Submit a source URL (optionally with the page's pasted HTML)."""
    _ = gettext_for(request, user)
    error = None
    if not url.strip():
        error = _("Enter the address (URL) of the source article.")
    elif len(url.strip()) > MAX_URL:
        error = _("The URL is too long: at most %(count)d characters.") % {"count": MAX_URL}
    else:
        try:
            submission = submit_article(
                session=session,
                article_in=ArticleCreate(submitted_url=url.strip(), html=html.strip() or None),
                user_id=user.id,
                actor="user",
            )
        except InvalidUrl as exc:
            error = _("Invalid URL: %(reason)s") % {"reason": exc}
    if error:
        form = {"url": url, "html": html}
        return _page(request, session, user, error=error, form=form, status_code=422)
    key = "duplicate" if submission.duplicate else "submitted"
    return RedirectResponse(f"/dashboard?{key}={submission.article.id}", 303)


@router.get("/dashboard/articles/{article_id}", response_model=None)
def article_row(
    request: Request, session: SessionDep, user: EditorWebUser, article_id: int, state: str = ""
) -> Response:
    """One article's row: what the dashboard polls while the article is being worked on."""
    article = session.get(Article, article_id)
    if article is None:
        return _missing(request, session, user, article_id)
    return _row(request, session, user, article, group=state)


@router.get("/dashboard/list", response_class=HTMLResponse)
def article_list(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    state: str = "",
    before: int | None = None,
) -> HTMLResponse:
    """The list of rows (and the tabs' counts), what the open dashboard refreshes itself with."""
    group = state if state == WORKING or state in TABS else ""
    context = _list_context(session, user, group, before)
    return render(request, "dashboard_list.html", context, user=user)


@router.post("/articles/{article_id}/retry", response_model=None)
def retry(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    article_id: int,
    next: Annotated[str, Form()] = "",
) -> Response:
    """Retry a failed article from the stage where it failed."""
    article = session.get(Article, article_id)
    if article is None:
        return _missing(request, session, user, article_id)
    try:
        retry_article(session=session, article=article, user_id=user.id, actor="user")
    except ArticleConflict as exc:
        return _refused(request, session, user, article, str(exc), 409, next)
    return _done(request, session, user, article, next)


@router.post("/articles/{article_id}/language", response_model=None)
def set_language(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    article_id: int,
    language: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Override the detected language; the article is segmented and translated again.

    An article that failed before its language was detected (fetch, extract) is retried
    as well: an editor who sets the language of a failed article expects it to run again,
    as it does for every other failed article, and the override alone would change
    nothing on the page.
    """
    _ = gettext_for(request, user)
    article = session.get(Article, article_id)
    if article is None:
        return _missing(request, session, user, article_id)
    if language not in SUPPORTED_LANGUAGES:
        reason = _("Choose English or Turkish as the article's language.")
        return _refused(request, session, user, article, reason, 422, next)
    retry_too = failed_before_detection(article)
    try:
        override_language(
            session=session, article=article, language=language, user_id=user.id, actor="user"
        )
        if retry_too:
            retry_article(session=session, article=article, user_id=user.id, actor="user")
    except ArticleConflict as exc:
        return _refused(request, session, user, article, str(exc), 409, next)
    return _done(request, session, user, article, next)


# --- answers -------------------------------------------------------------------


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _done(request: Request, session: Session, user: User, article: Article, next: str) -> Response:
    if _is_htmx(request):
        return _row(request, session, user, article, group=_group_in(next))
    return RedirectResponse(f"{_back(next)}#article-{article.id}", 303)


def _refused(
    request: Request,
    session: Session,
    user: User,
    article: Article,
    reason: str,
    status: int,
    next: str,
) -> Response:
    """The row again with the reason (htmx), or the whole dashboard with it."""
    group = _group_in(next)
    if _is_htmx(request):
        return _row(request, session, user, article, group, error=reason, status_code=status)
    return _page(request, session, user, group=group, error=reason, status_code=status)


def _back(next: str) -> str:
    """Where a form on the dashboard came from (never another site)."""
    target = safe_next(next)
    return target if target.startswith("/dashboard") else "/dashboard"


def _group_in(next: str) -> str:
    group = parse_qs(urlsplit(_back(next)).query).get("state", [""])[0]
    return group if group == WORKING or group in TABS else ""


def _missing(request: Request, session: Session, user: User, article_id: int) -> Response:
    _ = gettext_for(request, user)
    reason = _("There is no article %(id)d.") % {"id": article_id}
    if _is_htmx(request):
        return JSONResponse({"detail": reason}, status_code=404)  # app.js shows it
    return _page(request, session, user, error=reason, status_code=404)


def _row(
    request: Request,
    session: Session,
    user: User,
    article: Article,
    group: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The row, and the state tabs with fresh counts for htmx to swap out of band."""
    (row,) = rows_for(session, [article])
    row.error = error
    context = {
        "row": row,
        "group": group,
        "here": _dashboard_url(group, None),
        "tabs": _tabs(count_by_state(session)),
    }
    return render(request, "dashboard_row.html", context, user=user, status_code=status_code)


def _page(
    request: Request,
    session: Session,
    user: User,
    *,
    group: str = "",
    before: int | None = None,
    submitted: int | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    _ = gettext_for(request, user)
    if group and group != WORKING and group not in TABS:
        error = error or _("There is no group of articles called '%(name)s'.") % {"name": group}
        group, status_code = "", 422
    context = {
        **_list_context(session, user, group, before),
        "submitted": session.get(Article, submitted) if submitted else None,
        "duplicate": "duplicate" in request.query_params,
        "error": error,
        "form": form or {},
    }
    return render(request, "dashboard.html", context, user=user, status_code=status_code)


def _list_context(session: Session, user: User, group: str, before: int | None) -> dict:
    """The rows of one page of a group, its pager, the tabs, and the URL that refreshes it."""
    states = WORKING_STATES if group == WORKING else ((group,) if group else ())
    articles, more = list_articles(
        session=session,
        filters=ArticleFilter(states=states),
        user=user,
        limit=PAGE_SIZE,
        before_id=before,
    )
    query = {k: v for k, v in (("state", group), ("before", before)) if v}
    return {
        "rows": rows_for(session, articles),
        "group": group,
        "tabs": _tabs(count_by_state(session)),
        "older": _dashboard_url(group, articles[-1].id) if more else None,
        "newest": _dashboard_url(group, None) if before else None,
        "here": _dashboard_url(group, before),
        "list_url": "/dashboard/list" + (f"?{urlencode(query)}" if query else ""),
        "refresh": LIST_REFRESH,
    }


def _tabs(counts: dict[str, int]) -> list[tuple[str, int]]:
    working = sum(n for state, n in counts.items() if state in WORKING_STATES)
    return [
        ("", sum(counts.values())),
        (WORKING, working),
        *((state, counts.get(state, 0)) for state in TABS),
    ]


def _dashboard_url(group: str, before: int | None) -> str:
    query = {k: v for k, v in (("state", group), ("before", before)) if v}
    return "/dashboard" + (f"?{urlencode(query)}" if query else "")


def failed_before_detection(article: Article) -> bool:
    return article.state == ArticleState.FAILED and article.failed_stage in BEFORE_DETECTION


def rows_for(session: Session, articles: list[Article]) -> list[Row]:
    """Rows with the names of the people involved, the notes of rejections, and what
    happened before a retry."""
    people = {a.submitted_by_id for a in articles} | {a.assignee_id for a in articles}
    people.discard(None)
    names = dict(session.exec(select(User.id, User.name).where(User.id.in_(people))).all())
    traces = traces_of(session, [a.id for a in articles])
    rejected = [a.id for a in articles if a.state == ArticleState.REJECTED]
    notes: dict[int, str | None] = {}
    if rejected:
        for article_id, reason in session.exec(
            select(ArticleTransition.article_id, ArticleTransition.reason)
            .where(
                ArticleTransition.article_id.in_(rejected),
                ArticleTransition.to_state == ArticleState.REJECTED,
            )
            .order_by(ArticleTransition.id)
        ).all():
            notes[article_id] = reason  # the newest rejection wins
    return [
        Row(
            article=a,
            submitted_by=names.get(a.submitted_by_id),
            assignee=names.get(a.assignee_id),
            note=notes.get(a.id),
            trace=traces.get(a.id, Trace()),
        )
        for a in articles
    ]


def traces_of(session: Session, article_ids: list[int]) -> dict[int, Trace]:
    """Attempts and earlier failures, read from the transition log: every move out of
    'failed' (a retry, or a language set on a failed article) starts another attempt,
    and the failure before it stays listed with its reason and time."""
    traces: dict[int, Trace] = {}
    pending: dict[int, Failure] = {}  # each article's latest failure, not yet retried
    if not article_ids:
        return traces
    failed = ArticleState.FAILED.value
    log = session.exec(
        select(ArticleTransition)
        .where(
            ArticleTransition.article_id.in_(article_ids),
            or_(ArticleTransition.to_state == failed, ArticleTransition.from_state == failed),
        )
        .order_by(ArticleTransition.id)
    ).all()
    for move in log:
        if move.to_state == failed:
            pending[move.article_id] = Failure(at=move.at, reason=move.reason)
            continue
        trace = traces.setdefault(move.article_id, Trace())
        trace.attempt += 1
        failure = pending.pop(move.article_id, None)
        if failure is not None:
            matched = _RETRY_REASON.match(move.reason or "")
            failure.code = matched["code"] if matched else None
            trace.earlier.append(failure)
    return traces
