"""Every signed-in page, for each role, at a laptop's 1366×768 and a phone's 390×844:
axe-core finds no violation of serious or critical impact, and at 390 the page body
never scrolls sideways (wide tables scroll inside their own box). The pages carry data:
articles in review (claimed by the visitor, by someone else, by nobody), an approved and
a published one with its publication panel, a partner and a failed webhook delivery.

axe comes from tests/conformance/clients/node_modules (npm ci there, scripts/setup --test);
it is injected as an init script, which the page's CSP (script-src 'self') does not see.
Screenshots at 390 go to artifacts/browser/layout-390-*.png for people to look at."""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect
from sqlmodel import Session, select

from core.db import get_engine
from core.models import Article, Role, WebhookDelivery
from core.partners import create_partner
from core.states import ArticleState
from tests.conftest import user_token, wait_for_article
from tests.support import SourceSite, Stack
from tests.syndication_support import Receiver
from tests.syndication_support import wait_until as wait_for
from tests.web.conftest import screenshot
from tests.web.desk.support import person
from tests.web.factories import approved_article

pytestmark = pytest.mark.integration

AXE = Path(__file__).parents[2] / "conformance/clients/node_modules/axe-core/axe.min.js"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SERIOUS = ("serious", "critical")
STATUS = {"not-found": 404, "forbidden": 403}

# Runs axe on the whole document; answers only what a failure message needs.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""

# The page's widths, and the outermost elements that stick out past the viewport's
# right edge (their children would only repeat them), named as a CSS selector would.
# What a scrolling box clips does not count, unless it is positioned out of that box.
MEASURE_WIDTH = """() => {
  const root = document.documentElement, limit = root.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    [...el.classList].map(c => "." + c).join("");
  const path = el => { const parts = []; for (let e = el; e && e !== root; e = e.parentElement)
    parts.unshift(name(e)); return parts.slice(-4).join(" > "); };
  const clipped = el => {
    if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement)
      if (getComputedStyle(e).overflowX !== "visible") return true;
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > limit + 0.5 && !clipped(el);
  });
  const outermost = wide.filter(el => !wide.includes(el.parentElement));
  return {scrollWidth: root.scrollWidth, clientWidth: limit,
    offenders: outermost.slice(0, 5).map(el =>
      path(el) + " (right edge " + Math.round(el.getBoundingClientRect().right) + "px)")};
}"""


@dataclass(frozen=True)
class Newsroom:
    """The articles and partner the pages show; `claimed` is reassigned per visitor."""

    claimed: int
    someone_elses: int
    unclaimed: int
    approved: int
    published: int
    rejected: int
    failed: int


@pytest.fixture(scope="module")
def newsroom(
    desk: Stack, submit: Callable[..., int], client: TestClient, site: SourceSite
) -> Iterator[Newsroom]:
    paragraphs = [
        "The Ministry of Defense said on Friday that five armored vehicles were destroyed.",
        "France, Russia and the U.S. called for an immediate ceasefire on Thursday.",
    ]
    claimed = submit("Border clashes resume near the disputed hills", paragraphs)
    someone_elses = submit("Ceasefire talks stall as both sides trade blame", paragraphs)
    unclaimed = submit("Ministry lists vehicles lost in overnight fighting", paragraphs[:1])
    assign(desk, someone_elses, person(desk, Role.TRANSLATOR).id)

    domain = f"layout-{uuid.uuid4().hex[:10]}.example.org"
    approved = approved_article(desk.database_url)
    rejected = approved_article(desk.database_url, state=ArticleState.REJECTED)
    failed = failed_article(desk, client, site)
    published = approved_article(desk.database_url, domain)
    receiver = Receiver(script=[404])  # refused at once: the log shows a failed delivery
    with Session(get_engine(desk.database_url)) as session:
        partner, _ = create_partner(
            session=session,
            name=f"Mitra Layout {domain}",
            domains=[domain],
            webhook_url=receiver.url,
        )
        session.commit()
        partner_id = partner.id
    editor = {"Authorization": f"Bearer {user_token(desk.database_url, Role.EDITOR)}"}
    answer = client.post(
        f"/api/v1/articles/{published}/publish",
        headers=editor,
        json={"headline": "Tentara merebut kembali bukit strategis di perbatasan"},
    )
    assert answer.status_code == 200, answer.text
    wait_for(lambda: delivery_state(desk, partner_id) == "failed", what="the refused delivery")
    yield Newsroom(claimed, someone_elses, unclaimed, approved, published, rejected, failed)
    receiver.close()


def failed_article(desk: Stack, client: TestClient, site: SourceSite) -> int:
    """An article whose page is missing (HTTP 404): failed at fetch, with Set and retry."""
    editor = {"Authorization": f"Bearer {user_token(desk.database_url, Role.EDITOR)}"}
    url = site.url(f"/layout-missing/{uuid.uuid4().hex}")
    created = client.post("/api/v1/articles", headers=editor, json={"url": url})
    assert created.status_code == 202, created.text
    article = wait_for_article(desk.database_url, created.json()["id"])
    assert article.state == "failed", article.state
    return article.id


def assign(desk: Stack, article_id: int, user_id: int) -> None:
    """A claim held now (fresh activity), as the claim button would leave it."""
    with Session(get_engine(desk.database_url)) as session:
        article = session.get(Article, article_id)
        article.assignee_id, article.claimed_at = user_id, datetime.now(UTC)
        session.add(article)
        session.commit()


