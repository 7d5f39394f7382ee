"""Publish, correct, kill and what each partner sees, on SQLite and PostgreSQL."""

import itertools

import pytest
from sqlmodel import Session, select

from core.articles import ArticleConflict, override_language
from core.models import (
    HEADLINE_INDEX,
    Article,
    Origin,
    Paragraph,
    Partner,
    PublicationEvent,
    PubStatus,
    Role,
    Segment,
    SegmentVersion,
    Source,
    WebhookDelivery,
)
from core.notes import article_notes
from core.partners import PartnerInvalid, create_partner, normalize_domain, partner_for_key
from core.publishing import PublishInvalid, kill, publish, reopen
from core.review import ReviewConflict, approve, reject
from core.security import create_user, hash_token
from core.snapshot import default_headline
from core.states import ArticleState
from core.syndication_queries import (
    feed_state,
    find_publication,
    list_changes,
    list_publications,
    recent_publications,
)

S = ArticleState
_ids = itertools.count(1)


def make_approved(
    session: Session,
    domain: str,
    paragraphs: list[list[str]],
    headline: list[str] | None = None,
) -> Article:
    """An approved article of `domain` whose paragraphs' segments carry these targets;
    `headline`: the targets of the title's segments (none: extracted before titles were)."""
    n = next(_ids)
    source = session.exec(select(Source).where(Source.domain == domain)).first()
    if source is None:
        source = Source(name=domain.title(), domain=domain, credit_line=f"Sumber: {domain}")
        session.add(source)
        session.flush()
    url = f"https://{domain}/news/{n}"
    article = Article(
        submitted_url=url,
        normalized_url=url,
        canonical_url=url,
        source_id=source.id,
        state=S.APPROVED,
        detected_language="en",
        title=f"Source title {n}",
        byline="Ayşe Yılmaz",
        lead_image_url=f"https://{domain}/img/{n}.jpg",
    )
    session.add(article)
    session.flush()
    translator, _ = create_user(session=session, name=f"sinta-{n}", role=Role.TRANSLATOR)
    numbered = list(enumerate(paragraphs))
    if headline is not None:
        numbered.insert(0, (HEADLINE_INDEX, headline))
    for p_index, targets in numbered:
        paragraph = Paragraph(article_id=article.id, index=p_index, text="source")
        session.add(paragraph)
        session.flush()
        for s_index, target in enumerate(targets):
            segment = Segment(
                article_id=article.id,
                paragraph_id=paragraph.id,
                index=s_index,
                source=f"Source sentence {s_index}.",
                target=target,
            )
            session.add(segment)
            session.flush()
            session.add(
                SegmentVersion(
                    segment_id=segment.id,
                    article_id=article.id,
                    version=2,
                    target=target,
                    user_id=translator.id,
                )
            )
    session.commit()
    return article


def partner(session: Session, *domains: str) -> Partner:
    made, _ = create_partner(session=session, name=f"partner-{next(_ids)}", domains=domains)
    session.commit()
    return made


def test_a_correction_keeps_the_public_id_and_bumps_the_version(session: Session) -> None:
    article = make_approved(
        session, "news.example.org", [["Tentara maju.", "Bukit direbut."], ["Paragraf dua."]]
    )
    first = publish(session=session, article=article, user_id=None, headline="Judul <b>satu</b>")
    assert (first.version, first.status, article.state) == (1, PubStatus.USABLE, S.PUBLISHED)
    assert first.headline == "Judul satu"
    assert first.body_html.startswith("<p>Tentara maju. Bukit direbut.</p>\n<p>Paragraf dua.</p>")
    assert "Sumber: news.example.org</a></p>" in first.body_html
    assert len(first.translators) == 1 and first.translators[0].startswith("sinta-")
    public_id = first.public_id

    with pytest.raises(ArticleConflict, match="reopen it"):
        publish(session=session, article=article, user_id=None)
    reopen(session=session, article=article, user_id=None, note="Nama bukit salah.")
    assert article.state == S.IN_REVIEW
    approve(session=session, article=article, user_id=None)
    with pytest.raises(PublishInvalid, match="correction_note"):
        publish(session=session, article=article, user_id=None)
    second = publish(
        session=session, article=article, user_id=None, correction_note="Nama bukit diperbaiki."
    )
    assert (second.public_id, second.version, second.headline) == (public_id, 2, "Judul satu")
    assert "Koreksi (versi 2): Nama bukit diperbaiki." in second.body_html

    killed = kill(session=session, article=article, user_id=None, reason="Hak cipta dicabut.")
    assert (killed.status, killed.kill_reason, article.state) == (
        PubStatus.CANCELED,
        "Hak cipta dicabut.",
        S.KILLED,
    )
    events = session.exec(
        select(PublicationEvent.kind, PublicationEvent.version).order_by(PublicationEvent.id)
    ).all()
    assert [tuple(e) for e in events] == [("created", 1), ("updated", 2), ("killed", 2)]
    with pytest.raises(ArticleConflict, match="already killed"):
        kill(session=session, article=article, user_id=None, reason="lagi")


