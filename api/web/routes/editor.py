"""The review editor: an article's segments beside their source, saves, findings, decisions.

htmx requests get the piece of page they replace (a segment, its findings, a
comment list, the approval blockers); plain form posts get a redirect or a
whole page, so the forms still work without JavaScript.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, select

from api.deps import SessionDep
from api.web.deps import AnyWebUser, ReviewerWebUser
from api.web.render import gettext_for, render
from core.effort import article_effort, effort_csv, summarize
from core.history import article_history
from core.memory import fuzzy_matches
from core.models import (
    Article,
    ArticleTransition,
    Comment,
    Finding,
    GlossaryEntry,
    Paragraph,
    Segment,
    SegmentVersion,
    User,
)
from core.review import (
    EDITABLE,
    ReviewConflict,
    approve,
    blockers,
    create_comment,
    dismiss_finding,
    reject,
    request_glossary_check,
    save_segment,
)
from core.states import ArticleState

router = APIRouter()

MAX_TARGET = 10_000  # as the JSON API
MAX_NOTE = 2_000
MAX_COMMENT = 5_000
MAX_ACTIVE_MS = 86_400_000
# After a save the findings are fetched again this many times, further apart each time,
# while the worker re-checks the glossary (usually well under a second).
REFRESHES = 5


# --- view models ------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A glossary hit as the translator sees it: the source words and what they must become."""

    source_form: str
    target_form: str
    satisfied: bool
    kind: str  # "term", "keep" or "forbidden"
    note: str | None


@dataclass(frozen=True)
class Piece:
    """A run of source text; marked when it is a glossary hit. The template escapes it."""

    text: str
    terms: tuple[Term, ...] = ()


@dataclass
class SegmentView:
    segment: Segment
    pieces: list[Piece]
    terms: list[Term]
    findings: list[Finding] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


def highlight(source: str, hits: list[dict], kinds: dict[int, GlossaryEntry]) -> list[Piece]:
    """Split `source` at the glossary spans: plain pieces and marked ones, in order.

    Hits sharing a span share a mark; a span overlapping an earlier one is not
    marked again (the list beside the source still names it).
    """
    spans: dict[tuple[int, int], list[Term]] = defaultdict(list)
    for hit in hits:
        start, end = hit["source_span"]
        if 0 <= start < end <= len(source):
            spans[(start, end)].append(_term(hit, kinds))
    pieces, position = [], 0
    for (start, end), terms in sorted(spans.items()):
        if start < position:
            continue
        if start > position:
            pieces.append(Piece(source[position:start]))
        pieces.append(Piece(source[start:end], tuple(terms)))
        position = end
    if position < len(source):
        pieces.append(Piece(source[position:]))
    return pieces


def _term(hit: dict, kinds: dict[int, GlossaryEntry]) -> Term:
    entry = kinds.get(hit["entry_id"])
    return Term(
        source_form=hit.get("source_form") or "",
        target_form=hit.get("target_form") or "",
        satisfied=bool(hit.get("satisfied")),
        kind=entry.type if entry else "term",
        note=entry.note if entry else None,
    )


def segment_views(session: Session, segments: list[Segment]) -> list[SegmentView]:
    """Views of `segments` with their findings, comments and glossary terms (bulk queries)."""
    ids = [s.id for s in segments]
    findings: dict[int, list[Finding]] = defaultdict(list)
    for finding in session.exec(
        select(Finding).where(Finding.segment_id.in_(ids)).order_by(Finding.id)
    ):
        findings[finding.segment_id].append(finding)
    comments: dict[int, list[Comment]] = defaultdict(list)
    for comment in session.exec(
        select(Comment).where(Comment.segment_id.in_(ids)).order_by(Comment.id)
    ):
        comments[comment.segment_id].append(comment)
    entry_ids = {hit["entry_id"] for s in segments for hit in s.glossary or []}
    kinds = {
        entry.id: entry
        for entry in session.exec(select(GlossaryEntry).where(GlossaryEntry.id.in_(entry_ids)))
    }
    views = []
    for segment in segments:
        hits = segment.glossary or []
        views.append(
            SegmentView(
                segment=segment,
                pieces=highlight(segment.source, hits, kinds),
                terms=[_term(hit, kinds) for hit in hits],
                findings=findings[segment.id],
                comments=comments[segment.id],
            )
        )
    return views


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.exec(select(User.id, User.name).where(User.id.in_(wanted))).all())


