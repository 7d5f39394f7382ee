"""Claims keep others out (core/review.py): a claim locks the article's review writes to its
holder until the holder has been idle for `claim_idle_minutes`; an editor can take over."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from core.config import get_settings
from core.models import Article, Finding, Notification, Paragraph, Role, Segment, User
from core.review import (
    ReviewConflict,
    approve,
    assign,
    check_claim,
    dismiss_finding,
    lock_holder,
    reject,
    save_segment,
    take_over,
)
from core.security import create_user

IDLE = timedelta(minutes=get_settings().claim_idle_minutes)


def person(session: Session, role: Role, name: str) -> User:
    user, _ = create_user(session=session, name=f"{name}-{uuid.uuid4().hex[:6]}", role=role)
    session.commit()
    return user


def in_review(session: Session) -> tuple[Article, Segment]:
    url = f"https://news.example.org/c/{uuid.uuid4().hex}"
    article = Article(submitted_url=url, normalized_url=url, state="in_review", title="Talks")
    session.add(article)
    session.flush()
    paragraph = Paragraph(article_id=article.id, index=0, text="Talks resumed on Friday.")
    session.add(paragraph)
    session.flush()
    segment = Segment(
        article_id=article.id,
        paragraph_id=paragraph.id,
        index=0,
        source="Talks resumed on Friday.",
        target="[id] Talks resumed on Friday.",
        source_language="en",
    )
    session.add(segment)
    session.commit()
    return article, segment


def idle_since(session: Session, article: Article, ago: timedelta) -> None:
    """The holder's last activity was `ago` ago."""
    session.execute(
        update(Article).where(Article.id == article.id).values(claimed_at=datetime.now(UTC) - ago)
    )
    session.commit()
    session.refresh(article)


def save(session: Session, segment: Segment, user: User, text: str) -> Segment:
    session.refresh(segment)
    return save_segment(
        session=session, segment=segment, target=text, version=segment.version, user_id=user.id
    )


def test_a_claim_sets_its_time_and_refuses_a_second_claimant(session: Session) -> None:
    sinta, budi = (
        person(session, Role.TRANSLATOR, "sinta"),
        person(session, Role.TRANSLATOR, "budi"),
    )
    article, _ = in_review(session)
    before = datetime.now(UTC)
    assign(session=session, article=article, assignee=sinta, by=sinta)
    claimed = article.claimed_at.replace(tzinfo=article.claimed_at.tzinfo or UTC)
    assert article.assignee_id == sinta.id and claimed >= before - timedelta(seconds=1)
    with pytest.raises(ReviewConflict, match="Someone else has claimed"):
        assign(session=session, article=article, assignee=budi, by=budi)
    session.refresh(article)
    assert article.assignee_id == sinta.id
    # Claiming one's own article again is fine (and refreshes it).
    assign(session=session, article=article, assignee=sinta, by=sinta)


def test_an_idle_claim_can_be_claimed_by_someone_else(session: Session) -> None:
    sinta, budi = (
        person(session, Role.TRANSLATOR, "sinta"),
        person(session, Role.TRANSLATOR, "budi"),
    )
    article, _ = in_review(session)
    assign(session=session, article=article, assignee=sinta, by=sinta)
    idle_since(session, article, IDLE - timedelta(minutes=1))
    assert lock_holder(article, budi.id) == sinta.id
    idle_since(session, article, IDLE + timedelta(minutes=1))
    assert lock_holder(article, budi.id) is None
    assign(session=session, article=article, assignee=budi, by=budi)
    assert article.assignee_id == budi.id


def test_others_cannot_save_dismiss_approve_or_reject_a_claimed_article(
    session: Session,
) -> None:
    sinta = person(session, Role.TRANSLATOR, "sinta")
    budi, eda = person(session, Role.TRANSLATOR, "budi"), person(session, Role.EDITOR, "eda")
    article, segment = in_review(session)
    finding = Finding(
        article_id=article.id, segment_id=segment.id, code="numbers_changed", message="3.5"
    )
    session.add(finding)
    session.commit()
    assign(session=session, article=article, assignee=sinta, by=sinta)

    for outsider in (budi, eda):  # an editor too: they take over first
        with pytest.raises(ReviewConflict, match=f"claimed by {sinta.name}") as refused:
            save(session, segment, outsider, "Perundingan dilanjutkan.")
        assert refused.value.detail["claimed_by_id"] == sinta.id
        assert refused.value.detail["claim_expires"]
        with pytest.raises(ReviewConflict, match=sinta.name):
            dismiss_finding(session=session, finding=finding, user_id=outsider.id, note="ok")
        with pytest.raises(ReviewConflict, match=sinta.name):
            approve(session=session, article=article, user_id=outsider.id)
        with pytest.raises(ReviewConflict, match=sinta.name):
            reject(session=session, article=article, user_id=outsider.id, note="Salah.")
    session.refresh(segment)
    session.refresh(finding)
    assert segment.version == 1 and finding.dismissed_at is None
    assert article.state == "in_review"

    # The holder's own writes go through.
    dismiss_finding(session=session, finding=finding, user_id=sinta.id, note="ok")
    assert finding.dismissed_by_id == sinta.id
    save(session, segment, sinta, "Perundingan dilanjutkan pada hari Jumat.")
    check_claim(session, article, sinta.id)