def delivery_state(desk: Stack, partner_id: int) -> str | None:
    with Session(get_engine(desk.database_url)) as session:
        delivery = session.exec(
            select(WebhookDelivery).where(WebhookDelivery.partner_id == partner_id)
        ).first()
        return delivery.status if delivery else None


def pages_for(role: Role, news: Newsroom) -> list[tuple[str, str]]:
    """(name, path) of every page the role opens from the header and the article pages,
    then a missing article; a desk page the role may not open shows the forbidden page."""
    desk_pages = [("dashboard", "/dashboard"), ("partners", "/partners")]
    desk_pages += [("deliveries", "/deliveries"), ("users", "/users")]
    allowed = {
        Role.ADMIN: desk_pages,
        Role.EDITOR: desk_pages[:3],
        Role.TRANSLATOR: [],
    }[role]
    forbidden = [("forbidden", path) for name, path in desk_pages if (name, path) not in allowed]
    mine, published = f"/articles/{news.claimed}", f"/articles/{news.published}"
    return [
        *allowed,
        ("queue", "/queue"),
        ("glossary", "/glossary"),
        ("account", "/account"),
        ("notifications", "/notifications"),
        ("editor-claimed-by-me", mine),
        ("editor-claimed-by-another", f"/articles/{news.someone_elses}"),
        ("editor-unclaimed", f"/articles/{news.unclaimed}"),
        ("editor-approved", f"/articles/{news.approved}"),
        ("editor-published", published),
        ("editor-rejected", f"/articles/{news.rejected}"),
        ("editor-failed", f"/articles/{news.failed}"),
        ("history-published", f"{published}/history"),
        ("history-in-review", f"{mine}/history"),
        ("preview-in-review", f"{mine}/preview"),
        ("preview-published", f"{published}/preview"),
        ("replace-preview", f"{mine}/replace?find=Ministry&replace=Kementerian"),
        ("concordance", f"{mine}/concordance?q=ceasefire"),
        ("not-found", "/articles/99999999"),
        *forbidden[:1],
    ]


def dashboard_tabs(page) -> list[tuple[str, str]]:
    """The dashboard's state tabs other than the one shown (they differ with the data)."""
    links = page.locator("#state-tabs a:not([aria-current])")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    return [("dashboard-" + href.rsplit("=", 1)[-1], href) for href in hrefs]


def check(page, who: str, name: str, path: str, viewport: dict[str, int]) -> list[str]:
    """Open the page and answer its problems, one line each, ready for a failure report."""
    answer = page.goto(path)
    # What htmx fetches on load (the notification count, a segment's findings) is in place.
    expect(page.locator(".htmx-request")).to_have_count(0)
    where = f"{path} ({who}, {name}) at {viewport['width']}×{viewport['height']}"
    expected = STATUS.get(name, 200)
    problems = [] if answer.status == expected else [f"{where}: HTTP {answer.status}"]
    for violation in page.evaluate(RUN_AXE):
        if violation["impact"] in SERIOUS:
            targets = "; ".join(n["target"] for n in violation["nodes"][:4])
            more = len(violation["nodes"]) - 4
            problems.append(
                f"{where}: axe {violation['impact']} {violation['id']} ({violation['help']})"
                f" on {targets}{f' and {more} more' if more > 0 else ''}"
                f" — {first_line(violation['nodes'][0]['summary'])}"
            )
    if viewport["width"] <= PHONE["width"]:
        width = page.evaluate(MEASURE_WIDTH)
        if width["scrollWidth"] > width["clientWidth"]:
            problems.append(
                f"{where}: the page scrolls sideways (scrollWidth {width['scrollWidth']}"
                f" > {width['clientWidth']}); too wide: {', '.join(width['offenders'])}"
            )
        screenshot(page, f"layout-390-{who}-{name}")
    return problems


def first_line(summary: str) -> str:
    lines = [line.strip() for line in summary.splitlines() if line.strip()]
    return lines[1] if len(lines) > 1 else (lines[0] if lines else "")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366x768", "390x844"])
@pytest.mark.parametrize("role", [Role.ADMIN, Role.EDITOR, Role.TRANSLATOR], ids=str)
def test_every_signed_in_page_is_accessible_and_fits(
    desk: Stack, newsroom: Newsroom, new_page, role: Role, viewport: dict[str, int]
) -> None:
    assert AXE.exists(), f"{AXE} is missing: run npm ci in tests/conformance/clients"
    # Editors and translators read the desk in Indonesian (longer words), the admin English.
    visitor = person(desk, role, "en" if role is Role.ADMIN else "id")
    assign(desk, newsroom.claimed, visitor.id)
    page = new_page(visitor)
    page.set_viewport_size(viewport)
    page.context.add_init_script(path=str(AXE))

    problems: list[str] = []
    pages = pages_for(role, newsroom)
    visited = 0
    while pages:
        name, path = pages.pop(0)
        problems += check(page, role.value, name, path, viewport)
        visited += 1
        if path == "/dashboard":
            pages[:0] = dashboard_tabs(page)  # each state tab, right after the dashboard
    assert visited >= 16
    assert not problems, f"{len(problems)} problems for the {role.value}:\n" + "\n".join(problems)


def test_the_sign_in_page_is_accessible_and_fits(new_page) -> None:
    page = new_page()
    page.context.add_init_script(path=str(AXE))
    problems: list[str] = []
    for viewport in (LAPTOP, PHONE):
        page.set_viewport_size(viewport)
        problems += check(page, "signed-out", "login", "/login", viewport)
    assert not problems, "\n".join(problems)
