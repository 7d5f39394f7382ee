"""The assembled Indonesian article before it goes out, and its word counts.

The draft is built with snapshot(), the very function publishing freezes a
version with, so the preview shows exactly what partners would get if the
editor published now with the headline field left blank. A published
article shows its live version itself; a draft under correction is compared
with the live version, paragraph by paragraph.
"""

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from core.models import HEADLINE_INDEX, Article, Paragraph, Publication, PubStatus, Segment, Source
from core.publishing import publication_of
from core.sanitize import clean_html, credit_text, plain_text
from core.snapshot import snapshot
from core.states import ArticleState

S = ArticleState
PREVIEWABLE = (S.IN_REVIEW, S.APPROVED, S.PUBLISHED)
# body_html() writes one bare <p> per paragraph, an <em> correction note, then the credit.
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


class PreviewUnavailable(ValueError):
    """The article has nothing partners could get yet (its state, or no source to credit)."""


def word_count(text: str) -> int:
    """Words as CAT tools count them: whitespace-separated tokens holding a letter or digit.

    "—" and "-" alone are not words; "3.5", "U.S." and "[id]" are one each.
    """
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


@dataclass(frozen=True)
class SegmentWords:
    """One segment's counts; `paragraph` is the paragraph's index (HEADLINE_INDEX: the title)."""

    segment_id: int
    paragraph: int
    source: int
    target: int

    @property
    def is_headline(self) -> bool:
        return self.paragraph == HEADLINE_INDEX


@dataclass(frozen=True)
class WordCounts:
    source: int
    target: int
    segments: tuple[SegmentWords, ...]


@dataclass(frozen=True)
class Preview:
    """What partners would get: headline and body (sanitised HTML, credit line included)."""

    headline: str
    body_html: str
    credit_line: str
    original_url: str
    translators: tuple[str, ...]
    version: int  # the live version when `is_live`, else the one publishing would make
    is_live: bool  # this is the publication partners have now, not a draft
    live: Publication | None  # the version partners have now, if any
    headline_changed: bool  # the draft's headline is not the live one
    changed: tuple[str, ...]  # draft paragraphs the live version does not have
    removed: tuple[str, ...]  # live paragraphs the draft no longer has
    words: WordCounts

    @property
    def differs(self) -> bool:
        return self.headline_changed or bool(self.changed or self.removed)


def build_preview(session: Session, article: Article) -> Preview:
    """The preview of `article` now; PreviewUnavailable says why there is none."""
    if article.state not in PREVIEWABLE:
        raise PreviewUnavailable(
            f"Article {article.id} is '{article.state}': only articles in review, "
            "approved or published have a preview."
        )
    publication = publication_of(session, article.id)
    live = publication if publication and publication.status == PubStatus.USABLE else None
    words = word_counts(session, article.id)
    if article.state == S.PUBLISHED and live is not None:
        return _live_preview(live, words)
    source = session.get(Source, article.source_id) if article.source_id else None
    if source is None:
        raise PreviewUnavailable(f"Article {article.id} has no source outlet to credit.")
    version = publication.version + 1 if publication else 1
    # No correction note yet: the editor writes it when publishing the correction.
    draft = snapshot(session, article, source, publication, None, None, version)
    draft_paragraphs = body_paragraphs(draft["body_html"])
    live_paragraphs = body_paragraphs(live.body_html) if live else draft_paragraphs
    return Preview(
        headline=draft["headline"],
        body_html=draft["body_html"],
        credit_line=credit_text(draft["credit_line"]),
        original_url=draft["original_url"],
        translators=tuple(draft["translators"]),
        version=version,
        is_live=False,
        live=live,
        headline_changed=live is not None and live.headline != draft["headline"],
        changed=tuple(p for p in draft_paragraphs if p not in live_paragraphs),
        removed=tuple(p for p in live_paragraphs if p not in draft_paragraphs),
        words=words,
    )


def _live_preview(live: Publication, words: WordCounts) -> Preview:
    return Preview(
        headline=live.headline,
        # Stored by body_html() at publication; cleaned again since the page shows it as HTML.
        body_html=clean_html(live.body_html),
        credit_line=credit_text(live.credit_line),
        original_url=live.original_url,
        translators=tuple(live.translators or ()),
        version=live.version,
        is_live=True,
        live=live,
        headline_changed=False,
        changed=(),
        removed=(),
        words=words,
    )


def body_paragraphs(fragment: str) -> list[str]:
    """The translated paragraphs of a body_html() fragment, as text (no note, no credit)."""
    found = _PARAGRAPH.findall(fragment)[:-1]  # the last paragraph is always the credit line
    return [plain_text(text) for text in found if not text.startswith("<em>")]


def word_counts(session: Session, article_id: int) -> WordCounts:
    """Source and Indonesian words of every segment, headline included, in reading order."""
    rows = session.exec(
        select(Segment.id, Paragraph.index, Segment.source, Segment.target)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(Segment.article_id == article_id)
        .order_by(Paragraph.index, Segment.index)
    ).all()
    segments = tuple(
        SegmentWords(segment_id, paragraph, word_count(source), word_count(target))
        for segment_id, paragraph, source, target in rows
    )
    return WordCounts(
        source=sum(s.source for s in segments),
        target=sum(s.target for s in segments),
        segments=segments,
    )
