"""What the review editor shows: segments with glossary marks, findings and comments,
and the page, segment, effort and blocker contexts its templates render."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from api.web.publication_view import publication_context
from core.effort import article_effort, summarize
from core.models import (
    Article,
    Comment,
    Finding,
    GlossaryEntry,
    Paragraph,
    Role,
    Segment,
    User,
)
from core.notes import article_notes
from core.review import EDITABLE, blockers, claim_expires, lock_holder

MAX_NOTE = 2_000  # rejection and dismissal notes
# After a save the findings are fetched again this many times, further apart each time,
# while the worker re-checks the glossary (usually well under a second).
REFRESHES = 5


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
            spans[(start, end)].append(term_of(hit, kinds))
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


def term_of(hit: dict, kinds: dict[int, GlossaryEntry]) -> Term:
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
                terms=[term_of(hit, kinds) for hit in hits],
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


def names_for(session: Session, views: list[SegmentView], *more: int | None) -> dict[int, str]:
    ids = [f.dismissed_by_id for v in views for f in v.findings]
    ids += [c.user_id for v in views for c in v.comments]
    return user_names(session, [*ids, *more])


def web_link(url: str | None) -> str | None:
    """Only http(s) links: a page's canonical URL could say `javascript:`."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def claim_context(session: Session, article: Article, viewer: User | None) -> dict[str, Any]:
    """Who keeps `viewer` out of the article: another user's unexpired claim makes it
    read-only for them (`locked_by`, until `lock_expires`); editors may take it over.
    Without a viewer any holder's claim counts."""
    in_review = article.state in EDITABLE
    holder = lock_holder(article, viewer.id if viewer else None) if in_review else None
    desk = viewer is not None and viewer.role in (Role.EDITOR, Role.ADMIN)
    mine = viewer is not None and article.assignee_id == viewer.id
    return {
        "editable": in_review and holder is None,
        "locked_by": user_names(session, [holder]).get(holder, "?") if holder else None,
        "lock_expires": claim_expires(article) if holder else None,
        "can_claim": in_review and holder is None and not mine,
        "can_take_over": in_review and holder is not None and desk,
    }


def segment_context(
    session: Session,
    segment: Segment,
    *,
    viewer: User | None = None,
    refresh: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    article = session.get(Article, segment.article_id)
    [view] = segment_views(session, [segment])
    return {
        "view": view,
        "article": article,
        **claim_context(session, article, viewer),
        "names": names_for(session, [view]),
        "refresh": refresh,  # times left to fetch the findings again
        "refresh_delay_ms": 1500 + 1000 * (REFRESHES - refresh),
        **extra,
    }


def page_context(session: Session, article: Article, viewer: User | None = None) -> dict[str, Any]:
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
    return {
        "article": article,
        "paragraphs": [(p, by_paragraph[p.id]) for p in paragraphs if by_paragraph[p.id]],
        **claim_context(session, article, viewer),
        "names": names_for(session, views, article.assignee_id),
        "source_link": web_link(article.submitted_url),
        "notes": article_notes(session, article.id),
        **effort_context(session, article.id),
        **publication_context(session, article),
    }


def effort_context(session: Session, article_id: int) -> dict[str, Any]:
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


def blocker_context(session: Session, article: Article) -> dict[str, Any]:
    if article.state not in EDITABLE:
        return {"state_changed": article.state}
    found = blockers(session, article)
    wanted = set(found.empty_segments) | {f.segment_id for f in found.open_findings}
    segments = {s.id: s for s in session.exec(select(Segment).where(Segment.id.in_(wanted))).all()}
    return {
        "empty": [segments[i] for i in sorted(found.empty_segments)],
        "open_findings": [(f, segments[f.segment_id]) for f in found.open_findings],
    }