def _names_for(session: Session, views: list[SegmentView], *more: int | None) -> dict[int, str]:
    ids = [f.dismissed_by_id for v in views for f in v.findings]
    ids += [c.user_id for v in views for c in v.comments]
    return user_names(session, [*ids, *more])


# --- helpers -------------------------------------------------------------------------


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _not_found(request: Request, user: User, kind: str, number: int) -> HTMLResponse:
    _ = gettext_for(request, user)
    if kind == "article":
        message = _("There is no article %(id)d.") % {"id": number}
    elif kind == "segment":
        message = _("There is no segment %(id)d.") % {"id": number}
    else:
        message = _("This segment has no QA finding %(id)d.") % {"id": number}
    context = {"message": message}
    return render(request, "editor_not_found.html", context, user=user, status_code=404)


def _answer(
    request: Request, user: User, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """The fragment for htmx; for a plain form post the fragment inside a whole page."""
    if _is_htmx(request):
        return render(request, template, context, user=user, status_code=status_code)
    page = {**context, "fragment": template}
    return render(request, "editor_fragment.html", page, user=user, status_code=status_code)


def _back_to(article_id: int, segment_id: int | None = None) -> RedirectResponse:
    anchor = f"#segment-{segment_id}" if segment_id else ""
    return RedirectResponse(f"/articles/{article_id}{anchor}", 303)


def _web_link(url: str | None) -> str | None:
    """Only http(s) links: a page's canonical URL could say `javascript:`."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _segment_context(
    session: Session, segment: Segment, *, refresh: int = 0, **extra: Any
) -> dict[str, Any]:
    article = session.get(Article, segment.article_id)
    [view] = segment_views(session, [segment])
    return {
        "view": view,
        "article": article,
        "editable": article.state in EDITABLE,
        "names": _names_for(session, [view]),
        "refresh": refresh,  # times left to fetch the findings again
        "refresh_delay_ms": 1500 + 1000 * (REFRESHES - refresh),
        **extra,
    }


# --- the editor page ---------------------------------------------------------------------


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def editor_page(
    request: Request, article_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """The two-column editor: source beside the Indonesian draft, segment by segment."""
    article = session.get(Article, article_id)
    if article is None:
        return _not_found(request, user, "article", article_id)
    return render(request, "editor.html", _page_context(session, article), user=user)


def _page_context(session: Session, article: Article) -> dict[str, Any]:
    paragraphs = session.exec(
        select(Paragraph).where(Paragraph.article_id == article.id).order_by(Paragraph.index)
    ).all()
    segments = session.exec(
        select(Segment)
        .where(Segment.article_id == article.id)
        .order_by(Segment.paragraph_id, Segment.index)
    ).all()
    views = segment_views(session, list(segments))
    by_paragraph: dict[int, list[SegmentView]] = defaultdict(list)
    for view in views:
        by_paragraph[view.segment.paragraph_id].append(view)
    editable = article.state in EDITABLE
    return {
        "article": article,
        "paragraphs": [(p, by_paragraph[p.id]) for p in paragraphs if by_paragraph[p.id]],
        "editable": editable,
        "can_claim": editable and article.assignee_id is None,
        "names": _names_for(session, views, article.assignee_id),
        "source_link": _web_link(article.submitted_url),
        "rejection": _rejection_note(session, article),
        **_effort_context(session, article.id),
    }


def _effort_context(session: Session, article_id: int) -> dict[str, Any]:
    effort = summarize(article_effort(session, article_id))
    return {"effort": effort, "active_time": duration(effort.active_seconds)}


def duration(seconds: float) -> str:
    """4.2 s, 2 min 05 s, 1 h 03 min: editing time as people read it."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _rejection_note(session: Session, article: Article) -> str | None:
    if article.state != ArticleState.REJECTED:
        return None
    return session.exec(
        select(ArticleTransition.reason)
        .where(
            ArticleTransition.article_id == article.id,
            ArticleTransition.to_state == ArticleState.REJECTED,
        )
        .order_by(ArticleTransition.id.desc())
    ).first()


@router.get("/articles/{article_id}/history", response_class=HTMLResponse)
def history_page(
    request: Request, article_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """Every saved version of every segment, each with a diff against the one before."""
    article = session.get(Article, article_id)
    if article is None:
        return _not_found(request, user, "article", article_id)
    segments = session.exec(
        select(Segment)
        .where(Segment.article_id == article.id)
        .order_by(Segment.paragraph_id, Segment.index)
    ).all()
    histories = article_history(session, segments)
    names = user_names(session, (v.user_id for vs in histories.values() for v in vs))
    context = {
        "article": article,
        "rows": [(segment, histories[segment.id]) for segment in segments],
        "names": names,
    }
    return render(request, "history.html", context, user=user)


@router.get("/articles/{article_id}/effort.csv", response_model=None)
def effort_download(
    request: Request, article_id: int, session: SessionDep, user: AnyWebUser
) -> Response:
    """Post-editing effort per segment as CSV (the same columns as the JSON API's)."""
    if session.get(Article, article_id) is None:
        return _not_found(request, user, "article", article_id)
    return Response(
        effort_csv(article_effort(session, article_id)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="article-{article_id}-effort.csv"'},
    )


# --- decisions -----------------------------------------------------------------------------


@router.post("/articles/{article_id}/approve", response_model=None)
def approve_article(
    request: Request, article_id: int, session: SessionDep, user: ReviewerWebUser
) -> Response:
    """Approve, or answer 409 with what blocks it: empty segments and open findings."""
    article = session.get(Article, article_id)
    if article is None:
        return _not_found(request, user, "article", article_id)
    try:
        approve(session=session, article=article, user_id=user.id)
    except ReviewConflict:
        session.rollback()
        return _decision(request, session, user, article, _blocker_context(session, article))
    return _reload(request, article.id)


def _blocker_context(session: Session, article: Article) -> dict[str, Any]:
    if article.state not in EDITABLE:
        return {"state_changed": article.state}
    found = blockers(session, article)
    wanted = set(found.empty_segments) | {f.segment_id for f in found.open_findings}
    segments = {s.id: s for s in session.exec(select(Segment).where(Segment.id.in_(wanted))).all()}
    return {
        "empty": [segments[i] for i in sorted(found.empty_segments)],
        "open_findings": [(f, segments[f.segment_id]) for f in found.open_findings],
    }


def _decision(
    request: Request,
    session: Session,
    user: User,
    article: Article,
    context: dict[str, Any],
    status_code: int = 409,
) -> HTMLResponse:
    """What stands in the way of a decision: in its place for htmx, else on the editor page."""
    if _is_htmx(request):
        context = {"article": article, **context}
        return render(request, "editor_decision.html", context, user=user, status_code=status_code)
    page = {**_page_context(session, article), **context, "show_decision": True}
    return render(request, "editor.html", page, user=user, status_code=status_code)


def _reload(request: Request, article_id: int) -> Response:
    if _is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": f"/articles/{article_id}"})
    return _back_to(article_id)


@router.post("/articles/{article_id}/reject", response_model=None)
def reject_article(
    request: Request,
    article_id: int,
    session: SessionDep,
    user: ReviewerWebUser,
    note: Annotated[str, Form(max_length=MAX_NOTE)] = "",
) -> Response:
    """Send the article back to the editors with a note saying what to fix."""
    article = session.get(Article, article_id)
    if article is None:
        return _not_found(request, user, "article", article_id)
    if not note.strip():
        return _decision(request, session, user, article, {"note_missing": True}, status_code=422)
    try:
        reject(session=session, article=article, user_id=user.id, note=note)
    except ReviewConflict:
        session.rollback()
        return _decision(request, session, user, article, {"state_changed": article.state})
    return _reload(request, article.id)


# --- segments ------------------------------------------------------------------------------


@router.get("/segments/{segment_id}", response_class=HTMLResponse)
def segment_block(
    request: Request, segment_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """One segment as saved now (after a conflict: "use theirs")."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return _not_found(request, user, "segment", segment_id)
    return render(request, "_segment.html", _segment_context(session, segment), user=user)


@router.post("/segments/{segment_id}", response_model=None)
def save(
    request: Request,
    segment_id: int,
    session: SessionDep,
    user: ReviewerWebUser,
    version: Annotated[int, Form(ge=1)],
    target: Annotated[str, Form()] = "",
    active_ms: Annotated[int | None, Form()] = None,
) -> Response:
    """Save a segment's text if the version is current; else 409 with both texts side by side."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return _not_found(request, user, "segment", segment_id)
    if len(target) > MAX_TARGET:
        context = _segment_context(session, segment, mine=target, too_long=MAX_TARGET)
        return _answer(request, user, "_segment.html", context, status_code=422)
    spent = min(max(active_ms, 0), MAX_ACTIVE_MS) if active_ms is not None else None
    try:
        save_segment(
            session=session,
            segment=segment,
            target=target,
            version=version,
            user_id=user.id,
            active_ms=spent,
        )
    except ReviewConflict as conflict:
        return _answer(
            request, user, *_conflict(session, segment, target, conflict), status_code=409
        )
    request_glossary_check(segment.article_id)
    if not _is_htmx(request):
        return _back_to(segment.article_id, segment.id)
    # The worker re-checks the glossary: the block fetches its findings again, a few times.
    context = _segment_context(session, segment, saved=True, refresh=REFRESHES)
    context |= _effort_context(session, segment.article_id)
    return render(request, "_segment_saved.html", context, user=user)


def _conflict(
    session: Session, segment: Segment, mine: str, conflict: ReviewConflict
) -> tuple[str, dict[str, Any]]:
    if "current" not in conflict.detail:  # not a version clash: the article left review
        return "_segment.html", _segment_context(session, segment, mine=mine, locked=True)
    latest = session.exec(
        select(SegmentVersion)
        .where(SegmentVersion.segment_id == segment.id)
        .order_by(SegmentVersion.version.desc(), SegmentVersion.id.desc())
    ).first()
    context = _segment_context(session, segment, mine=mine, theirs=latest)
    if latest is not None:
        context["names"] |= user_names(session, [latest.user_id])
    return "_segment_conflict.html", context


@router.get("/segments/{segment_id}/findings", response_class=HTMLResponse)
def findings(
    request: Request,
    segment_id: int,
    session: SessionDep,
    user: AnyWebUser,
    poll: Annotated[int, Query(ge=0, le=REFRESHES)] = 0,
) -> HTMLResponse:
    """A segment's findings and glossary marks as they stand; `poll`: times to ask again."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return _not_found(request, user, "segment", segment_id)
    context = _segment_context(session, segment, refresh=poll)
    return render(request, "_segment_refresh.html", context, user=user)


@router.post("/segments/{segment_id}/findings/{finding_id}/dismiss", response_model=None)
def dismiss(
    request: Request,
    segment_id: int,
    finding_id: int,
    session: SessionDep,
    user: ReviewerWebUser,
    note: Annotated[str, Form(max_length=MAX_NOTE)] = "",
) -> Response:
    """Dismiss a QA finding; who, when and the note are kept and shown."""
    finding = session.get(Finding, finding_id)
    if finding is None or finding.segment_id != segment_id:
        return _not_found(request, user, "finding", finding_id)
    dismiss_finding(session=session, finding=finding, user_id=user.id, note=note)
    if not _is_htmx(request):
        return _back_to(finding.article_id, segment_id)
    context = _segment_context(session, session.get(Segment, segment_id))
    return render(request, "_segment_findings.html", context, user=user)


@router.get("/segments/{segment_id}/suggestions", response_class=HTMLResponse)
def suggestions(
    request: Request, segment_id: int, session: SessionDep, user: AnyWebUser
) -> HTMLResponse:
    """Translation-memory matches for a segment, fuzzy ones with their percentage."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return _not_found(request, user, "segment", segment_id)
    context = {"segment": segment, "matches": fuzzy_matches(session, segment)}
    return render(request, "_segment_suggestions.html", context, user=user)


@router.post("/segments/{segment_id}/comments", response_model=None)
def comment(
    request: Request,
    segment_id: int,
    session: SessionDep,
    user: AnyWebUser,
    body: Annotated[str, Form()] = "",
) -> Response:
    """Add a comment to a segment; answers the segment's comment list."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        return _not_found(request, user, "segment", segment_id)
    if not body.strip() or len(body) > MAX_COMMENT:
        context = _segment_context(session, segment, comment_draft=body, comment_invalid=True)
        return _answer(request, user, "_segment_comments.html", context, status_code=422)
    create_comment(session=session, segment=segment, user_id=user.id, body=body)
    if not _is_htmx(request):
        return _back_to(segment.article_id, segment.id)
    context = _segment_context(session, segment, comments_open=True)
    return render(request, "_segment_comments.html", context, user=user)
