"""The segment toolbar in Chromium: status colours, progress and filters, the next-finding
key, find and replace (preview, apply, conflicts, history), the concordance, and the best
memory match inserted by key with its source diff shown."""

import pytest
from playwright.sync_api import expect

from core.models import Role
from tests.support import Stack
from tests.web.conftest import screenshot
from tests.web.desk.support import focused_id, open_findings, person, segments_of, wait_until
from tests.web.desk.toolbar_support import approve_directly, origins

pytestmark = pytest.mark.integration

HARBOUR = "The Bozcaada harbour works will take 3 years, the mayor said."
FERRY = "Ferries to Bozcaada will keep running on the old schedule."
PIER = "The old pier of Bozcaada stays closed to visitors."


def edit(page, segment_id: int, text: str, version: int = 2) -> None:
    """Type a segment's text and save it with Ctrl+Enter; wait until the save is shown."""
    area = page.locator(f"#target-{segment_id}")
    area.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter")
    page.locator(f"#segment-{segment_id} .seg-state", has_text=f"version {version}").wait_for()


def test_status_colours_progress_filters_and_the_next_finding_key(
    desk: Stack, submit, new_page
) -> None:
    article_id = submit("Bozcaada harbour works", [HARBOUR, FERRY, PIER])
    headline, harbour, ferry, pier = (s.id for s in segments_of(desk, article_id))
    page = new_page(person(desk, Role.TRANSLATOR))
    page.goto(f"/articles/{article_id}")
    toolbar = page.locator("#toolbar")
    expect(toolbar.locator("strong[data-count=done]")).to_have_text("0")
    expect(toolbar.locator(".progress-line [data-count=total]")).to_have_text("4")
    expect(page.locator(f"#segment-{ferry}")).to_have_attribute("data-state", "mt_draft")

    # A changed number: the save's checks find it, and the toolbar counts it.
    edit(page, harbour, "Pekerjaan pelabuhan Bozcaada akan memakan waktu 4 tahun, kata wali kota.")
    page.locator(f"#segment-{harbour} .finding", has_text="Numbers changed").wait_for()
    expect(toolbar.locator("strong[data-count=done]")).to_have_text("1")
    expect(page.locator("#segment-progress")).to_have_attribute("value", "1")
    expect(page.locator(f"#segment-{harbour}")).to_have_attribute("data-state", "edited")
    expect(page.locator(f"#segment-{harbour}")).to_have_attribute("data-findings", "1")
    colour = page.locator(f"#segment-{harbour}").evaluate(
        "s => getComputedStyle(s).borderLeftColor"
    )
    untouched = page.locator(f"#segment-{ferry}").evaluate(
        "s => getComputedStyle(s).borderLeftColor"
    )
    assert colour != untouched  # an open finding is marked red, an untouched draft grey

    # The drafts may carry findings of their own: the filter shows exactly the open ones.
    wait_until(lambda: harbour in {f.segment_id for f in open_findings(desk, article_id)})
    with_findings = {f.segment_id for f in open_findings(desk, article_id)}
    toolbar.locator("[data-filter=finding]").click()
    for segment in (headline, harbour, ferry, pier):
        shown = expect(page.locator(f"#segment-{segment}"))
        if segment in with_findings:
            shown.to_be_visible()
        else:
            shown.to_be_hidden()
    expect(toolbar.locator("[data-filter=finding]")).to_have_attribute("aria-pressed", "true")
    toolbar.locator("[data-filter=unedited]").click()
    expect(page.locator(f"#segment-{harbour}")).to_be_hidden()
    expect(page.locator(f"#segment-{ferry}")).to_be_visible()
    toolbar.locator("[data-filter=all]").click()
    for segment in (headline, harbour, ferry, pier):
        expect(page.locator(f"#segment-{segment}")).to_be_visible()
    screenshot(page, "toolbar-finding")

    # Alt+N from the headline: the first segment after it with an open finding, in view.
    page.locator(f"#target-{headline}").focus()
    page.keyboard.press("Alt+n")
    order = [s for s in (harbour, ferry, pier, headline) if s in with_findings]
    wait_until(lambda: focused_id(page) == f"target-{order[0]}", timeout=5)
    expect(page.locator(f"#segment-{order[0]} .finding").first).to_be_in_viewport()
    page.keyboard.press("Alt+n")
    following = order[1] if len(order) > 1 else order[0]
    wait_until(lambda: focused_id(page) == f"target-{following}", timeout=5)


