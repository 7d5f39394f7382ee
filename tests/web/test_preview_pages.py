"""The article preview through the real app: what partners would get (headline, body,
credit line, original link) with word counts, as an htmx fragment or a page of its own;
under correction, which version is live and what differs from it."""

import html
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.db import get_engine
from core.models import HEADLINE_INDEX, Article, Paragraph, Role, Segment
from core.preview import word_count
from core.publishing import publication_of
from tests.support import Stack
from tests.web.conftest import WebUser
from tests.web.factories import (
    CEASEFIRE,
    LEDE,
    MINISTRY,
    SECOND,
    TITLE,
    TITLE_ID,
    approved_article,
    article_row,
    post_form,
)

pytestmark = pytest.mark.integration

XSS = "<img src=x onerror=alert(1)> <script>alert(1)</script>"


@pytest.fixture
def editor(signed_in: Callable[[WebUser], TestClient], web_user) -> TestClient:
    return signed_in(web_user(Role.EDITOR))


def preview(client: TestClient, article_id: int) -> str:
    response = client.get(f"/articles/{article_id}/preview", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text  # the fragment htmx swaps into the panel
    return response.text


def set_target(database_url: str, article_id: int, paragraph: int, text: str) -> None:
    with Session(get_engine(database_url)) as session:
        segment = session.exec(
            select(Segment)
            .join(Paragraph, Segment.paragraph_id == Paragraph.id)
            .where(Segment.article_id == article_id, Paragraph.index == paragraph)
        ).one()
        segment.target = text
        session.add(segment)
        session.commit()


def test_an_approved_article_previews_as_partners_would_get_it(
    editor: TestClient, stack: Stack
) -> None:
    article_id = approved_article(stack.database_url, headline=TITLE_ID)
    with Session(get_engine(stack.database_url)) as session:
        original = session.get(Article, article_id).canonical_url

    editor_page = editor.get(f"/articles/{article_id}").text
    assert f'hx-get="/articles/{article_id}/preview"' in editor_page
    assert 'href="/static/preview.css"' in editor_page

    shown = html.unescape(preview(editor, article_id))
    assert f'<h2 class="preview-headline">{TITLE_ID}</h2>' in shown
    assert f"<p>{LEDE}</p>" in shown and f"<p>{SECOND}</p>" in shown
    # The credit paragraph exactly as body_html() writes it for partners.
    assert f'<a href="{original}" rel="noopener noreferrer">Sumber: Daily Example</a>' in shown
    assert 'class="credit-line" lang="id">Sumber: Daily Example<' in shown
    assert f'class="original-link" href="{original}"' in shown
    assert "Not published yet: partners would get this as version 1." in shown

    sources = word_count(TITLE) + word_count(MINISTRY) + word_count(CEASEFIRE)
    targets = word_count(TITLE_ID) + word_count(LEDE) + word_count(SECOND)
    assert f'class="source-words">{sources}<' in shown
    assert f'class="target-words">{targets}<' in shown
    assert f'<td class="num">{word_count(MINISTRY)}</td>' in shown


def test_without_javascript_the_preview_is_a_page_of_its_own(
    editor: TestClient, stack: Stack
) -> None:
    article_id = approved_article(stack.database_url, headline=TITLE_ID)
    page = editor.get(f"/articles/{article_id}/preview")
    assert page.status_code == 200
    assert "<html" in page.text and f'href="/articles/{article_id}"' in page.text
    assert TITLE_ID in page.text and "Sumber: Daily Example" in page.text


def test_segment_text_reaches_the_preview_as_text(editor: TestClient, stack: Stack) -> None:
    article_id = approved_article(stack.database_url, headline=TITLE_ID)
    set_target(stack.database_url, article_id, 0, XSS)
    set_target(stack.database_url, article_id, HEADLINE_INDEX, XSS)
    shown = preview(editor, article_id)
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_under_correction_the_preview_says_which_version_is_live_and_what_changed(
    editor: TestClient, stack: Stack
) -> None:
    article_id = approved_article(stack.database_url, headline=TITLE_ID)
    assert post_form(editor, f"/articles/{article_id}/publish", headline="").status_code == 303

    live = html.unescape(preview(editor, article_id))
    assert "This is live version 1, as partners have it since" in live
    assert "WIB." in live  # the time in the newsroom's zone
    assert f"<p>{LEDE}</p>" in live and "is-changed" not in live

    reopened = post_form(editor, f"/articles/{article_id}/reopen", note="fix the lede")
    assert reopened.status_code == 303
    unchanged = html.unescape(preview(editor, article_id))
    assert "Version 1 is live; publishing this draft makes version 2." in unchanged
    assert "Its text is the same as the live version's." in unchanged

    corrected = "Kementerian Pertahanan mengatakan bentrokan berlangsung 4 jam."
    set_target(stack.database_url, article_id, 0, corrected)
    draft = html.unescape(preview(editor, article_id))
    assert "What differs from the live version is marked below." in draft
    assert f"<p>{corrected}</p>" in draft and f"<p>{LEDE}</p>" not in draft
    assert "Paragraphs changed since version 1" in draft
    assert f'<ins lang="id">{corrected}</ins>' in draft
    assert f'<del lang="id">{LEDE}</del>' in draft
    with Session(get_engine(stack.database_url)) as session:
        assert publication_of(session, article_id).version == 1  # nothing was published


def test_articles_not_yet_in_review_have_no_preview(editor: TestClient, stack: Stack) -> None:
    article_id = article_row(stack.database_url, state="failed")
    shown = preview(editor, article_id)
    assert "only articles in review, approved or published have a preview" in shown
    assert 'id="preview"' not in editor.get(f"/articles/{article_id}").text
    assert editor.get("/articles/999999999/preview").status_code == 404
