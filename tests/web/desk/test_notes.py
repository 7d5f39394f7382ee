"""Notes in Chromium: a translator edits and rejects an article; an editor sends it back to
review from its page with a note; the next translator sees the note and the "sent back"
mark in the queue, and the note above the segments, with the edits kept."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from core.models import Role
from tests.conftest import user_token
from tests.support import Stack
from tests.web.conftest import screenshot
from tests.web.desk.support import article_of, person, segments_of

pytestmark = pytest.mark.integration

LEDE = "The Ministry of Defense said five armored vehicles were destroyed near the border."
EDIT = "Kementerian Pertahanan mengatakan lima kendaraan lapis baja dihancurkan."
REJECTED = "The figures in the lede do not match the source."
BACK = "Check the number of vehicles against the source, then approve."


def api(desk: Stack, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {user_token(desk.database_url, role)}"}


def test_a_rejected_article_goes_back_to_review_with_its_note_and_edits(
    desk: Stack, submit: Callable[..., int], client: TestClient, new_page
) -> None:
    article_id = submit("Vehicles destroyed near the border", [LEDE])
    _, lede = segments_of(desk, article_id)
    # A translator claims the article, edits the lede and rejects it (through the API).
    editing = api(desk, Role.TRANSLATOR)
    assert client.post(f"/api/v1/articles/{article_id}/claim", headers=editing).is_success
    saved = client.put(
        f"/api/v1/segments/{lede.id}",
        headers=editing,
        json={"target": EDIT, "version": lede.version},
    )
    assert saved.status_code == 200, saved.text
    rejected = client.post(
        f"/api/v1/articles/{article_id}/reject",
        headers=editing,
        json={"note": REJECTED},
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["state"] == "rejected"

    # The editor reads why on the article page and sends it back with a note.
    editor = person(desk, Role.EDITOR)
    page = new_page(editor)
    page.goto(f"/articles/{article_id}")
    notes = page.locator("#notes")
    expect(notes.locator("#notes-title")).to_have_text("Rejected")
    expect(notes.locator(".note-reject .note-text")).to_have_text(REJECTED)
    reopen = page.locator("form.reopen-form")
    reopen.get_by_label("What should the translator change?").fill(BACK)
    reopen.get_by_role("button", name="Back to review").click()
    page.wait_for_url(f"**/articles/{article_id}")
    expect(page.locator("#notes-title")).to_have_text("Sent back to review")
    expect(page.locator(".note.is-latest .note-text")).to_have_text(BACK)
    expect(page.locator(".note.is-latest .note-by")).to_have_text(f"by {editor.name}")
    assert article_of(desk, article_id).state == "in_review"

    # The next translator sees in the queue that it came back, and why.
    translator = person(desk, Role.TRANSLATOR)
    desk_page = new_page(translator)
    desk_page.goto("/queue")
    row = desk_page.locator(f"#article-{article_id}")
    expect(row.locator(".mark-correction")).to_have_text("Sent back")
    expect(row.locator(".queue-note")).to_contain_text(BACK)
    expect(row.locator(".queue-note")).to_contain_text(f"by {editor.name}")
    screenshot(desk_page, "queue-sent-back")
    row.get_by_role("link", name="Vehicles destroyed near the border").click()
    desk_page.wait_for_url(f"**/articles/{article_id}")

    # The editor page shows both notes, oldest first, and the edit is still there.
    texts = desk_page.locator("#notes .note .note-text")
    expect(texts).to_have_text([REJECTED, BACK])
    expect(desk_page.locator("#notes .note .note-kind")).to_have_text(
        ["Rejected", "Sent back to review"]
    )
    expect(desk_page.locator(f"#target-{lede.id}")).to_have_value(EDIT)
    screenshot(desk_page, "editor-notes")
    assert [s.target for s in segments_of(desk, article_id)][1] == EDIT
