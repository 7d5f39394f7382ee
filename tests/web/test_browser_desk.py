"""An editor in Chromium: submits articles on the dashboard, watches them move through the
pipeline by htmx polling, reads a failure's reason, overrides a language, opens the queue."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from core.models import Role
from tests.support import SourceSite
from tests.web.conftest import screenshot

pytestmark = pytest.mark.integration
PIPELINE = 30_000  # ms: the shared worker runs every stage for real


def submit(page, url: str) -> int:
    page.fill("input[name=url]", url)
    page.get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_url(re.compile(r"/dashboard\?(submitted|duplicate)=\d+"))
    return int(page.url.rsplit("=", 1)[1])


def test_an_editor_submits_watches_and_reviews_from_the_desk(
    new_page, web_user, site: SourceSite
) -> None:
    page = new_page(web_user(Role.EDITOR))
    expect(page).to_have_url(re.compile(r"/dashboard$"))

    # A slow source page: the row is still being worked on when the dashboard shows it.
    good = site.add_file(f"/desk/{uuid.uuid4().hex}", "tr_article.html", delay=1.5)
    article_id = submit(page, good)
    expect(page.get_by_role("status")).to_contain_text(f"Submitted: article {article_id}")
    row = page.locator(f"#article-{article_id}")
    expect(row).to_have_attribute("hx-trigger", "every 2s")
    loaded_at = page.evaluate("performance.timeOrigin")
    expect(row).to_contain_text("in review", timeout=PIPELINE)
    expect(row).to_contain_text("Azerbaycan ordusu stratejik tepeleri geri aldı")
    expect(row.locator(".timings")).to_contain_text("translate")
    expect(row).not_to_have_attribute("hx-trigger", re.compile("."))  # polling stopped
    assert page.evaluate("performance.timeOrigin") == loaded_at  # htmx did it, no reload

    # Slow too, so the row is still polling when the page shows it, whatever the load.
    gone = site.add(f"/desk/missing/{uuid.uuid4().hex}", "gone", status=404, delay=1.5)
    missing = submit(page, gone)
    page.evaluate("document.getElementById('state-tabs').dataset.loaded = 'yes'")
    failed = page.locator(f"#article-{missing}")
    expect(failed).to_contain_text("failed", timeout=PIPELINE)
    # The polled row brought fresh counts for the state tabs too (an out-of-band swap).
    expect(page.locator("#state-tabs")).not_to_have_attribute("data-loaded", "yes")
    expect(page.locator("#state-tabs")).to_contain_text("failed")
    expect(failed.locator(".failure")).to_have_text(
        "http_error The source site answered HTTP 404 (Not Found)."
    )
    expect(failed.get_by_role("button", name="Retry", exact=True)).to_be_visible()

    # The language override answers with the row, which polls until the article is back.
    row.get_by_label(f"Language of article {article_id}").select_option("en")
    row.get_by_role("button", name="Set").click()
    expect(row).to_contain_text("(set by an editor)")
    expect(row.locator(".lang")).to_have_text("en")
    expect(row).to_contain_text("in review", timeout=PIPELINE)
    page.locator("h1").scroll_into_view_if_needed()
    screenshot(page, "desk-dashboard")

    page.get_by_role("link", name="Review queue").click()
    queued = page.locator(f"#article-{article_id}")
    expect(queued.get_by_role("link", name="Azerbaycan ordusu")).to_have_attribute(
        "href", f"/articles/{article_id}"
    )
    expect(queued.get_by_role("button", name="Claim")).to_be_visible()
    screenshot(page, "desk-queue")
    assert page.dialogs == []


def test_an_admin_imports_and_adds_glossary_entries_and_sees_the_users(new_page, web_user) -> None:
    page = new_page(web_user(Role.ADMIN))
    page.goto("/glossary")
    page.get_by_text("Import a CSV file").click()
    word = "zqdesk" + uuid.uuid4().hex[:6]
    rows = [
        f"{word} ateşkes,{word} ceasefire|{word} truce,{word} gencatan senjata,term,false,",
        f"Hulusi {word},Hulusi {word},,keep,true,Turkish defence minister",
        f",,{word} genjatan senjata,forbidden,false,common misspelling",
    ]
    csv = "tr,en,id,type,case_sensitive,note\n" + "\n".join(rows) + "\n"
    page.set_input_files(
        "input[name=file]", {"name": "terms.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Imported 3 entries.")

    page.get_by_text("Add an entry").click()
    add = page.locator("form[action='/glossary']")
    add.locator("input[name=en]").fill(f"{word} ministry")
    add.get_by_role("button", name="Add").click()
    expect(page.locator("p.error")).to_contain_text("a term needs an id form")
    expect(page.locator("form[action='/glossary'] input[name=en]")).to_have_value(
        f"{word} ministry"
    )
    page.locator("form[action='/glossary'] input[name=id]").fill(f"{word} kementerian")
    page.locator("form[action='/glossary']").get_by_role("button", name="Add").click()
    expect(page.get_by_role("status")).to_contain_text("added.")
    page.goto(f"/glossary?q={word}")
    expect(page.locator("table.glossary tbody tr")).to_have_count(4)
    screenshot(page, "desk-glossary")

    page.goto("/users")
    expect(page.get_by_role("heading", name="Add a user")).to_be_visible()
    screenshot(page, "desk-users")
    assert page.dialogs == []