def test_a_save_by_the_holder_keeps_the_claim_fresh(session: Session) -> None:
    sinta = person(session, Role.TRANSLATOR, "sinta")
    article, segment = in_review(session)
    assign(session=session, article=article, assignee=sinta, by=sinta)
    idle_since(session, article, IDLE - timedelta(seconds=30))
    old = article.claimed_at
    save(session, segment, sinta, "Perundingan dilanjutkan.")
    session.refresh(article)
    assert article.claimed_at > old


def test_a_save_on_a_free_article_claims_it_for_the_saver(session: Session) -> None:
    sinta, budi = (
        person(session, Role.TRANSLATOR, "sinta"),
        person(session, Role.TRANSLATOR, "budi"),
    )
    article, segment = in_review(session)
    save(session, segment, budi, "Perundingan dilanjutkan.")
    session.refresh(article)
    assert article.assignee_id == budi.id and article.claimed_at is not None
    with pytest.raises(ReviewConflict, match=f"claimed by {budi.name}"):
        save(session, segment, sinta, "Pembicaraan dimulai lagi.")
    # After the idle time, the next saver takes the claim with the save.
    idle_since(session, article, IDLE + timedelta(minutes=1))
    save(session, segment, sinta, "Pembicaraan dimulai lagi.")
    session.refresh(article)
    assert article.assignee_id == sinta.id


def test_a_version_clash_does_not_claim(session: Session) -> None:
    sinta = person(session, Role.TRANSLATOR, "sinta")
    article, segment = in_review(session)
    with pytest.raises(ReviewConflict, match="saved this segment first"):
        save_segment(session=session, segment=segment, target="x", version=7, user_id=sinta.id)
    session.refresh(article)
    assert article.assignee_id is None


def test_an_editor_takes_over_and_assigns_but_cannot_claim_over_someone(
    session: Session,
) -> None:
    sinta, budi = (
        person(session, Role.TRANSLATOR, "sinta"),
        person(session, Role.TRANSLATOR, "budi"),
    )
    eda = person(session, Role.EDITOR, "eda")
    article, segment = in_review(session)
    assign(session=session, article=article, assignee=sinta, by=sinta)
    with pytest.raises(ReviewConflict, match="Someone else has claimed"):
        assign(session=session, article=article, assignee=eda, by=eda)
    with pytest.raises(ReviewConflict, match="Only editors"):
        take_over(session=session, article=article, by=budi)

    take_over(session=session, article=article, by=eda)
    assert article.assignee_id == eda.id
    # Sinta, who held it, is told who has it now.
    [told] = session.exec(
        select(Notification).where(
            Notification.article_id == article.id, Notification.recipient_id == sinta.id
        )
    ).all()
    assert (told.kind, told.note, told.actor_id) == ("assigned", eda.name, eda.id)
    with pytest.raises(ReviewConflict, match=f"claimed by {eda.name}"):
        save(session, segment, sinta, "Perundingan dilanjutkan.")
    save(session, segment, eda, "Perundingan dilanjutkan.")

    # Assigning someone else goes through whoever holds it.
    assign(session=session, article=article, assignee=budi, by=eda)
    assert article.assignee_id == budi.id
    save(session, segment, budi, "Perundingan dilanjutkan lagi.")


def test_the_lock_ends_with_the_review(session: Session) -> None:
    sinta, eda = person(session, Role.TRANSLATOR, "sinta"), person(session, Role.EDITOR, "eda")
    article, segment = in_review(session)
    save(session, segment, sinta, "Perundingan dilanjutkan pada hari Jumat.")
    approve(session=session, article=article, user_id=sinta.id)
    with pytest.raises(ReviewConflict, match="not in review"):
        take_over(session=session, article=article, by=eda)
