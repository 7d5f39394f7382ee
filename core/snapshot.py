"""What a published version freezes: headline, body and attribution.

Partners get exactly what the editor published until the next version, so
nothing here is read again at serving time.
"""

import re

from sqlmodel import Session, select

from core.models import (
    HEADLINE_INDEX,
    Article,
    ArticleTransition,
    Paragraph,
    Publication,
    Segment,
    SegmentVersion,
    Source,
    User,
)
from core.sanitize import body_html
from core.states import ArticleState

HEADLINE_MAX = 150


def snapshot(
    session: Session,
    article: Article,
    source: Source,
    publication: Publication | None,
    headline: str | None,
    note: str | None,
    version: int,
) -> dict:
    """What partners get of this version: headline, body and attribution, frozen now."""
    translated, paragraphs = _translation(session, article.id)
    original_url = article.canonical_url or article.submitted_url
    return {
        "headline": clean_headline(headline or "")
        or _fallback_headline(publication, translated, paragraphs),
        "summary": paragraphs[0] if paragraphs else "",
        "body_html": body_html(
            paragraphs,
            credit_line=source.credit_line,
            original_url=original_url,
            correction_note=note,
            version=version,
        ),
        "correction_note": note,
        "source_id": source.id,
        "source_name": source.name,
        "credit_line": source.credit_line,
        "original_url": original_url,
        "original_byline": article.byline,
        "original_published_at": article.published_at,
        "original_language": article.language,
        "lead_image_url": article.lead_image_url,
        "translators": _translators(session, article.id),
    }


def default_headline(session: Session, article_id: int, publication: Publication | None) -> str:
    """The headline a version gets when the editor gives none (the publish form shows it)."""
    return _fallback_headline(publication, *_translation(session, article_id))


def translated_headline(session: Session, article_id: int) -> str:
    """The reviewed translation of the source title, as a headline ("" without one)."""
    return clean_headline(_translation(session, article_id)[0])


def _fallback_headline(
    publication: Publication | None, translated: str, paragraphs: list[str]
) -> str:
    # A correction keeps the live headline: partners already carry it, and it may be
    # one the editor wrote; a new one is typed. A first version takes the reviewed
    # translation of the source title; articles extracted before the title became a
    # segment have none: the lede.
    if publication is not None and publication.headline:
        return publication.headline
    return clean_headline(translated) or lede_headline(paragraphs)


def _translation(session: Session, article_id: int) -> tuple[str, list[str]]:
    """The translated headline ("" without a headline paragraph) and the body paragraphs."""
    rows = session.exec(
        select(Paragraph.index, Segment.target)
        .join(Segment, Segment.paragraph_id == Paragraph.id)
        .where(Paragraph.article_id == article_id)
        .order_by(Paragraph.index, Segment.index)
    ).all()
    texts: dict[int, list[str]] = {}
    for index, target in rows:
        parts = texts.setdefault(index, [])
        if target.strip():
            parts.append(target.strip())
    headline = " ".join(texts.pop(HEADLINE_INDEX, []))
    return headline, [" ".join(parts) for parts in texts.values() if parts]


def _translators(session: Session, article_id: int) -> list[str]:
    """Who saved segments, in order of first save; else whoever approved the draft."""
    names = session.exec(
        select(User.name)
        .join(SegmentVersion, SegmentVersion.user_id == User.id)
        .where(SegmentVersion.article_id == article_id)
        .order_by(SegmentVersion.id)
    ).all()
    if not names:
        names = session.exec(
            select(User.name)
            .join(ArticleTransition, ArticleTransition.user_id == User.id)
            .where(
                ArticleTransition.article_id == article_id,
                ArticleTransition.to_state == ArticleState.APPROVED.value,
            )
        ).all()
    return list(dict.fromkeys(names))


def clean_headline(value: str) -> str:
    """Plain text with no angle brackets: feed importers that treat titles as HTML stay safe."""
    value = re.sub(r"<[^<>]*>", " ", value)
    return " ".join(value.replace("<", " ").replace(">", " ").split())[:300]


def lede_headline(paragraphs: list[str]) -> str:
    """No headline given: the first sentence of the translation, cut at a word."""
    first = clean_headline(paragraphs[0] if paragraphs else "")
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    if len(sentence) <= HEADLINE_MAX:
        return sentence
    return sentence[:HEADLINE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"
