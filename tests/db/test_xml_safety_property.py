"""Whatever a translator pastes, the feeds still parse (issue 11), through the core functions
the API, the web UI and the CLI share, on SQLite and PostgreSQL (which refuses NUL)."""

import itertools
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlmodel import Session, select

from core import feeds
from core.db import get_engine, migrate
from core.glossary_store import entry_from_input
from core.models import (
    HEADLINE_INDEX,
    Article,
    ArticleTransition,
    Comment,
    Finding,
    Origin,
    Paragraph,
    Partner,
    Publication,
    Role,
    Segment,
    SegmentState,
    SegmentVersion,
    Source,
    User,
)
from core.partners import create_partner
from core.publishing import kill, publish, reopen
from core.review import (
    ReviewConflict,
    approve,
    create_comment,
    dismiss_finding,
    reject,
    save_segment,
)
from core.security import create_user
from core.states import ArticleState
from core.text import xml_safe
from tests.conformance.readers import NOT_OURS, TYPES, validate

S = ArticleState
DOMAIN = "xml.example.org"
_ids = itertools.count(1)

# Any Unicode string, with what Word and scrapers paste drawn often.
PASTED = ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "\udfff"]
PASTED += ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\t", "\n", "\r", "\u200f", "\u202e", "😀"]
any_text = st.text(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(PASTED)), max_size=80
)


def xml_accepts(text: str) -> bool:
    try:
        etree.Element("a").text = text
    except ValueError:
        return False
    return True


def translator(session: Session) -> User:
    user, _ = create_user(session=session, name=f"sinta-{next(_ids)}", role=Role.TRANSLATOR)
    session.commit()
    return user


def in_review(session: Session) -> tuple[Article, Segment, Segment]:
    """An article in review: a headline segment and a body paragraph of two segments.
    Returns the article, the headline segment and the first body segment."""
    source = session.exec(select(Source).where(Source.domain == DOMAIN)).first()
    if source is None:
        source = Source(name="XML Example", domain=DOMAIN, credit_line="Sumber: XML Example")
        session.add(source)
        session.flush()
    n = next(_ids)
    url = f"https://{DOMAIN}/news/{n}"
    article = Article(
        submitted_url=url,
        normalized_url=url,
        canonical_url=url,
        source_id=source.id,
        state=S.IN_REVIEW,
        detected_language="en",
        title=f"Source title {n}",
        byline="Ayşe Yılmaz",
    )
    session.add(article)
    session.flush()
    segments = []
    for p_index, drafts in ((HEADLINE_INDEX, ["Judul."]), (0, ["Kalimat satu.", "Kalimat dua."])):
        paragraph = Paragraph(article_id=article.id, index=p_index, text="source")
        session.add(paragraph)
        session.flush()
        for s_index, draft in enumerate(drafts):
            segment = Segment(
                article_id=article.id,
                paragraph_id=paragraph.id,
                index=s_index,
                source=f"Source sentence {s_index}.",
                source_language="en",
                target=draft,
                draft=draft,
                origin=Origin.MT,
                state=SegmentState.MT_DRAFT,
            )
            session.add(segment)
            session.flush()
            segments.append(segment)
    session.commit()
    return article, segments[0], segments[1]


def dismiss_all(session: Session, article: Article, user: User) -> None:
    for finding in session.exec(
        select(Finding).where(Finding.article_id == article.id, Finding.dismissed_at.is_(None))
    ).all():
        dismiss_finding(session=session, finding=finding, user_id=user.id, note="kept")


def feed_context(session: Session) -> feeds.FeedContext:
    partner = session.exec(select(Partner).where(Partner.name == "xml-partner")).first()
    if partner is None:
        partner, _ = create_partner(session=session, name="xml-partner", domains=[DOMAIN])
        session.commit()
    return feeds.FeedContext(
        partner=partner,
        base_url="https://warta.example",
        self_url="https://warta.example/feeds/x",
        updated=datetime.now(UTC),
    )


def assert_feeds_parse(session: Session, publication: Publication) -> None:
    context = feed_context(session)
    for render in (feeds.rss, feeds.atom):
        document = render([publication], context)
        etree.fromstring(document)  # strict XML 1.0: raises on anything it cannot carry
        parsed = feedparser.parse(document)
        assert not parsed.bozo, parsed.get("bozo_exception")
    json.loads(feeds.json_feed([publication], context))


def last_reason(session: Session, article: Article) -> str:
    return session.exec(
        select(ArticleTransition.reason)
        .where(ArticleTransition.article_id == article.id)
        .order_by(ArticleTransition.id.desc())
    ).first()


def assert_clean(*texts: str | None) -> None:
    for text in texts:
        if text is not None:
            assert xml_safe(text) == text and xml_accepts(text), ascii(text)


