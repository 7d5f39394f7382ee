"""Web UI fixtures: users with passwords, signed-in clients, a live server, Chromium.

Browser tests drive Debian's /usr/bin/chromium through Playwright (installed
by scripts/setup --test); nothing is downloaded. A missing browser fails.
"""

import itertools
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.models import Role, User
from core.security import create_user
from tests.support import Stack

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
ARTIFACTS = Path(os.environ.get("WARTA_TEST_ARTIFACTS", "artifacts"))
_names = itertools.count()


class WebUser(NamedTuple):
    id: int
    name: str
    role: Role
    password: str


def add_web_user(database_url: str, role: Role, locale: str = "en") -> WebUser:
    name = f"web-{role.value}-{next(_names)}-{os.getpid()}"
    with Session(get_engine(database_url)) as session:
        user, _ = create_user(session=session, name=name, role=role, password=PASSWORD)
        user.locale = locale
        session.commit()
        return WebUser(user.id, name, role, PASSWORD)


def csrf_of(client: TestClient) -> str:
    """The CSRF token the last page rendered (forms carry it in a hidden field)."""
    if "warta_csrf" not in client.cookies:
        client.get("/login")
    return client.cookies["warta_csrf"]


def sign_in(client: TestClient, user: WebUser) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"name": user.name, "password": user.password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture(scope="session")
def web_user(stack: Stack) -> Callable[..., WebUser]:
    return lambda role, locale="en": add_web_user(stack.database_url, role, locale)


@pytest.fixture
def signed_in(stack: Stack, client: TestClient) -> Iterator[Callable[[WebUser], TestClient]]:
    """A fresh browser-like client (own cookie jar) signed in as the given user."""
    opened: list[TestClient] = []

    def make(user: WebUser) -> TestClient:
        browser_client = TestClient(client.app)
        opened.append(browser_client)
        sign_in(browser_client, user)
        return browser_client

    yield make
    for browser_client in opened:
        browser_client.close()


def hidden_csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


class LiveServer:
    """The real app under uvicorn on a free loopback port, in a thread of the test process."""

    def __init__(self) -> None:
        from api.main import app

        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            assert self.thread.is_alive(), "uvicorn stopped while starting"
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(stack: Stack) -> Iterator[LiveServer]:
    server = LiveServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run ./scripts/setup --test"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server: LiveServer) -> Iterator[Callable[..., object]]:
    """Pages in fresh browser contexts (own cookies); dialogs are recorded and dismissed
    unless the test sets `page.accept_dialogs`.

    Whatever the test, a page that breaks the Content-Security-Policy (an inline
    script or style the desk itself wrote) fails it at the end.
    """
    contexts = []
    violations: list[str] = []

    def make(user: WebUser | None = None):
        viewport = {"width": 1366, "height": 800}
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []
        # A test that answers "Leave" to a beforeunload prompt sets this to True.
        page.accept_dialogs = False
        page.on(
            "dialog",
            lambda dialog: (
                page.dialogs.append(dialog.message),
                dialog.accept() if page.accept_dialogs else dialog.dismiss(),
            ),
        )
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and violations.append(f"{message.text} at {message.location}")
            ),
        )
        if user is not None:
            page.goto("/login")
            page.fill("input[name=name]", user.name)
            page.fill("input[name=password]", user.password)
            page.click("button[type=submit]")
            page.wait_for_load_state()
        return page

    yield make
    for context in contexts:
        context.close()
    assert violations == [], violations


def screenshot(page, name: str) -> Path:
    """Saved under artifacts/browser/ for people to look at after a run."""
    path = ARTIFACTS / "browser" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def signed_in_user(database_url: str, user_id: int) -> User:
    with Session(get_engine(database_url)) as session:
        return session.get(User, user_id)
