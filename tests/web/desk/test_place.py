"""A translator's place and text, in Chromium: a failed save keeps focus on its segment,
a keyboard dismissal keeps focus in the segment, unsaved text survives leaving the page,
and a claim keeps others out until an editor takes over or the claim goes idle."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update
from sqlmodel import Session

from core.db import get_engine
from core.models import Article, Role, Segment
from core.review import save_segment
from tests.support import Stack
from tests.web.conftest import screenshot
from tests.web.desk.support import article_of, focused_id, open_findings, person, segments_of

pytestmark = pytest.mark.integration

HOURS = "Officials said the clashes lasted 3.5 hours overnight."
CEASEFIRE = "France, Russia and the U.S. called for an immediate ceasefire on Thursday."
TALKS = "Talks between the two delegations resumed in Vienna on Monday."


def save_elsewhere(desk: Stack, segment_id: int, user_id: int, text: str) -> None:
    """The same segment saved from another tab or device, behind this page's back."""
    with Session(get_engine(desk.database_url)) as session:
        segment = session.get(Segment, segment_id)
        save_segment(
            session=session,
            segment=segment,
            target=text,
            version=segment.version,
            user_id=user_id,
        )


def in_segment(page, segment_id: int) -> bool:
    return page.evaluate(
        "id => !!document.activeElement && !!document.activeElement.closest('#segment-' + id)",
        segment_id,
    )


def test_a_failed_save_keeps_the_cursor_on_its_segment(desk: Stack, submit, new_page) -> None:
    article_id = submit("Talks resume in Vienna", [HOURS, TALKS, CEASEFIRE])
    _, first, second, third = (s.id for s in segments_of(desk, article_id))
    sinta = person(desk, Role.TRANSLATOR)
    page = new_page(sinta)
    page.goto(f"/articles/{article_id}")

    # Too long (422): the error is on this segment, and so is the cursor.
    area = page.locator(f"#target-{first}")
    area.fill("x" * 10_001)
    area.press("Control+Enter")
    expect(page.locator(f"#segment-{first} .error")).to_contain_text("too long")
    expect(page.locator(f"#target-{first}")).to_be_focused()
    assert page.locator(f"#target-{first}").input_value() == "x" * 10_001

    # A success moves on, once the save answered.
    page.locator(f"#target-{first}").fill("Para pejabat mengatakan bentrokan berlangsung 3,5 jam.")
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#target-{second}")).to_be_focused()
    expect(page.locator(f"#segment-{first} .seg-state")).to_contain_text("version 2")

    # Saved meanwhile from another tab (409): the clash shows here, the cursor stays.
    save_elsewhere(desk, second, sinta.id, "Perundingan dilanjutkan di Wina.")
    mine = "Perundingan antara kedua delegasi dilanjutkan di Wina pada hari Senin."
    page.keyboard.press("Control+A")
    page.keyboard.type(mine)
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#segment-{second} .conflict-box")).to_be_visible()
    expect(page.locator(f"#target-{second}")).to_be_focused()
    assert page.locator(f"#target-{second}").input_value() == mine
    assert focused_id(page) != f"target-{third}"
    screenshot(page, "place-save-refused")


def test_a_finding_dismissed_from_the_keyboard_keeps_focus_in_its_segment(
    desk: Stack, submit, new_page
) -> None:
    article_id = submit("Calls for a ceasefire", [CEASEFIRE])
    findings = open_findings(desk, article_id)
    per_segment: dict[int, int] = {}
    for finding in findings:
        per_segment[finding.segment_id] = per_segment.get(finding.segment_id, 0) + 1
    segment, count = max(per_segment.items(), key=lambda item: item[1])
    assert count >= 1
    page = new_page(person(desk, Role.TRANSLATOR))
    page.goto(f"/articles/{article_id}")
    page.locator(f"#target-{segment}").focus()
    notes = page.locator(f"#findings-{segment} .finding:not(.dismissed) input[name=note]")
    expect(notes).to_have_count(count)

    for left in range(count - 1, -1, -1):
        # Tab from the text to the first open finding's note; type; Enter.
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate(
                "document.activeElement.matches('.finding:not(.dismissed) input[name=note]')"
            ):
                break
        assert in_segment(page, segment), "Tab left the segment before reaching the note"
        page.keyboard.type("Checked with the desk.")
        page.keyboard.press("Enter")
        expect(page.locator(f"#findings-{segment} .finding.dismissed")).to_have_count(count - left)
        if left:  # the next open finding's note, ready for the next dismissal
            expect(notes.first).to_be_focused()
        else:  # none left: back to the segment's text
            expect(page.locator(f"#target-{segment}")).to_be_focused()
        assert in_segment(page, segment)
        assert page.evaluate("document.activeElement !== document.body")
        page.locator(f"#target-{segment}").focus()
    assert [f for f in open_findings(desk, article_id) if f.segment_id == segment] == []