def test_publishing_needs_an_approved_article_and_the_right_fields(session: Session) -> None:
    article = make_approved(session, "news.example.org", [["Satu."]])
    with pytest.raises(PublishInvalid, match="nothing to correct"):
        publish(session=session, article=article, user_id=None, correction_note="x")
    with pytest.raises(ArticleConflict, match="never published"):
        kill(session=session, article=article, user_id=None, reason="x")
    article.state = S.IN_REVIEW
    session.add(article)
    session.commit()
    with pytest.raises(ArticleConflict, match="Only approved articles"):
        publish(session=session, article=article, user_id=None)
    assert session.exec(select(PublicationEvent)).all() == []


def test_no_headline_given_takes_the_first_sentence(session: Session) -> None:
    article = make_approved(session, "news.example.org", [["Kalimat pertama. Kedua."]])
    assert publish(session=session, article=article, user_id=None).headline == "Kalimat pertama."


def test_the_headline_is_the_reviewed_translation_of_the_title(session: Session) -> None:
    article = make_approved(
        session,
        "news.example.org",
        [["Kalimat pertama. Kedua."], ["Paragraf dua."]],
        headline=["Tentara maju:", "bukit <b>direbut</b>"],
    )
    assert default_headline(session, article.id, None) == "Tentara maju: bukit direbut"
    first = publish(session=session, article=article, user_id=None)
    assert first.headline == "Tentara maju: bukit direbut"  # segments joined, plain text
    assert first.summary == "Kalimat pertama. Kedua."
    assert first.body_html.startswith("<p>Kalimat pertama. Kedua.</p>\n<p>Paragraf dua.</p>")
    assert "Tentara maju" not in first.body_html and "direbut" not in first.body_html


def test_a_typed_headline_beats_the_translated_one(session: Session) -> None:
    article = make_approved(session, "news.example.org", [["Satu."]], headline=["Judul"])
    typed = publish(session=session, article=article, user_id=None, headline=" Judul lain ")
    assert typed.headline == "Judul lain"


def _retitle(session: Session, article: Article, target: str) -> None:
    title = session.exec(
        select(Segment)
        .join(Paragraph, Paragraph.id == Segment.paragraph_id)
        .where(Paragraph.article_id == article.id, Paragraph.index == HEADLINE_INDEX)
    ).one()
    title.target = target
    session.add(title)
    session.commit()


def test_a_correction_without_a_headline_keeps_the_live_one(session: Session) -> None:
    """Partners already carry the live headline; a correction replaces it only when typed."""
    article = make_approved(session, "news.example.org", [["Satu."]], headline=["Judul lama"])
    assert publish(session=session, article=article, user_id=None).headline == "Judul lama"
    reopen(session=session, article=article, user_id=None, note="Judul salah.")
    _retitle(session, article, "Judul baru")
    approve(session=session, article=article, user_id=None)
    second = publish(session=session, article=article, user_id=None, correction_note="Isi.")
    assert (second.version, second.headline) == (2, "Judul lama")

    reopen(session=session, article=article, user_id=None, note="Judul juga.")
    approve(session=session, article=article, user_id=None)
    third = publish(
        session=session,
        article=article,
        user_id=None,
        headline="Judul baru",
        correction_note="Judul diperbaiki.",
    )
    assert (third.version, third.headline) == (3, "Judul baru")