def test_find_and_replace_previews_saves_versions_and_reports_conflicts(
    desk: Stack, submit, new_page
) -> None:
    article_id = submit(
        "Bozcaada ferry news",
        [
            FERRY.replace("running", "running on Wednesday"),
            PIER.replace("closed", "closed on Wednesday"),
        ],
    )
    _, ferry, pier = (s.id for s in segments_of(desk, article_id))
    page = new_page(person(desk, Role.TRANSLATOR))
    page.goto(f"/articles/{article_id}")
    page.locator(f"#target-{ferry}").focus()

    # Alt+R opens the tool with the cursor in "Find"; Enter shows the preview.
    page.keyboard.press("Alt+r")
    wait_until(lambda: focused_id(page) == "replace-find", timeout=5)
    page.keyboard.type("wednesday")
    page.keyboard.press("Tab")
    page.keyboard.type("Rabu")
    page.keyboard.press("Enter")
    changes = page.locator("#replace-result .replace-change")
    expect(changes).to_have_count(2)
    first = page.locator(f"#change-{ferry}")
    expect(first.locator(".before del")).to_have_text("Wednesday")
    expect(first.locator(".after ins")).to_have_text("Rabu")
    assert origins(desk, ferry) == []  # the preview saved nothing
    screenshot(page, "toolbar-replace-preview")

    # The pier's segment is saved meanwhile: applying must not overwrite it.
    meanwhile = "Dermaga lama Bozcaada tetap ditutup bagi pengunjung pada hari Rabu."
    edit(page, pier, meanwhile)
    page.get_by_role("button", name="Replace and save").click()
    report = page.locator("#replace-result .replace-report")
    expect(report.locator(".replace-saved")).to_have_text(
        "Replaced in 1 segment; it is saved as a new version."
    )
    expect(report.locator(f"[data-focus-segment='{pier}']")).to_be_visible()
    page.locator(f"#segment-{ferry} .seg-state", has_text="version 2").wait_for()
    assert "Rabu" in page.locator(f"#target-{ferry}").input_value()
    assert page.locator(f"#target-{pier}").input_value() == meanwhile
    assert origins(desk, ferry) == [(2, "replace")]
    assert origins(desk, pier) == [(2, "human")]
    screenshot(page, "toolbar-replace-applied")

    page.goto(f"/articles/{article_id}/history#segment-{ferry}")
    version = page.locator(f"#segment-{ferry} .version[data-version='2']")
    expect(version.locator(".origin")).to_have_text("find and replace")
    expect(version.locator("ins")).to_contain_text("Rabu")
    expect(page.locator(f"#segment-{pier} .version[data-version='2'] .origin")).to_have_text(
        "typed"
    )


def test_the_concordance_finds_an_earlier_approved_segment(desk: Stack, submit, new_page) -> None:
    earlier = submit("Gökçeada ferries", ["The Gökçeada ferry timetable changes in May.", PIER])
    approve_directly(
        desk,
        earlier,
        {"The Gökçeada ferry timetable changes in May.": "Jadwal feri Gökçeada berubah pada Mei."},
    )
    article_id = submit("Gökçeada again", ["Readers asked about the ferry timetable.", FERRY])
    page = new_page(person(desk, Role.TRANSLATOR))
    page.goto(f"/articles/{article_id}")
    page.locator("#concordance-tool summary").click()
    page.locator("#concordance-q").fill("FERRY TIMETABLE")
    page.keyboard.press("Enter")
    hit = page.locator("#concordance-result .concordance-hit", has_text="Gökçeada")
    expect(hit.locator(".conc-target")).to_have_text("Jadwal feri Gökçeada berubah pada Mei.")
    assert hit.locator("a").get_attribute("href").startswith(f"/articles/{earlier}#segment-")


WEDNESDAY = "The Bozcaada wine council met on Wednesday to set the harvest date."
RABU = "Dewan anggur Bozcaada bertemu pada hari Rabu untuk menetapkan tanggal panen."


def test_the_best_memory_match_is_inserted_by_key_with_its_diff_shown(
    desk: Stack, submit, new_page
) -> None:
    approve_directly(desk, submit("Bozcaada harvest", [WEDNESDAY, HARBOUR]), {WEDNESDAY: RABU})
    article_id = submit("Bozcaada harvest, again", [WEDNESDAY.replace("Wednesday", "Monday"), PIER])
    monday = segments_of(desk, article_id)[1].id
    page = new_page(person(desk, Role.TRANSLATOR))
    page.goto(f"/articles/{article_id}")
    page.locator(f"#target-{monday}").focus()

    # The match's source differs in one word: it is marked, and the sources said to differ.
    best = page.locator(f"#tm-{monday} .suggestion").first
    expect(best.locator(".tm-target")).to_have_text(RABU)
    expect(best.locator(".tm-source del")).to_contain_text("Wednesday")
    expect(best.locator(".tm-source ins")).to_contain_text("Monday")
    expect(best.locator(".tm-differs")).to_be_visible()
    screenshot(page, "toolbar-memory-diff")

    page.keyboard.press("Alt+m")
    expect(page.locator(f"#target-{monday}")).to_have_value(RABU)
    assert focused_id(page) == f"target-{monday}"
    expect(page.locator(f"#segment-{monday} input[name=origin]")).to_have_value("tm")
    page.keyboard.press("Control+Enter")
    page.locator(f"#segment-{monday} .seg-state", has_text="version 2").wait_for()
    assert origins(desk, monday) == [(2, "tm")]

    page.goto(f"/articles/{article_id}/history#segment-{monday}")
    expect(page.locator(f"#segment-{monday} .version[data-version='2'] .origin")).to_have_text(
        "from translation memory"
    )