def test_unsaved_text_is_guarded_and_restored_after_leaving(desk: Stack, submit, new_page) -> None:
    article_id = submit("Talks resume in Vienna", [HOURS, TALKS])
    _, first, second = (s.id for s in segments_of(desk, article_id))
    sinta = person(desk, Role.TRANSLATOR)
    page = new_page(sinta)
    page.goto(f"/articles/{article_id}")
    server_text = page.locator(f"#target-{first}").input_value()
    draft = "Para pejabat mengatakan bentrokan semalam berlangsung 3,5 jam."
    page.locator(f"#target-{first}").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(draft)

    # Leaving asks first; answering "Stay" keeps the page and the text.
    history = page.locator(".article-head a", has_text="History")
    with page.expect_event("dialog") as asked:
        history.click()
    assert asked.value.type == "beforeunload"
    assert page.url.endswith(f"/articles/{article_id}")
    assert page.locator(f"#target-{first}").input_value() == draft

    # Leaving anyway, then coming back: the text is back, with a notice.
    page.accept_dialogs = True  # the person answers "Leave" from here on
    history.click()
    page.wait_for_url(f"**/articles/{article_id}/history")
    page.goto(f"/articles/{article_id}")
    notice = page.locator(f"#segment-{first} .draft-notice")
    expect(notice).to_contain_text("Unsaved text restored")
    assert page.locator(f"#target-{first}").input_value() == draft
    expect(page.locator(f"#segment-{first}")).to_have_class(re.compile(r"\bdirty\b"))
    assert page.locator(f"#segment-{second} .draft-notice").count() == 0
    screenshot(page, "place-draft-restored")

    # Discarding it brings back the saved text, for good.
    notice.get_by_role("button", name="Discard it").click()
    expect(notice).to_have_count(0)
    assert page.locator(f"#target-{first}").input_value() == server_text
    page.reload()
    expect(page.locator(f"#target-{first}")).to_have_value(server_text)
    assert page.locator(".draft-notice").count() == 0

    # A draft typed over a version that was saved again meanwhile is offered, not poured in.
    page.locator(f"#target-{first}").fill(draft)
    save_elsewhere(desk, first, sinta.id, "Bentrokan berlangsung 3,5 jam.")
    page.reload()
    conflict = page.locator(f"#segment-{first} .draft-conflict")
    expect(conflict).to_contain_text("Unsaved text from an older version")
    expect(conflict.locator(".draft-text")).to_have_text(draft)
    assert page.locator(f"#target-{first}").input_value() == "Bentrokan berlangsung 3,5 jam."
    conflict.get_by_role("button", name="Use my text").click()
    expect(page.locator(f"#target-{first}")).to_have_value(draft)
    page.locator(f"#target-{first}").press("Control+Enter")
    expect(page.locator(f"#segment-{first} .seg-state")).to_contain_text("version 3")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('warta:'))") == []
    page.reload()
    assert page.locator(".draft-notice").count() == 0
    assert len(page.dialogs) >= 1


def test_a_claim_keeps_others_out_until_taken_over_or_idle(desk: Stack, submit, new_page) -> None:
    article_id = submit("Delegations meet in Vienna", [TALKS])
    _, first = (s.id for s in segments_of(desk, article_id))
    sinta, budi = person(desk, Role.TRANSLATOR), person(desk, Role.TRANSLATOR)
    eda = person(desk, Role.EDITOR)

    mine = new_page(sinta)
    mine.goto(f"/articles/{article_id}")
    mine.get_by_role("button", name="Claim").click()
    mine.wait_for_url(f"**/articles/{article_id}")
    expect(mine.locator(".assignee")).to_contain_text(f"Assigned to {sinta.name}")

    # Budi sees who holds it, read-only, and cannot save through the form either.
    other = new_page(budi)
    other.goto(f"/articles/{article_id}")
    expect(other.locator(".claim-lock")).to_contain_text(f"Read-only: claimed by {sinta.name}")
    expect(other.locator(f"#target-{first}")).not_to_be_editable()
    assert other.get_by_role("button", name="Claim").count() == 0
    assert other.get_by_role("button", name="Take over").count() == 0
    assert other.get_by_role("button", name="Approve article").count() == 0
    token = other.locator("input[name=csrf_token]").first.input_value()
    refused = other.request.post(
        f"/segments/{first}",
        form={"target": "Teks Budi.", "version": "1", "csrf_token": token},
        max_redirects=0,
    )
    assert refused.status == 409
    assert f"{sinta.name} has claimed this article" in refused.text()
    assert segments_of(desk, article_id)[1].version == 1
    screenshot(other, "place-claimed-read-only")

    # An editor takes it over; Sinta's next save is refused where she typed it.
    editor = new_page(eda)
    editor.goto(f"/articles/{article_id}")
    editor.get_by_role("button", name="Take over").click()
    expect(editor.locator(".assignee")).to_contain_text(f"Assigned to {eda.name}")
    expect(editor.locator(f"#target-{first}")).to_be_editable()
    area = mine.locator(f"#target-{first}")
    area.fill("Perundingan dilanjutkan.")
    area.press("Control+Enter")
    expect(mine.locator(f"#segment-{first} .error")).to_contain_text(
        f"{eda.name} has claimed this article"
    )
    expect(mine.locator(f"#target-{first}")).to_be_focused()
    expect(mine.locator(f"#target-{first}")).to_have_value("Perundingan dilanjutkan.")
    assert article_of(desk, article_id).assignee_id == eda.id

    # The editor goes idle past the claim's time: Budi may claim it.
    with Session(get_engine(desk.database_url)) as session:
        session.execute(
            update(Article)
            .where(Article.id == article_id)
            .values(claimed_at=datetime.now(UTC) - timedelta(hours=3))
        )
        session.commit()
    other.reload()
    assert other.locator(".claim-lock").count() == 0
    other.get_by_role("button", name="Claim").click()
    other.wait_for_url(f"**/articles/{article_id}")
    expect(other.locator(".assignee")).to_contain_text(f"Assigned to {budi.name}")
    expect(other.locator(f"#target-{first}")).to_be_editable()
    assert article_of(desk, article_id).assignee_id == budi.id
