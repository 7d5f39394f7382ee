"""Publishing from the article page: publish, correct with a note, reopen, kill; every
refusal from core shown in the panel with its reason and what was typed; translators
see the publication without buttons; CSRF on every form."""

import html
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.models import Article, Publication, PubStatus, Role
from core.publishing import publication_of
from core.states import ArticleState
from tests.support import Stack
from tests.web.conftest import WebUser
from tests.web.factories import LEDE, SECOND, TITLE_ID, approved_article, post_form

pytestmark = pytest.mark.integration


def publication(database_url: str, article_id: int) -> Publication | None:
    with Session(get_engine(database_url)) as session:
        return publication_of(session, article_id)


def state_of(database_url: str, article_id: int) -> str:
    with Session(get_engine(database_url)) as session:
        return session.get(Article, article_id).state


def panel(page: str) -> str:
    match = re.search(r'<section class="panel publication.*?</section>', page, re.DOTALL)
    assert match, "the page has no publication panel"
    return html.unescape(match.group(0))


def field_value(page: str, name: str) -> str:
    match = re.search(rf'<input name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no {name} field"
    return html.unescape(match.group(1))


@pytest.fixture
def editor(signed_in: Callable[[WebUser], TestClient], web_user) -> TestClient:
    return signed_in(web_user(Role.EDITOR))


@pytest.fixture
def article_id(stack: Stack) -> int:
    return approved_article(stack.database_url)


def test_an_editor_publishes_an_approved_article_and_sees_its_public_id(
    editor: TestClient, stack: Stack, article_id: int
) -> None:
    before = panel(editor.get(f"/articles/{article_id}").text)
    assert "Approved, not published yet." in before
    assert f'placeholder="{LEDE}"' in before  # core's default headline: the lede
    assert "correction_note" not in before and "/reopen" not in before and "/kill" not in before

    published = post_form(editor, f"/articles/{article_id}/publish", headline="")
    assert published.status_code == 303
    assert published.headers["location"] == f"/articles/{article_id}#publication"
    stored = publication(stack.database_url, article_id)
    assert stored.version == 1 and stored.headline == LEDE
    assert state_of(stack.database_url, article_id) == "published"

    after = panel(editor.get(f"/articles/{article_id}").text)
    assert stored.public_id in after and f"urn:uuid:{stored.public_id}" in after
    assert re.search(r'class="pub-version">1<', after)
    assert f"/syndication/v1/articles/{stored.public_id}" in after and "/feeds/atom.xml" in after
    assert "Reopen for correction" in after and 'name="reason"' in after
    assert f'action="/articles/{article_id}/publish"' not in after  # nothing to publish now


def test_the_reviewed_translation_of_the_title_is_the_default_headline(
    editor: TestClient, stack: Stack
) -> None:
    article_id = approved_article(stack.database_url, headline=TITLE_ID)
    before = panel(editor.get(f"/articles/{article_id}").text)
    assert f'placeholder="{TITLE_ID}"' in before

    assert post_form(editor, f"/articles/{article_id}/publish", headline="").status_code == 303
    stored = publication(stack.database_url, article_id)
    assert stored.headline == TITLE_ID
    assert stored.summary == LEDE  # the body starts after the headline paragraph
    assert TITLE_ID not in stored.body_html
    assert stored.body_html.startswith(f"<p>{LEDE}</p>\n<p>{SECOND}</p>")


def test_a_headline_typed_by_the_editor_beats_the_translated_one(
    editor: TestClient, stack: Stack
) -> None:
    article_id = approved_article(stack.database_url, headline=TITLE_ID)
    published = post_form(editor, f"/articles/{article_id}/publish", headline="Judul redaksi")
    assert published.status_code == 303
    assert publication(stack.database_url, article_id).headline == "Judul redaksi"


def test_a_headline_typed_by_the_editor_is_published_as_plain_text(
    editor: TestClient, stack: Stack, article_id: int
) -> None:
    published = post_form(editor, f"/articles/{article_id}/publish", headline="<b>Judul</b> baru")
    assert published.status_code == 303
    assert publication(stack.database_url, article_id).headline == "Judul baru"


def test_a_correction_reopens_needs_a_note_and_becomes_version_two(
    editor: TestClient, stack: Stack, article_id: int
) -> None:
    assert post_form(editor, f"/articles/{article_id}/publish").status_code == 303
    reopened = post_form(editor, f"/articles/{article_id}/reopen", note="Nama wilayah salah.")
    assert reopened.status_code == 303 and reopened.headers["location"] == f"/articles/{article_id}"
    assert state_of(stack.database_url, article_id) == "in_review"
    under_correction = panel(editor.get(f"/articles/{article_id}").text)
    assert "Version 1 stays live until the correction is published." in under_correction
    assert "Reopen for correction" not in under_correction and 'name="reason"' in under_correction

    assert post_form(editor, f"/articles/{article_id}/approve").status_code == 303
    ready = panel(editor.get(f"/articles/{article_id}").text)
    assert "Publish version 2" in ready and 'name="correction_note"' in ready
    assert f'placeholder="{LEDE}"' in ready  # a correction keeps the published headline

    # Without a note core refuses (422); the headline typed stays in its field.
    refused = post_form(editor, f"/articles/{article_id}/publish", headline="Judul koreksi")
    assert refused.status_code == 422
    assert "a new version needs a correction_note" in panel(refused.text)
    assert field_value(refused.text, "headline") == "Judul koreksi"
    assert publication(stack.database_url, article_id).version == 1

    note = "Nama wilayah diperbaiki."
    corrected = post_form(
        editor, f"/articles/{article_id}/publish", headline="Judul koreksi", correction_note=note
    )
    assert corrected.status_code == 303
    stored = publication(stack.database_url, article_id)
    assert (stored.version, stored.headline, stored.correction_note) == (2, "Judul koreksi", note)
    shown = panel(editor.get(f"/articles/{article_id}").text)
    assert re.search(r'class="pub-version">2<', shown) and note in shown


def test_a_kill_needs_a_reason_then_the_article_is_withdrawn_for_good(
    editor: TestClient, stack: Stack, article_id: int
) -> None:
    assert post_form(editor, f"/articles/{article_id}/publish").status_code == 303
    blank = post_form(editor, f"/articles/{article_id}/kill", reason="   ")
    assert blank.status_code == 422
    assert "A kill needs a reason; partners are told it." in panel(blank.text)
    assert re.search(r'<details class="kill" open>', blank.text)
    assert publication(stack.database_url, article_id).status == PubStatus.USABLE

    reason = "Sumber mencabut berita ini."
    killed = post_form(editor, f"/articles/{article_id}/kill", reason=reason)
    assert killed.status_code == 303
    stored = publication(stack.database_url, article_id)
    assert stored.status == PubStatus.CANCELED and stored.kill_reason == reason
    assert state_of(stack.database_url, article_id) == "killed"
    shown = panel(editor.get(f"/articles/{article_id}").text)
    assert reason in shown and "Kill reason" in shown and "state-killed" in shown
    assert "<form" not in shown and "/feeds/" not in shown

    # Core refuses a second life (409); what was typed is kept to copy.
    again = post_form(editor, f"/articles/{article_id}/publish", headline="Judul yang hilang")
    assert again.status_code == 409
    assert "a killed article is never published again" in panel(again.text)
    assert "<blockquote>Judul yang hilang</blockquote>" in panel(again.text)
    assert post_form(editor, f"/articles/{article_id}/kill", reason="lagi").status_code == 409
    assert post_form(editor, f"/articles/{article_id}/reopen").status_code == 409


def test_each_refusal_from_core_shows_its_reason(editor: TestClient, stack: Stack) -> None:
    in_review = approved_article(stack.database_url, state=ArticleState.IN_REVIEW)
    refused = post_form(editor, f"/articles/{in_review}/publish", headline="Judul")
    assert refused.status_code == 409
    assert f"Only approved articles can be published; article {in_review} is 'in_review'." in (
        panel(refused.text)
    )
    assert "<blockquote>Judul</blockquote>" in panel(refused.text)
    never = post_form(editor, f"/articles/{in_review}/kill", reason="Salah sumber.")
    assert never.status_code == 409 and "was never published" in panel(never.text)
    assert "<blockquote>Salah sumber.</blockquote>" in panel(never.text)
    reopen = post_form(editor, f"/articles/{in_review}/reopen")
    assert reopen.status_code == 409
    assert "Only approved, published or rejected articles can be reopened" in panel(reopen.text)

    first = approved_article(stack.database_url)
    note = post_form(editor, f"/articles/{first}/publish", correction_note="Tidak ada.")
    assert note.status_code == 422 and "leave out correction_note" in panel(note.text)
    assert publication(stack.database_url, first) is None

    for action in ("publish", "kill", "reopen"):
        missing = post_form(editor, f"/articles/999999/{action}", reason="x")
        assert missing.status_code == 404 and "There is no article 999999." in missing.text


def test_translators_see_the_publication_but_no_buttons(
    editor: TestClient, signed_in, web_user, stack: Stack, article_id: int
) -> None:
    translator = signed_in(web_user(Role.TRANSLATOR))
    waiting = panel(translator.get(f"/articles/{article_id}").text)
    assert "An editor publishes it." in waiting and "<form" not in waiting
    assert post_form(translator, f"/articles/{article_id}/publish").status_code == 403
    assert publication(stack.database_url, article_id) is None

    assert post_form(editor, f"/articles/{article_id}/publish").status_code == 303
    shown = panel(translator.get(f"/articles/{article_id}").text)
    assert publication(stack.database_url, article_id).public_id in shown
    assert "<form" not in shown and "<button" not in shown
    assert post_form(translator, f"/articles/{article_id}/kill", reason="x").status_code == 403


def test_every_publishing_form_needs_the_csrf_token(
    editor: TestClient, stack: Stack, article_id: int
) -> None:
    for action, data in (("publish", {}), ("reopen", {}), ("kill", {"reason": "x"})):
        url = f"/articles/{article_id}/{action}"
        assert editor.post(url, data=data).status_code == 403
        assert editor.post(url, data={**data, "csrf_token": "guess"}).status_code == 403
    assert publication(stack.database_url, article_id) is None
    assert state_of(stack.database_url, article_id) == "approved"


def test_a_correction_with_a_blank_headline_keeps_the_live_custom_one(
    editor: TestClient, stack: Stack
) -> None:
    article_id = approved_article(stack.database_url, headline=TITLE_ID)
    published = post_form(editor, f"/articles/{article_id}/publish", headline="Judul redaksi")
    assert published.status_code == 303
    assert post_form(editor, f"/articles/{article_id}/reopen", note="Isi").status_code == 303
    assert post_form(editor, f"/articles/{article_id}/approve").status_code == 303
    ready = panel(editor.get(f"/articles/{article_id}").text)
    assert "Headline (blank: keep the live headline shown here)" in ready
    assert 'placeholder="Judul redaksi"' in ready  # the live headline, not the translation
    assert f"The reviewed translation of the title is now: {TITLE_ID}" in re.sub(
        r"<[^>]+>", "", ready
    )

    corrected = post_form(
        editor, f"/articles/{article_id}/publish", headline=" ", correction_note="Isi diperbaiki."
    )
    assert corrected.status_code == 303
    stored = publication(stack.database_url, article_id)
    assert (stored.version, stored.headline) == (2, "Judul redaksi")


def test_an_editor_sends_a_rejected_article_back_to_review_from_its_page(
    editor: TestClient, signed_in, web_user, stack: Stack
) -> None:
    article_id = approved_article(stack.database_url, state=ArticleState.REJECTED)
    translator = signed_in(web_user(Role.TRANSLATOR))
    told = panel(translator.get(f"/articles/{article_id}").text)
    assert "An editor can send it back to review." in told and "<form" not in told
    assert post_form(translator, f"/articles/{article_id}/reopen").status_code == 403

    shown = panel(editor.get(f"/articles/{article_id}").text)
    assert "Rejected, not published." in shown and "Back to review" in shown
    assert "Reopen for correction" not in shown and 'name="reason"' not in shown
    assert f'action="/articles/{article_id}/publish"' not in shown

    back = post_form(
        editor, f"/articles/{article_id}/reopen", note="Periksa angka.", next="/dashboard"
    )
    assert back.status_code == 303 and back.headers["location"] == "/dashboard"
    assert state_of(stack.database_url, article_id) == "in_review"
    page = html.unescape(editor.get(f"/articles/{article_id}").text)
    notes = re.search(r'<section class="article-notes.*?</section>', page, re.DOTALL).group(0)
    assert "Sent back to review" in notes and "Periksa angka." in notes

    # A second reopen is refused with core's reason; a crafted `next` stays on this site.
    again = post_form(editor, f"/articles/{article_id}/reopen")
    assert again.status_code == 409 and "is 'in_review'" in panel(again.text)
    assert post_form(editor, f"/articles/{article_id}/reject", note="Lagi.").status_code == 303
    crafted = post_form(editor, f"/articles/{article_id}/reopen", next="https://evil.example")
    assert crafted.status_code == 303 and crafted.headers["location"] == "/"
