"""Keyboard only: a translator goes from the review queue to an approved article without
the mouse — claims it, edits, inserts a memory match, dismisses a finding, approves."""

import pytest
from playwright.sync_api import expect

from core.models import Role
from tests.support import Stack
from tests.web.desk.support import article_of, focused_id, person, segments_of, wait_until
from tests.web.desk.toolbar_support import approve_directly, origins

pytestmark = pytest.mark.integration

COUNCIL = "The Ayvalık olive council met on Wednesday to set the harvest date."
DEWAN = "Dewan zaitun Ayvalık bertemu pada hari Rabu untuk menetapkan tanggal panen."
PRESSES = "The town's 14 presses will run day and night during the harvest."
OTHER = "Growers in Ayvalık expect a better year than the last one."


def tab_to(page, script: str, most: int = 250) -> None:
    """Press Tab until the focused element satisfies `script` (a JS expression on `el`)."""
    for _ in range(most):
        if page.evaluate(f"(el => !!el && ({script}))(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached: {script}")


def focus_is(page, element_id: str) -> None:
    wait_until(lambda: focused_id(page) == element_id, timeout=10)


def test_from_the_queue_to_an_approved_article_without_the_mouse(
    desk: Stack, submit, new_page
) -> None:
    approve_directly(desk, submit("Ayvalık harvest", [COUNCIL, OTHER]), {COUNCIL: DEWAN})
    article_id = submit("Ayvalık olive harvest", [COUNCIL.replace("Wednesday", "Monday"), PRESSES])
    headline, council, presses = (s.id for s in segments_of(desk, article_id))
    translator = person(desk, Role.TRANSLATOR)
    page = new_page(translator)
    page.goto("/queue")

    # Tab to this article's Claim button; Enter claims it and opens the editor.
    tab_to(
        page,
        f"el.matches('button') && el.closest('#article-{article_id}') "
        "&& el.closest('form[action$=\"/claim\"]')",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/articles/{article_id}")
    focus_is(page, f"target-{headline}")

    page.keyboard.press("Control+A")
    page.keyboard.type("Panen zaitun Ayvalık")
    page.keyboard.press("Control+Enter")
    focus_is(page, f"target-{council}")

    # The best memory match, by key; saved as it is, so the history says "memory".
    page.keyboard.press("Alt+m")
    expect(page.locator(f"#target-{council}")).to_have_value(DEWAN)
    page.keyboard.press("Control+Enter")
    focus_is(page, f"target-{presses}")

    # A changed number: the save's check finds it.
    page.keyboard.press("Control+A")
    page.keyboard.type("15 alat pengepres di kota itu akan bekerja siang dan malam selama panen.")
    page.keyboard.press("Control+Enter")
    page.locator(f"#segment-{presses} .seg-state", has_text="version 2").wait_for()
    page.locator(f"#segment-{presses} .finding:not(.dismissed)").first.wait_for()

    # Every open finding: Alt+N goes to it, Tab to its note, Enter dismisses it.
    open_ones = page.locator(".finding:not(.dismissed)")
    for _ in range(10):
        if open_ones.count() == 0:
            break
        page.keyboard.press("Alt+n")
        wait_until(lambda: (focused_id(page) or "").startswith("target-"), timeout=5)
        segment = focused_id(page).removeprefix("target-")
        tab_to(
            page,
            f"el.matches('.finding:not(.dismissed) form.dismiss input[name=note]') "
            f"&& el.closest('#segment-{segment}')",
            most=15,
        )
        page.keyboard.type("Checked with the desk.")
        before = open_ones.count()
        page.keyboard.press("Enter")
        expect(open_ones).to_have_count(before - 1)
    expect(open_ones).to_have_count(0)

    # The worker's glossary re-check settles; then Tab to Approve and press Enter.
    page.keyboard.press("Alt+n")
    page.locator("#toolbar-status", has_text="No open findings.").wait_for()
    tab_to(page, "el.matches('button.approve')")
    page.keyboard.press("Enter")
    page.locator(".meta .state-approved").wait_for()
    assert article_of(desk, article_id).state == "approved"
    assert origins(desk, council) == [(2, "tm")]
    assert origins(desk, presses) == [(2, "human")]
    assert page.dialogs == []