def publish_text(session: Session, text: str) -> tuple[Article, User, Publication | None]:
    """`text` saved as the headline and a body segment, approved and published with it as
    the typed headline; no publication when it cleans to an empty segment."""
    user = translator(session)
    article, headline, segment = in_review(session)
    for target in (headline, segment):
        save_segment(session=session, segment=target, target=text, version=1, user_id=user.id)
        assert target.target == xml_safe(text).strip()
        assert_clean(target.target)
    if not segment.target:  # nothing but control characters and spaces: an empty segment
        with pytest.raises(ReviewConflict, match="empty segment"):
            approve(session=session, article=article, user_id=user.id)
        return article, user, None
    dismiss_all(session, article, user)
    approve(session=session, article=article, user_id=user.id)
    publication = publish(session=session, article=article, user_id=user.id, headline=text)
    assert_clean(publication.headline, publication.summary, publication.body_html)
    return article, user, publication


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=any_text)
def test_any_text_saved_as_a_segment_and_published_yields_rss_and_atom_that_parse(
    session: Session, text: str
) -> None:
    article, user, publication = publish_text(session, text)
    if publication is None:
        return
    assert_feeds_parse(session, publication)
    kill(session=session, article=article, user_id=user.id, reason=f"{text} dicabut")
    assert_clean(publication.kill_reason)
    assert_feeds_parse(session, publication)  # the Atom tombstone carries the reason


@pytest.fixture
def sqlite_session(tmp_path: Path) -> Iterator[Session]:
    """The W3C validator runs a process per feed: one database is enough for it."""
    url = f"sqlite:///{tmp_path / 'warta.db'}"
    migrate(url)
    with Session(get_engine(url), expire_on_commit=False) as db_session:
        yield db_session


@pytest.mark.conformance
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=any_text)
def test_any_text_published_yields_rss_and_atom_the_w3c_validator_calls_valid(
    sqlite_session: Session, tmp_path: Path, text: str
) -> None:
    # Words around it, so that it never cleans to an empty segment.
    article, user, publication = publish_text(sqlite_session, f"Kabar {text} hari ini")
    context = feed_context(sqlite_session)

    def assert_valid(kind: str, document: bytes) -> None:
        warnings = validate(document, context.self_url, TYPES[kind], tmp_path)
        assert set(warnings) <= NOT_OURS, warnings

    assert_valid("rss", feeds.rss([publication], context))
    assert_valid("atom", feeds.atom([publication], context))
    kill(session=sqlite_session, article=article, user_id=user.id, reason=f"{text} dicabut")
    assert_valid("atom", feeds.atom([publication], context))  # the tombstone and its reason


DIRTY = "Tentara\x0bmaju\x00 ke\x0cbukit\ufffe.\ud800"
CLEAN = "Tentara maju ke bukit."


def test_every_note_and_name_a_person_types_is_cleaned(session: Session) -> None:
    user = translator(session)
    article, headline, segment = in_review(session)
    saved = save_segment(session=session, segment=segment, target=DIRTY, version=1, user_id=user.id)
    assert saved.target == CLEAN
    history = session.exec(select(SegmentVersion).where(SegmentVersion.segment_id == segment.id))
    assert [v.target for v in history] == [CLEAN]
    comment = create_comment(session=session, segment=segment, user_id=user.id, body=DIRTY)
    assert session.get(Comment, comment.id).body == CLEAN
    for finding in session.exec(select(Finding).where(Finding.article_id == article.id)).all():
        assert dismiss_finding(
            session=session, finding=finding, user_id=user.id, note=DIRTY
        ).dismiss_note in (CLEAN, None)  # already dismissed ones keep their note
    reject(session=session, article=article, user_id=user.id, note=DIRTY)
    assert last_reason(session, article) == CLEAN

    article, headline, segment = in_review(session)
    for target in (headline, segment):
        save_segment(session=session, segment=target, target="Kalimat.", version=1, user_id=user.id)
    dismiss_all(session, article, user)
    approve(session=session, article=article, user_id=user.id)
    first = publish(session=session, article=article, user_id=user.id, headline=DIRTY)
    assert first.headline == CLEAN
    reopen(session=session, article=article, user_id=user.id, note=DIRTY)
    assert last_reason(session, article) == CLEAN
    approve(session=session, article=article, user_id=user.id)
    second = publish(session=session, article=article, user_id=user.id, correction_note=DIRTY)
    assert second.correction_note == CLEAN
    assert "Koreksi" in second.body_html and CLEAN in second.body_html
    killed = kill(session=session, article=article, user_id=user.id, reason=DIRTY)
    assert killed.kill_reason == CLEAN

    partner, _ = create_partner(session=session, name="Mitra\x0bBaru\x00", domains=[DOMAIN])
    assert partner.name == "Mitra Baru"

    entry = entry_from_input(
        forms={"en": ["cease\x0bfire\x00"], "id": ["gencatan\x0csenjata"]},
        type="term",
        case_sensitive=False,
        note="Baris satu\r\nbaris\x07 dua",
    )
    assert entry.forms == {"en": ("cease fire",), "id": ("gencatan senjata",)}
    assert entry.note == "Baris satu\nbaris dua"


def test_a_kill_reason_of_control_characters_alone_is_no_reason(session: Session) -> None:
    user = translator(session)
    article, headline, segment = in_review(session)
    for target in (headline, segment):
        save_segment(session=session, segment=target, target="Kalimat.", version=1, user_id=user.id)
    dismiss_all(session, article, user)
    approve(session=session, article=article, user_id=user.id)
    publish(session=session, article=article, user_id=user.id)
    with pytest.raises(ValueError, match="needs a reason"):
        kill(session=session, article=article, user_id=user.id, reason="\x00\x0b")
