"""Issue 11: every link Warta hands out names the port `warta up` really listens on.

The real CLI starts on a free port that is not the default 8000; an article from
the local source site goes through review and publication; then every http(s)
URL in the three feeds, the pull API (list and item), the webhook body and the
publishing panel is followed and must answer 200 (Warta's with the partner's key;
its home page, the staff web UI, with a signed-in browser). URLs are collected
by shape, not by field name (the items' format is moving to IPTC ninjs).
"""

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from lxml import etree
from lxml import html as lxml_html

from cli.services import free_port
from tests.integration.test_cli import WARTA, clean_env, start_up, wait_healthy, warta
from tests.support import SourceSite
from tests.syndication_support import Receiver, page, review_and_approve, wait_until

pytestmark = pytest.mark.integration

DEFAULT_PORT = 8000
LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0", "::"}
# Identifiers that are URLs by convention and name no resource of the article
# (a format's version, the spec a feed points readers to): not followed, and
# nothing outside the test machine is reachable anyway.
SPEC_HOSTS = {
    "jsonfeed.org",
    "www.rssboard.org",
    "cyber.harvard.edu",
    "www.w3.org",
    "purl.org",
    "iptc.org",
    "www.iptc.org",
    "cv.iptc.org",
}
# The source outlet as ninjs names it: its home page, from its domain. Sources
# are keyed by domain, without a port, so the test site's outlet is this, which
# nothing serves; it is no Warta link.
OUTLET_HOME = "http://127.0.0.1/"
LEAD_IMAGE = b"\xff\xd8\xff\xe0 not really a JPEG \xff\xd9"


@dataclass
class Up:
    process: subprocess.Popen
    url: str
    token: str
    password: str
    output: list[str]


@pytest.fixture
def up_on_port(tmp_path: Path) -> Iterator[Up]:
    port = free_port()
    while port == DEFAULT_PORT:
        port = free_port()
    process, lines = start_up("--port", str(port), "--data-dir", str(tmp_path / "data"))
    text = "\n".join(lines)
    url = re.search(r"Warta is running at (http://\S+:\d+)", text).group(1)
    assert url == f"http://127.0.0.1:{port}", text
    assert f"Partners' links (feeds, items, webhooks) start with {url}" in text, text
    password = re.search(r"as admin with password (\S+)", text).group(1)
    wait_healthy(url, process)
    try:
        yield Up(
            process, url, lines[lines.index("Its API token (shown once):") + 1], password, lines
        )
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def json_urls(value: object) -> set[str]:
    """Every http(s) string anywhere in a JSON document."""
    if isinstance(value, str):
        return {value} if value.startswith(("http://", "https://")) else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(json_urls(v) for v in value)) if value else set()
    return set()


def xml_urls(document: bytes) -> set[str]:
    """Every http(s) attribute value (href, url, uri, …) and element text of a feed."""
    found = set()
    for element in etree.fromstring(document).iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        candidates = [*element.attrib.values(), (element.text or "").strip()]
        found |= {c for c in candidates if c.startswith(("http://", "https://"))}
    return found


def page_urls(document: str) -> set[str]:
    """Every absolute http(s) URL in a web page: attributes and text."""
    found = set()
    for element in lxml_html.fromstring(document).iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        candidates = [*element.attrib.values(), (element.text or "").strip()]
        found |= {c for c in candidates if c.startswith(("http://", "https://"))}
    return found


def test_every_link_names_the_port_warta_up_listens_on(up_on_port: Up, site: SourceSite) -> None:
    warta_netloc = urlsplit(up_on_port.url).netloc
    admin = {"Authorization": f"Bearer {up_on_port.token}"}
    receiver = Receiver()
    try:
        with (
            httpx.Client(base_url=up_on_port.url, timeout=30) as client,
            _signed_in(up_on_port) as browser,
        ):
            # A partner licensed for the source site's articles, links pointing at Warta.
            created = client.post(
                "/api/v1/partners",
                headers=admin,
                json={
                    "name": "Mitra Port",
                    "sources": ["127.0.0.1"],
                    "canonical_link": "none",
                    "webhook_url": receiver.url,
                },
            )
            assert created.status_code == 201, created.text
            receiver.secret = created.json()["webhook_secret"]
            partner = {"X-API-Key": created.json()["api_key"]}

            # An article whose canonical URL and lead image are on the source site,
            # so the links back to the original can be followed too.
            article_url = site.url("/up-links/article")
            html = page("en_article.html", article_url).replace(
                "https://static.example.org/img/lead-aghdara.jpg", site.url("/up-links/lead.jpg")
            )
            site.add("/up-links/lead.jpg", LEAD_IMAGE, content_type="image/jpeg")
            submitted = client.post(
                "/api/v1/articles", headers=admin, json={"url": site.add("/up-links/article", html)}
            )
            assert submitted.status_code == 202, submitted.text
            article_id = submitted.json()["id"]
            _wait_for_review(client, admin, article_id)
            review_and_approve(client, admin, article_id)
            published = client.post(f"/api/v1/articles/{article_id}/publish", headers=admin)
            assert published.status_code == 200, published.text
            public_id = published.json()["public_id"]

            found: dict[str, set[str]] = {}
            for feed in ("rss.xml", "atom.xml"):
                response = client.get(f"/feeds/{feed}", headers=partner)
                assert response.status_code == 200, response.text
                found[feed] = xml_urls(response.content)
            for path in ("/feeds/feed.json", "/syndication/v1/articles"):
                response = client.get(path, headers=partner)
                assert response.status_code == 200, response.text
                found[path] = json_urls(response.json())
            item = client.get(f"/syndication/v1/articles/{public_id}", headers=partner)
            assert item.status_code == 200, item.text
            found["item"] = json_urls(item.json())
            wait_until(lambda: receiver.received, timeout=60, what="the webhook delivery")
            assert receiver.received[0].verified
            found["webhook"] = json_urls(json.loads(receiver.received[0].body))
            panel = browser.get(f"/articles/{article_id}")
            assert panel.status_code == 200, panel.text
            found["panel"] = page_urls(panel.text)
            assert f"{up_on_port.url}/feeds/rss.xml" in found["panel"], found["panel"]

            every = set().union(*found.values())
            for where, urls in found.items():
                # Each document links back to Warta, and to the original article.
                assert any(urlsplit(u).netloc == warta_netloc for u in urls), (where, urls)
            assert {article_url, site.url("/up-links/lead.jpg")} <= every, every
            assert f"{up_on_port.url}/syndication/v1/articles/{public_id}" in every, every
            _follow_all(every, warta_netloc, site, partner, browser)
    finally:
        receiver.close()