def test_a_correction_keeps_the_custom_headline_of_the_live_version(session: Session) -> None:
    article = make_approved(session, "news.example.org", [["Satu."]], headline=["Judul terjemahan"])
    first = publish(session=session, article=article, user_id=None, headline="Judul redaksi")
    assert first.headline == "Judul redaksi"
    reopen(session=session, article=article, user_id=None, note="Isi salah.")
    approve(session=session, article=article, user_id=None)
    # The publish form shows this as the default: the live headline, not the translation.
    assert default_headline(session, article.id, first) == "Judul redaksi"
    second = publish(
        session=session, article=article, user_id=None, headline="  ", correction_note="Isi."
    )
    assert (second.version, second.headline) == (2, "Judul redaksi")


def test_a_rejected_article_goes_back_to_review_with_its_edits_and_a_note(
    session: Session,
) -> None:
    article = make_approved(session, "news.example.org", [["Suntingan penerjemah."]])
    editor, _ = create_user(session=session, name=f"redaksi-{next(_ids)}", role=Role.EDITOR)
    session.commit()
    article.state = S.IN_REVIEW
    session.add(article)
    session.commit()
    reject(session=session, article=article, user_id=editor.id, note="Nama tempat salah.")
    assert article.state == S.REJECTED
    reopen(session=session, article=article, user_id=editor.id, note="  Periksa nama tempat. ")
    assert article.state == S.IN_REVIEW
    targets = session.exec(select(Segment.target).where(Segment.article_id == article.id)).all()
    assert targets == ["Suntingan penerjemah."]  # nothing re-translated

    notes = article_notes(session, article.id)
    assert [(n.kind, n.text, n.by, n.from_state) for n in notes] == [
        ("reject", "Nama tempat salah.", editor.name, "in_review"),
        ("reopen", "Periksa nama tempat.", editor.name, "rejected"),
    ]
    assert notes[0].at <= notes[1].at and notes[1].at.tzinfo is not None
    assert all(n.written for n in notes)

    # Without a note the log says what happened, and the pages say "no note".
    reject(session=session, article=article, user_id=editor.id, note="Lagi.")
    reopen(session=session, article=article, user_id=editor.id, note="")
    latest = article_notes(session, article.id)[-1]
    assert (latest.kind, latest.text, latest.written) == ("reopen", "sent back to review", False)


def test_only_approved_published_or_rejected_articles_are_reopened(session: Session) -> None:
    article = make_approved(session, "news.example.org", [["Satu."]])
    for state in (S.FAILED, S.IN_REVIEW):
        article.state = state
        session.add(article)
        session.commit()
        with pytest.raises(ArticleConflict, match="approved, published or rejected"):
            reopen(session=session, article=article, user_id=None, note="x")
    assert article_notes(session, article.id) == []


def test_the_language_override_tells_the_editor_to_reopen_a_rejected_article(
    session: Session,
) -> None:
    article = make_approved(session, "news.example.org", [["Satu."]])
    session.exec(
        select(Segment).where(Segment.article_id == article.id)
    ).one().origin = Origin.HUMAN
    article.state = S.REJECTED
    session.add(article)
    session.commit()
    with pytest.raises(ArticleConflict, match="with the edits kept, reopen it"):
        override_language(
            session=session, article=article, language="tr", user_id=None, actor="user"
        )
    assert article.state == S.REJECTED


def test_a_kill_during_a_correction_withdraws_the_live_version(session: Session) -> None:
    article = make_approved(session, "news.example.org", [["Satu."]])
    publish(session=session, article=article, user_id=None)
    reopen(session=session, article=article, user_id=None, note="cek")
    killed = kill(session=session, article=article, user_id=None, reason="Permintaan hukum.")
    # Out of the review queue for good: nobody works on a withdrawn article.
    assert killed.status == PubStatus.CANCELED and article.state == S.KILLED
    with pytest.raises(ArticleConflict, match="never published again"):
        publish(session=session, article=article, user_id=None, correction_note="x")
    with pytest.raises(ReviewConflict, match="'killed', not in review"):
        approve(session=session, article=article, user_id=None)


