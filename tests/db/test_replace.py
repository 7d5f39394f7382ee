"""Find and replace over an article's saved Indonesian text, and the translation memory's
concordance search, on SQLite and PostgreSQL."""

import pytest
from sqlmodel import Session, select

from core.memory import Match, concordance
from core.models import Article, Role, Segment, SegmentState, SegmentVersion, User
from core.replace import Search, apply, preview, replace_in
from core.review import ReviewConflict, save_segment
from core.security import create_user
from core.states import ArticleState
from tests.web.factories import article_with_segments

MONDAY = "Menteri itu berbicara pada hari Rabu. Rabu adalah hari sibuk."
TUESDAY = "Pertemuan dilanjutkan pada hari Kamis."
CARABU = "Kota Carabu tenang pada Rabu malam."


def translator(session: Session) -> User:
    user, _ = create_user(session=session, name="tari", role=Role.TRANSLATOR, password="x" * 12)
    session.commit()
    return user


def article(db_url: str, *texts: str) -> tuple[int, list[int]]:
    made = article_with_segments(db_url, [[(f"Source {n}.", text)] for n, text in enumerate(texts)])
    return made.article_id, made.segment_ids


def test_the_preview_lists_each_changed_segment_before_and_after(
    db_url: str, session: Session
) -> None:
    article_id, (first, _, third) = article(db_url, MONDAY, TUESDAY, CARABU)
    changes = preview(session, article_id, Search("rabu", "Senin"))
    assert [c.segment_id for c in changes] == [first, third]
    change = changes[0]
    assert (change.version, change.count) == (1, 2)
    assert change.before == MONDAY
    assert change.after == "Menteri itu berbicara pada hari Senin. Senin adalah hari sibuk."
    assert [text for text, hit in change.before_runs if hit] == ["Rabu", "Rabu"]
    assert [text for text, hit in change.after_runs if hit] == ["Senin", "Senin"]
    # "Carabu" contains "rabu": only whole words leave the town's name alone.
    assert changes[1].after == "Kota CaSenin tenang pada Senin malam."
    whole = preview(session, article_id, Search("rabu", "Senin", whole_word=True))
    assert whole[1].after == "Kota Carabu tenang pada Senin malam."
    # Matching case, lower-case "rabu" is only inside "Carabu".
    cased = preview(session, article_id, Search("rabu", "x", match_case=True))
    assert [(c.segment_id, c.after) for c in cased] == [(third, "Kota Cax tenang pada Rabu malam.")]
    # Nothing is saved by a preview.
    assert session.exec(select(SegmentVersion)).all() == []


def test_applying_saves_each_change_as_a_version_with_its_origin(
    db_url: str, session: Session
) -> None:
    user = translator(session)
    article_id, (first, second, third) = article(db_url, MONDAY, TUESDAY, CARABU)
    search = Search("Rabu", "Senin", whole_word=True)
    versions = {c.segment_id: c.version for c in preview(session, article_id, search)}
    assert versions == {first: 1, third: 1}
    applied = apply(session, session.get(Article, article_id), search, versions, user.id)
    assert (applied.saved, applied.conflicts, applied.unchanged) == ([first, third], [], [])
    saved = session.exec(
        select(SegmentVersion).where(SegmentVersion.article_id == article_id)
    ).all()
    assert {(v.segment_id, v.version, v.origin, v.user_id) for v in saved} == {
        (first, 2, "replace", user.id),
        (third, 2, "replace", user.id),
    }
    segment = session.get(Segment, third)
    session.refresh(segment)
    assert segment.target == "Kota Carabu tenang pada Senin malam."
    assert (segment.version, segment.state) == (2, SegmentState.EDITED)
    assert session.get(Segment, second).version == 1


def test_a_segment_saved_after_the_preview_is_a_conflict_not_overwritten(
    db_url: str, session: Session
) -> None:
    user = translator(session)
    article_id, (first, _, third) = article(db_url, MONDAY, TUESDAY, CARABU)
    search = Search("Rabu", "Senin", whole_word=True)
    versions = {c.segment_id: c.version for c in preview(session, article_id, search)}
    meanwhile = "Menteri berbicara Rabu pagi."
    save_segment(
        session=session,
        segment=session.get(Segment, first),
        target=meanwhile,
        version=1,
        user_id=user.id,
    )
    applied = apply(session, session.get(Article, article_id), search, versions, user.id)
    assert (applied.saved, applied.conflicts) == ([third], [first])
    kept = session.get(Segment, first)
    session.refresh(kept)
    assert (kept.target, kept.version) == (meanwhile, 2)


def test_a_segment_that_no_longer_has_the_text_is_left_alone(db_url: str, session: Session) -> None:
    user = translator(session)
    article_id, (first, *_) = article(db_url, MONDAY, TUESDAY)
    nothing = apply(
        session, session.get(Article, article_id), Search("Jumat", "Sabtu"), {first: 1}, user.id
    )
    assert (nothing.saved, nothing.unchanged) == ([], [first])


def test_nothing_is_replaced_once_the_article_left_review(db_url: str, session: Session) -> None:
    user = translator(session)
    article_id, (first, *_) = article(db_url, MONDAY)
    row = session.get(Article, article_id)
    row.state = ArticleState.APPROVED
    session.add(row)
    session.commit()
    with pytest.raises(ReviewConflict, match="only articles in review"):
        apply(session, row, Search("Rabu", "Senin"), {first: 1}, user.id)


def test_replacement_text_is_literal() -> None:
    assert replace_in("harga 10% naik", Search("10%", r"\1 persen")) == (r"harga \1 persen naik", 1)
    assert replace_in("a.b a-b", Search("a.b", "x")) == ("x a-b", 1)
    assert replace_in("Rabu", Search("", "x")) == ("Rabu", 0)


def test_concordance_finds_saved_translations_of_a_phrase(db_url: str, session: Session) -> None:
    approved = article_with_segments(
        db_url,
        [[("The budget deficit widened on Wednesday.", "Defisit anggaran melebar pada Rabu.")]],
        state=ArticleState.APPROVED,
        segment_state=SegmentState.APPROVED,
    )
    edited = article_with_segments(
        db_url,
        [[("Officials cut the Budget again.", "Pejabat memangkas anggaran lagi.")]],
        segment_state=SegmentState.EDITED,
    )
    article_with_segments(db_url, [[("A budget draft nobody saved.", "[id] A budget draft.")]])
    hits = concordance(session, "  BUDGET ")
    assert [h.segment_id for h in hits] == [edited.segment_ids[0], approved.segment_ids[0]]
    assert hits[1].target == "Defisit anggaran melebar pada Rabu."
    assert hits[1].article_id == approved.article_id
    # The Indonesian side is searched too; wildcards in the phrase are plain text.
    assert [h.segment_id for h in concordance(session, "defisit anggaran")] == [
        approved.segment_ids[0]
    ]
    assert concordance(session, "anggaran%") == [] and concordance(session, "_udget") == []
    assert concordance(session, "budget", language="tr") == []
    assert len(concordance(session, "budget", limit=1)) == 1
    assert concordance(session, "   ") == []


def test_a_memory_match_marks_the_words_its_source_does_not_share() -> None:
    match = Match("The council met on Wednesday to vote.", "Dewan bertemu pada Rabu.", 91.0)
    assert tuple(match) == (match.source, "Dewan bertemu pada Rabu.", 91.0)  # as it was
    assert match.source_changes("The council met on Monday to vote.") == [
        ("equal", "The council met on"),
        ("delete", "Wednesday"),
        ("insert", "Monday"),
        ("equal", "to vote."),
    ]