def _wait_for_review(client: httpx.Client, headers: dict, article_id: int) -> None:
    deadline = time.monotonic() + 90
    while (article := client.get(f"/api/v1/articles/{article_id}", headers=headers).json())[
        "state"
    ] != "in_review":
        assert article["state"] != "failed" and time.monotonic() < deadline, article
        time.sleep(0.2)


@contextmanager
def _signed_in(up: Up) -> Iterator[httpx.Client]:
    """The admin's browser, signed in to the web UI with the password `warta up` printed."""
    with httpx.Client(base_url=up.url, timeout=30) as browser:
        browser.get("/login")
        form = {
            "name": "admin",
            "password": up.password,
            "csrf_token": browser.cookies["warta_csrf"],
        }
        signed_in = browser.post("/login", data=form, follow_redirects=True)
        assert signed_in.status_code == 200, signed_in.text
        yield browser


def _follow_all(
    urls: set[str], warta_netloc: str, site: SourceSite, partner: dict, browser: httpx.Client
) -> None:
    site_netloc = f"127.0.0.1:{site.server.server_port}"
    followed = []
    for url in sorted(urls):
        parts = urlsplit(url)
        assert parts.port != DEFAULT_PORT, f"{url} names the default port"
        if url == OUTLET_HOME:
            continue
        if parts.hostname not in LOOPBACK:
            assert parts.hostname in SPEC_HOSTS, f"{url}: a link to a host Warta does not run on"
            continue
        # A loopback URL names Warta (on its real port) or the source site; nothing else.
        assert parts.netloc in (warta_netloc, site_netloc), f"{url}: neither Warta nor the source"
        if parts.netloc == warta_netloc and parts.path in ("", "/"):
            # Warta's home (a feed's site link) is the newsroom's web UI: a partner's
            # key opens no page there, it gets the sign-in form; staff get in.
            response = httpx.get(url, headers=partner, timeout=30)
            assert response.status_code == 401 and 'name="password"' in response.text, url
            response = browser.get(url, follow_redirects=True)
        else:
            headers = partner if parts.netloc == warta_netloc else {}
            response = httpx.get(url, headers=headers, follow_redirects=True, timeout=30)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        followed.append(url)
    assert sum(urlsplit(u).netloc == warta_netloc for u in followed) >= 4, followed


def test_warta_api_alone_builds_links_for_the_address_it_listens_on(tmp_path: Path) -> None:
    """`warta api --host 0.0.0.0 --port 0`: the port it picks is the one its links name,
    and, bound to every interface without WARTA_PUBLIC_URL, it says what it guessed."""
    data_dir = tmp_path / "data"
    assert warta(data_dir, "migrate").returncode == 0
    added = warta(data_dir, "partners", "add", "Mitra Sendiri", "--source", "example.org")
    assert added.returncode == 0, added.stderr
    partner = {"X-API-Key": added.stdout.strip().splitlines()[-1]}
    # No Redis: the partner rate limit lets requests through when it is unreachable.
    env = clean_env(data_dir) | {"WARTA_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    process = subprocess.Popen(
        [*WARTA, "api", "--host", "0.0.0.0", "--port", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        warning = process.stderr.readline()
        threading.Thread(target=process.stderr.read, daemon=True).start()
        guessed = f"http://{socket.gethostname().lower()}:"
        assert "WARTA_PUBLIC_URL" in warning and guessed in warning, warning
        port = int(re.search(rf"{re.escape(guessed)}(\d+)", warning).group(1))
        assert port not in (0, DEFAULT_PORT)
        wait_healthy(f"http://127.0.0.1:{port}", process)
        feed = httpx.get(f"http://127.0.0.1:{port}/feeds/feed.json", headers=partner, timeout=30)
        assert feed.status_code == 200, feed.text
        assert feed.json()["home_page_url"] == f"{guessed}{port}"
        assert feed.json()["feed_url"] == f"{guessed}{port}/feeds/feed.json"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