def test_partners_see_only_their_licensed_sources(session: Session) -> None:
    ours = publish(
        session=session,
        article=make_approved(session, "news.example.org", [["A."]]),
        user_id=None,
    )
    theirs = publish(
        session=session,
        article=make_approved(session, "haber.example.org", [["B."]]),
        user_id=None,
    )
    news, haber = partner(session, "www.News.example.org"), partner(session, "haber.example.org")
    nobody = partner(session)

    def ids(rows) -> list[str]:
        return [publication.public_id for publication, _ in rows]

    assert ids(list_publications(session, news.id, before=None, limit=10)) == [ours.public_id]
    assert ids(list_publications(session, haber.id, before=None, limit=10)) == [theirs.public_id]
    assert ids(recent_publications(session, news.id, 10)) == [ours.public_id]
    assert [c.id for c in list_changes(session, haber.id, after=None, limit=10)] == [
        theirs.public_id
    ]
    assert find_publication(session, news.id, theirs.public_id) is None
    assert find_publication(session, haber.id, theirs.public_id) is not None
    for query in (
        list_publications(session, nobody.id, before=None, limit=10),
        recent_publications(session, nobody.id, 10),
        list_changes(session, nobody.id, after=None, limit=10),
    ):
        assert query == []


def test_events_notify_only_licensed_partners_with_a_webhook(session: Session) -> None:
    hooked, _ = create_partner(
        session=session,
        name="hooked",
        domains=["news.example.org"],
        webhook_url="https://hook.example/warta",
    )
    create_partner(session=session, name="no hook", domains=["news.example.org"])
    create_partner(
        session=session, name="other", domains=["x.example"], webhook_url="https://o.example/"
    )
    session.commit()
    publish(
        session=session, article=make_approved(session, "news.example.org", [["A."]]), user_id=None
    )
    deliveries = session.exec(select(WebhookDelivery)).all()
    assert [(d.partner_id, d.event_type, d.status) for d in deliveries] == [
        (hooked.id, "article.created", "pending")
    ]
    assert hooked.webhook_secret.startswith("whsec_")


def test_keys_are_stored_hashed_and_domains_normalised(session: Session) -> None:
    made, key = create_partner(
        session=session, name="Mitra", domains=["https://www.AA.com.tr/en/", "aa.com.tr."]
    )
    session.commit()
    assert key.startswith("wp_") and key not in made.key_hash and made.key_hint == key[:10]
    assert partner_for_key(session=session, key=key).id == made.id
    assert partner_for_key(session=session, key=key + "x") is None
    assert normalize_domain("127.0.0.1") == "127.0.0.1"
    with pytest.raises(PartnerInvalid, match="not a source domain"):
        normalize_domain("bukan domain")
    with pytest.raises(PartnerInvalid, match="http"):
        create_partner(session=session, name="x", domains=[], webhook_url="ftp://x.example/")


def state_of(session: Session, key: str):
    with session.get_bind().connect() as connection:
        return feed_state(connection, hash_token(key))


def test_feed_state_reads_the_key_and_the_newest_event_in_one_query(session: Session) -> None:
    made, key = create_partner(session=session, name="feeds", domains=["news.example.org"])
    session.commit()
    empty = state_of(session, key)
    assert (empty.partner_id, empty.latest_id, empty.latest_at) == (made.id, None, None)
    assert state_of(session, key + "x") is None
    publication = publish(
        session=session,
        article=make_approved(session, "elsewhere.example", [["A."]]),
        user_id=None,
    )
    state = state_of(session, key)
    event = session.get(PublicationEvent, publication.last_event_id)
    # Any event moves every partner's ETag, licensed or not: never a stale 304.
    assert state.latest_id == event.id
    assert state.latest_at == event.at.replace(tzinfo=state.latest_at.tzinfo)
    assert state.latest_at.tzinfo is not None and state.revision == made.revision
    made.is_active = False
    session.add(made)
    session.commit()
    assert state_of(session, key) is None
