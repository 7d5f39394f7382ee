"""The segment toolbar through the real app: its counts, find and replace (preview, apply,
conflicts), the concordance, memory matches with their source diff, origins in history."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.db import get_engine
from core.models import Role, SegmentState, SegmentVersion
from core.states import ArticleState
from tests.support import Stack
from tests.web.conftest import WebUser, add_web_user, csrf_of
from tests.web.factories import Made, article_with_segments

pytestmark = pytest.mark.integration

WEDNESDAY = "Menteri itu berbicara pada hari Rabu di Jakarta."
THURSDAY = "Sidang dilanjutkan pada hari Kamis."


@pytest.fixture
def translator(stack: Stack, signed_in) -> tuple[WebUser, TestClient]:
    user = add_web_user(stack.database_url, Role.TRANSLATOR)
    return user, signed_in(user)


@pytest.fixture
def article(stack: Stack) -> Made:
    return article_with_segments(
        stack.database_url,
        [
            [("The minister spoke on Wednesday in Jakarta.", WEDNESDAY)],
            [("Talks go on.", THURSDAY)],
        ],
        findings=[(1, "spacing", "Two spaces in a row.")],
    )


def htmx(client: TestClient) -> dict[str, str]:
    return {"HX-Request": "true", "X-CSRF-Token": csrf_of(client)}


def versions(stack: Stack, article_id: int) -> list[tuple[int, int, str | None]]:
    with Session(get_engine(stack.database_url)) as session:
        return list(
            session.exec(
                select(SegmentVersion.segment_id, SegmentVersion.version, SegmentVersion.origin)
                .where(SegmentVersion.article_id == article_id)
                .order_by(SegmentVersion.id)
            ).all()
        )


def test_the_toolbar_counts_segments_and_marks_their_state(article: Made, translator) -> None:
    _, client = translator
    html = client.get(f"/articles/{article.article_id}").text
    toolbar = html[html.index('id="toolbar"') :]
    assert '<progress id="segment-progress" max="2" value="0"' in toolbar
    assert re.search(r'data-count="finding">1<', toolbar)
    assert re.search(r'data-count="unedited">2<', toolbar)
    second = article.segment_ids[1]
    assert f'id="segment-{second}" data-segment-id="{second}" data-state="mt_draft"' in html
    assert 'data-findings="1" data-comments="0"' in html
    assert '<input type="hidden" name="origin" value="human">' in html
    assert "<kbd>Alt</kbd>+<kbd>N</kbd>" in html and "/static/toolbar.js" in html


def test_find_and_replace_previews_then_saves_versions(
    stack: Stack, article: Made, translator
) -> None:
    _, client = translator
    first, second = article.segment_ids
    url = f"/articles/{article.article_id}/replace"
    shown = client.get(url, params={"find": "hari", "replace": "hari ini"}, headers=htmx(client))
    assert shown.status_code == 200
    assert "2 segments would change." in shown.text
    assert "<del>hari</del>" in shown.text and "<ins>hari ini</ins>" in shown.text
    assert f'value="{first}:1"' in shown.text and f'value="{second}:1"' in shown.text
    assert versions(stack, article.article_id) == []  # a preview saves nothing

    # The first segment is saved meanwhile: applying leaves it as it is.
    client.post(
        f"/segments/{first}",
        data={"target": "Menteri berbicara hari Rabu.", "version": 1},
        headers=htmx(client),
    )
    done = client.post(
        url,
        data={"find": "hari", "replace": "hari ini", "change": [f"{first}:1", f"{second}:1"]},
        headers=htmx(client),
    )
    assert done.status_code == 200
    assert "Replaced in 1 segment; it is saved as a new version." in done.text
    assert f'data-focus-segment="{first}"' in done.text  # reported as a conflict
    # The saved segment comes back out of band, with its new version and text.
    assert f'id="segment-{second}"' in done.text and 'hx-swap-oob="true"' in done.text
    assert "Sidang dilanjutkan pada hari ini Kamis." in done.text
    assert versions(stack, article.article_id) == [(first, 2, "human"), (second, 2, "replace")]

    history = client.get(f"/articles/{article.article_id}/history").text
    assert "find and replace" in history and "typed" in history


def test_nothing_found_and_nothing_to_find_are_said(article: Made, translator) -> None:
    _, client = translator
    url = f"/articles/{article.article_id}/replace"
    missing = client.get(url, params={"find": "Sabtu"}, headers=htmx(client))
    assert "“Sabtu” is not in the saved Indonesian text." in missing.text
    empty = client.get(url, params={"find": ""}, headers=htmx(client))
    assert "Write the text to find." in empty.text
    # Without htmx the preview comes inside a whole page.
    page = client.get(url, params={"find": "Kamis", "replace": "Jumat"})
    assert "<html" in page.text and "<ins>Jumat</ins>" in page.text


def test_replace_needs_the_csrf_token(article: Made, translator) -> None:
    _, client = translator
    refused = client.post(
        f"/articles/{article.article_id}/replace",
        data={"find": "hari", "replace": "x", "change": [f"{article.segment_ids[1]}:1"]},
    )
    assert refused.status_code == 403


def test_the_concordance_finds_earlier_translations(stack: Stack, translator) -> None:
    _, client = translator
    article_with_segments(
        stack.database_url,
        [[("The Zeytinburnu ferry resumed service.", "Feri Zeytinburnu kembali beroperasi.")]],
        state=ArticleState.APPROVED,
        segment_state=SegmentState.APPROVED,
    )
    here = article_with_segments(stack.database_url, [[("Ferries wait.", "")]])
    url = f"/articles/{here.article_id}/concordance"
    found = client.get(url, params={"q": "zeytinburnu FERRY"}, headers=htmx(client))
    assert "1 earlier translation of “zeytinburnu FERRY”" in found.text
    assert "Feri Zeytinburnu kembali beroperasi." in found.text
    none = client.get(url, params={"q": "Kadıköy"}, headers=htmx(client))
    assert "No saved translation contains “Kadıköy”." in none.text


def test_a_memory_match_shows_where_its_source_differs(stack: Stack, translator) -> None:
    _, client = translator
    said = "The mayor of Üsküdar said on Wednesday that the pier would reopen."
    article_with_segments(
        stack.database_url,
        [[(said, "Wali kota Üsküdar mengatakan pada hari Rabu bahwa dermaga akan dibuka lagi.")]],
        state=ArticleState.APPROVED,
        segment_state=SegmentState.APPROVED,
    )
    near = article_with_segments(stack.database_url, [[(said.replace("Wednesday", "Monday"), "")]])
    html = client.get(f"/segments/{near.segment_ids[0]}/suggestions").text
    assert ">Wednesday</del>" in html and ">Monday</ins>" in html
    assert "memory only:" in html and "this segment only:" in html  # read aloud, not only seen
    assert "The sources differ" in html
    assert "data-best-match" in html and "<kbd>Alt</kbd>+<kbd>M</kbd>" in html
