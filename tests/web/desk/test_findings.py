"""Findings that waste no time, in Chromium: an Indonesian translator reads the draft's
glossary findings in Indonesian, and a name given in full with its abbreviation ("… (AFAD)")
kept as the abbreviation raises none."""

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from core.models import Role
from tests.support import Stack
from tests.web.conftest import screenshot
from tests.web.desk.support import open_findings, person, segments_of

pytestmark = pytest.mark.integration

TITLE = "Relief teams reach the coast"
AGENCY = "The Disaster and Emergency Management Authority (AFAD) sent 500 staff on Sunday."
TRUCE = "The ceasefire held through the night."


def test_an_indonesian_translator_reads_the_drafts_findings_in_indonesian(
    desk: Stack, submit: Callable[..., int], new_page
) -> None:
    article_id = submit(TITLE, [AGENCY, TRUCE])
    agency, truce = [s for s in segments_of(desk, article_id) if s.source in (AGENCY, TRUCE)]
    # The test model keeps the source: "[id] … (AFAD) …" names AFAD once, which is enough for
    # the full name and its abbreviation together; "ceasefire" is really not translated.
    findings = open_findings(desk, article_id)
    assert [(f.segment_id, f.code) for f in findings] == [(truce.id, "glossary_missing")]
    assert findings[0].params["kind"] == "term"

    page = new_page(person(desk, Role.TRANSLATOR, locale="id"))
    page.goto(f"/articles/{article_id}")
    message = page.locator(f"#findings-{truce.id} .finding .message")
    expect(message).to_have_text("“ceasefire” seharusnya diterjemahkan menjadi “gencatan senjata”.")
    expect(page.locator(f"#findings-{agency.id} .finding")).to_have_count(0)
    screenshot(page, "findings-in-indonesian")
