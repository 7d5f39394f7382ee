"""The review desk in Chromium, on a deployment of its own: a real Celery worker drafts the
articles with the tiny Argos test model (en→id answers "[id] " + the source) and checks
them against the starter glossary; the live server and the browser do the rest."""

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect
from sqlmodel import Session, select

from core.db import get_engine
from core.glossary_store import replace_all
from core.models import Article, Finding, Role, Segment, SegmentVersion
from glossary.io import read_starter
from tests.conftest import own_deployment, user_token, wait_for_article
from tests.support import RedisServer, SourceSite, Stack
from tests.web.conftest import WebUser, add_web_user, screenshot

pytestmark = pytest.mark.integration
WARTA = str(Path(sys.executable).parent / "warta")

NEWS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Daily Example</title>
<meta property="og:site_name" content="Daily Example">
<link rel="canonical" href="{url}">
</head><body><article><h1>{title}</h1>
{paragraphs}
</article></body></html>"""

DEFENSE = (
    "The Ministry of Defense said on Friday that five armored vehicles were destroyed "
    "near the border."
)
HOURS = "Officials said the clashes lasted 3.5 hours overnight."
CEASEFIRE = "France, Russia and the U.S. called for an immediate ceasefire on Thursday."

IMG, SCRIPT = "<img src=x onerror=alert(1)>", "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def desk(
    redis_server: RedisServer, stack: Stack, argos_packages: dict[str, Path]
) -> Iterator[Stack]:
    """The review desk's own deployment (Redis db 6), with the en→id model and the glossary."""
    with own_deployment(redis_server, stack, redis_db=6) as deployment:
        installed = subprocess.run(
            [WARTA, "models", "install", "--file", str(argos_packages["en-id"])],
            env=deployment.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert installed.returncode == 0, installed.stderr
        with Session(get_engine(deployment.database_url)) as session:
            replace_all(session, read_starter(), replace=True)
            session.commit()
        deployment.start_worker(concurrency=1)
        yield deployment


@pytest.fixture(scope="module")
def submit(desk: Stack, client: TestClient, site: SourceSite) -> Callable[..., int]:
    """Put a page of paragraphs on the source site and bring it through the queue to review."""
    headers = {"Authorization": f"Bearer {user_token(desk.database_url, Role.EDITOR)}"}

    def make(path: str, title: str, paragraphs: list[str]) -> int:
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        url = site.add(path, NEWS.format(title=title, url=site.url(path), paragraphs=body))
        created = client.post("/api/v1/articles", headers=headers, json={"url": url})
        assert created.status_code == 202, created.text
        article = wait_for_article(desk.database_url, created.json()["id"])
        assert article.state == "in_review", (article.failure_code, article.failure_reason)
        return article.id

    return make


def segments_of(desk: Stack, article_id: int) -> list[Segment]:
    with Session(get_engine(desk.database_url)) as session:
        return list(
            session.exec(
                select(Segment)
                .where(Segment.article_id == article_id)
                .order_by(Segment.paragraph_id, Segment.index)
            ).all()
        )


def open_findings(desk: Stack, article_id: int) -> list[Finding]:
    with Session(get_engine(desk.database_url)) as session:
        return list(
            session.exec(
                select(Finding).where(
                    Finding.article_id == article_id, Finding.dismissed_at.is_(None)
                )
            ).all()
        )


def wait_until(condition: Callable[[], object], timeout: float = 20) -> None:
    """Poll a condition the browser cannot see (the worker's glossary re-check)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def user(desk: Stack, role: Role) -> WebUser:
    return add_web_user(desk.database_url, role)


def test_a_translator_claims_edits_with_the_keyboard_and_approves(
    desk: Stack, submit, new_page
) -> None:
    article_id = submit(
        "/desk/approve", "Army retakes hills near the border", [f"{DEFENSE} {HOURS}", CEASEFIRE]
    )
    headline, first, second, third = (s.id for s in segments_of(desk, article_id))
    translator = user(desk, Role.TRANSLATOR)
    page = new_page(translator)
    page.set_viewport_size({"width": 1366, "height": 768})  # a laptop screen
    page.goto(f"/articles/{article_id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # The title comes first, labelled as the headline, with its machine draft.
    section = page.locator("section.paragraph.headline")
    assert section.locator(".paragraph-label").text_content() == "Headline"
    assert section.locator(f"#target-{headline}").input_value() == (
        "[id] Army retakes hills near the border"
    )
    assert page.locator("section.paragraph").first.get_attribute("class") == "paragraph headline"
    for visible in (
        page.locator(f"#target-{headline}"),
        page.get_by_role("button", name="Approve"),
    ):
        box = visible.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 768

    # Claim through the queue's form; it brings the translator back here.
    page.get_by_role("button", name="Claim").click()
    page.wait_for_url(f"**/articles/{article_id}")
    assert page.locator(".assignee").inner_text().startswith(f"Assigned to {translator.name}")

    # The glossary hit is marked in the source, its Indonesian target beside it.
    mark = page.locator(f"#segment-{first} mark.term", has_text="Ministry of Defense")
    assert "Kementerian Pertahanan" in mark.get_attribute("title")
    assert page.locator(f"#segment-{first} .terms").inner_text().count("Kementerian Pertahanan")
    screenshot(page, "editor-claimed")

    # Keyboard only: the headline, first, has focus; Ctrl+Enter saves and moves on.
    assert focused_id(page) == f"target-{headline}"
    page.keyboard.press("Control+A")
    page.keyboard.type("Tentara merebut kembali perbukitan di dekat perbatasan")
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#target-{first}")).to_be_focused()  # once the save answered
    page.keyboard.press("Control+A")
    page.keyboard.type(
        "Kementerian Pertahanan mengatakan pada hari Jumat bahwa lima kendaraan lapis baja "
        "dihancurkan di dekat perbatasan."
    )
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#target-{second}")).to_be_focused()  # once the save answered
    page.keyboard.press("Control+A")
    page.keyboard.type("Para pejabat mengatakan bentrokan berlangsung selama 35 jam semalam.")
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#target-{third}")).to_be_focused()  # once the save answered
    page.locator(f"#segment-{first} .seg-state", has_text="version 2").wait_for()
    # The save ran the QA checks: the changed number is a finding on the second segment.
    finding = page.locator(f"#segment-{second} .finding", has_text="Numbers changed")
    finding.wait_for()
    assert '"3.5"' in finding.inner_text()
    page.keyboard.press("Alt+ArrowUp")
    assert focused_id(page) == f"target-{second}"
    page.keyboard.press("Alt+ArrowDown")
    assert focused_id(page) == f"target-{third}"

    # Approving too early shows what blocks it, as a view; its links lead to the segment.
    page.get_by_role("button", name="Approve article").click()
    blockers = page.locator("#decision-result .blockers")
    blockers.wait_for()
    assert "Numbers changed" in blockers.inner_text()
    assert page.url.endswith(f"/articles/{article_id}")
    blockers.get_by_role("link", name="Numbers changed").click()
    assert focused_id(page) == f"target-{second}"

    # The third segment: the draft misses two glossary terms; the translator fixes it.
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Control+A")
    page.keyboard.type("Prancis, Rusia, dan AS menyerukan gencatan senjata segera pada hari Kamis.")
    page.keyboard.press("Control+Enter")
    page.locator(f"#segment-{third} .seg-state", has_text="version 2").wait_for()

    # The changed number was checked with the desk: dismissed with a note.
    finding.get_by_role("textbox").fill("Checked with the desk: 35 is right.")
    finding.get_by_role("button", name="Dismiss").click()
    dismissed = page.locator(f"#segment-{second} .finding.dismissed")
    dismissed.wait_for()
    assert f"Dismissed by {translator.name}" in dismissed.inner_text()
    assert "Checked with the desk: 35 is right." in dismissed.inner_text()

    # The worker re-checks the glossary after each save; the page fetches the result.
    wait_until(lambda: not open_findings(desk, article_id))
    page.locator(f"#src-{first} mark.term.ok", has_text="Ministry of Defense").wait_for()
    expect(page.locator(f"#segment-{third} .finding")).to_have_count(0)
    screenshot(page, "editor-edited")
    page.get_by_role("button", name="Approve article").click()
    page.locator(".meta .state-approved").wait_for()
    assert page.dialogs == []
    with Session(get_engine(desk.database_url)) as session:
        versions = session.exec(
            select(SegmentVersion).where(SegmentVersion.article_id == article_id)
        ).all()
        assert session.get(Article, article_id).state == "approved"
    assert {v.segment_id for v in versions} == {headline, first, second, third}
    assert all(v.active_ms and v.active_ms > 0 for v in versions)  # typing was timed

    # An editor, in a browser of their own, sees the article approved and read-only.
    editor = new_page(user(desk, Role.EDITOR))
    editor.goto(f"/articles/{article_id}")
    assert editor.locator(".meta .state").inner_text() == "approved"
    assert editor.locator(f"#target-{first}").get_attribute("readonly") is not None
    assert editor.get_by_role("button", name="Approve article").count() == 0
    assert "Kementerian Pertahanan mengatakan" in editor.locator(f"#target-{first}").input_value()
    screenshot(editor, "editor-approved")


def test_two_people_save_the_same_segment_and_both_texts_survive(
    desk: Stack, submit, new_page
) -> None:
    article_id = submit("/desk/conflict", "Talks resume in Vienna", [HOURS, CEASEFIRE])
    segment = segments_of(desk, article_id)[1].id  # HOURS ([0] is the headline)
    sinta, budi = user(desk, Role.TRANSLATOR), user(desk, Role.EDITOR)
    first, second = new_page(sinta), new_page(budi)
    first.goto(f"/articles/{article_id}")
    second.goto(f"/articles/{article_id}")
    theirs = "Para pejabat mengatakan bentrokan berlangsung 3,5 jam."
    mine = "Menurut para pejabat, bentrokan semalam berlangsung selama 3,5 jam."

    first.locator(f"#target-{segment}").fill(theirs)
    first.locator(f"#target-{segment}").press("Control+Enter")
    first.locator(f"#segment-{segment} .seg-state", has_text="version 2").wait_for()
    # Sinta's save claimed the article; Budi, an editor, takes it over in another tab.
    takeover = new_page(budi)
    takeover.goto(f"/articles/{article_id}")
    takeover.get_by_role("button", name="Take over").click()
    takeover.locator(".assignee", has_text=f"Assigned to {budi.name}").wait_for()

    area = second.locator(f"#target-{segment}")
    area.fill(mine)
    area.press("Control+Enter")
    conflict = second.locator(f"#segment-{segment} .conflict-box")
    conflict.wait_for()
    assert "Someone saved this segment first." in conflict.inner_text()
    assert second.locator(f"#segment-{segment} .their-text").inner_text() == theirs
    assert second.locator(f"#target-{segment}").input_value() == mine
    screenshot(second, "editor-conflict")

    second.get_by_role("button", name="Keep mine").click()
    second.locator(f"#segment-{segment} .seg-state", has_text="version 3").wait_for()
    with Session(get_engine(desk.database_url)) as session:
        saved = session.exec(
            select(SegmentVersion.version, SegmentVersion.target, SegmentVersion.user_id)
            .where(SegmentVersion.segment_id == segment)
            .order_by(SegmentVersion.version)
        ).all()
    assert saved == [(2, theirs, sinta.id), (3, mine, budi.id)]

    second.goto(f"/articles/{article_id}/history#segment-{segment}")
    history = second.locator(f"#segment-{segment}").inner_text()
    assert theirs.split()[-1] in history and "Menurut" in history
    assert sinta.name in history and budi.name in history
    screenshot(second, "history")


def test_markup_in_a_source_article_is_shown_as_text(desk: Stack, submit, new_page) -> None:
    escaped_img, escaped_script = (
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    )
    article_id = submit(
        "/desk/markup",
        f"Markup {escaped_img} in a headline",
        [
            f"The Ministry of Defense said the page showed {escaped_img} instead of a photo "
            "on Friday, after the server was repaired.",
            f"Readers also saw {escaped_script} printed in the middle of the report about the "
            "ceasefire talks in Vienna.",
        ],
    )
    title, first, *_ = segments_of(desk, article_id)
    assert IMG in title.source and IMG in first.source  # extraction kept it as text
    page = new_page(user(desk, Role.TRANSLATOR))
    page.goto(f"/articles/{article_id}")
    page.wait_for_load_state("networkidle")
    assert page.dialogs == []
    assert page.locator(f"#segment-{title.id} .source").inner_text().count(IMG) == 1
    assert page.locator(f"#segment-{first.id} .source").inner_text().count(IMG) == 1
    page.locator(".source", has_text=SCRIPT).wait_for()
    assert IMG in page.locator("h1").inner_text()
    assert IMG in page.locator(f"#target-{first.id}").input_value()
    assert page.locator("img").count() == 0 and page.locator("article script").count() == 0

    # Saving re-renders the segment from the server: still text.
    page.locator(f"#target-{first.id}").press("End")
    page.keyboard.type(" Diperiksa.")
    page.keyboard.press("Control+Enter")
    page.locator(f"#segment-{first.id} .seg-state", has_text="version 2").wait_for()
    page.get_by_role("button", name="Approve article").click()
    page.locator("#decision-result .blockers").wait_for()
    page.goto(f"/articles/{article_id}/history")
    page.wait_for_load_state("networkidle")
    # The headline's source and the first sentence's, each shown once, as text.
    assert page.locator(".source", has_text=IMG).count() == 2
    assert page.locator("img").count() == 0
    assert page.dialogs == []
