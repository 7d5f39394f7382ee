"""Rows as the pipeline and the desk leave them, for the web tests (no worker involved)."""

import itertools
import os
import uuid
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.models import (
    HEADLINE_INDEX,
    Article,
    Finding,
    Origin,
    Paragraph,
    Segment,
    SegmentState,
    Source,
)
from core.states import ArticleState
from tests.web.conftest import csrf_of

_serial = itertools.count()

MINISTRY = "The Ministry of Defense said the clashes lasted 3.5 hours on Friday."
CEASEFIRE = "France and Russia called for an immediate ceasefire on Thursday."
LEDE = "Kementerian Pertahanan mengatakan bentrokan berlangsung 3,5 jam pada hari Jumat."
SECOND = "Prancis dan Rusia menyerukan gencatan senjata segera pada hari Kamis."
TITLE = "Ministry says clashes ended"
TITLE_ID = "Kementerian menyatakan bentrokan berakhir"


def article_row(database_url: str, state: str = "in_review", **fields: object) -> int:
    """An article row as the pipeline would have left it (no worker involved)."""
    url = fields.pop("submitted_url", None) or f"https://news.example/{uuid.uuid4().hex}"
    with Session(get_engine(database_url)) as session:
        article = Article(submitted_url=url, normalized_url=url, state=state, **fields)
        session.add(article)
        session.commit()
        return article.id


def load_article(database_url: str, article_id: int) -> Article:
    with Session(get_engine(database_url)) as session:
        return session.get(Article, article_id)


@dataclass
class Made:
    article_id: int
    segment_ids: list[int]


def article_with_segments(
    database_url: str,
    paragraphs: list[list[tuple[str, str]]],
    *,
    title: str = TITLE,
    headline: str | None = None,
    state: str = ArticleState.IN_REVIEW,
    glossary: dict[int, list[dict]] | None = None,
    findings: list[tuple[int, str, str]] = (),
    segment_state: SegmentState = SegmentState.MT_DRAFT,
) -> Made:
    """An article as the pipeline leaves it: paragraphs of (source, machine draft) segments.

    `headline` (the title's draft) adds the headline paragraph first, as extraction does;
    without it the article is one extracted before titles were translated.
    `glossary` gives hits per segment position, `findings` (position, code, message).
    """
    number = f"{next(_serial)}-{os.getpid()}"
    url = f"https://news.example.org/editor/{number}"
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        article = Article(
            submitted_url=url,
            normalized_url=url,
            state=state,
            detected_language="en",
            title=title,
            site_name="Daily Example",
            mt_engine="argos",
        )
        session.add(article)
        session.flush()
        segments = []
        numbered = list(enumerate(paragraphs))
        if headline is not None:
            numbered.insert(0, (HEADLINE_INDEX, [(title, headline)]))
        for p_index, sentences in numbered:
            paragraph = Paragraph(
                article_id=article.id, index=p_index, text=" ".join(s for s, _ in sentences)
            )
            session.add(paragraph)
            session.flush()
            for s_index, (source, draft) in enumerate(sentences):
                segment = Segment(
                    article_id=article.id,
                    paragraph_id=paragraph.id,
                    index=s_index,
                    source=source,
                    source_language="en",
                    target=draft,
                    draft=draft,
                    origin=Origin.MT if draft else Origin.NONE,
                    state=segment_state if draft else SegmentState.NO_MT,
                    glossary=(glossary or {}).get(len(segments), []),
                )
                session.add(segment)
                segments.append(segment)
        session.flush()
        for position, code, message in findings:
            segment = segments[position]
            session.add(
                Finding(segment_id=segment.id, article_id=article.id, code=code, message=message)
            )
        session.commit()
        return Made(article.id, [s.id for s in segments])


def hit(entry_id: int, source: str, form: str, target: str, satisfied: bool = False) -> dict:
    start = source.index(form)
    return {
        "entry_id": entry_id,
        "source_span": [start, start + len(form)],
        "source_form": form,
        "target_form": target,
        "satisfied": satisfied,
    }


def approved_article(
    database_url: str,
    domain: str | None = None,
    state: str = ArticleState.APPROVED,
    headline: str | None = None,
) -> int:
    """An approved (or `state`) article from a source outlet of its own, ready to publish."""
    domain = domain or f"pub-{uuid.uuid4().hex[:10]}.example.org"
    made = article_with_segments(
        database_url, [[(MINISTRY, LEDE)], [(CEASEFIRE, SECOND)]], state=state, headline=headline
    )
    with Session(get_engine(database_url)) as session:
        source = Source(name="Daily Example", domain=domain, credit_line="Daily Example")
        session.add(source)
        session.flush()
        article = session.get(Article, made.article_id)
        article.source_id = source.id
        article.canonical_url = f"https://{domain}/world/{made.article_id}"
        session.add(article)
        session.commit()
    return made.article_id


def post_form(client: TestClient, url: str, **data: str):
    return client.post(url, data={**data, "csrf_token": csrf_of(client)}, follow_redirects=False)
