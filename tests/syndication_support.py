"""Helpers for the syndication tests: articles driven to publication, a webhook receiver,
and a check that an HTML fragment carries no script, handler or foreign link."""

import base64
import hashlib
import hmac
import json
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fastapi.testclient import TestClient

from core.models import HEADLINE_INDEX
from core.sanitize import ALLOWED_TAGS
from tests.conftest import wait_for_article
from tests.support import PAGES, SourceSite, Stack

# Source HTML as hostile as a compromised news page: scripts, handlers, a
# javascript: link, and code quoted as text (which must stay visible text).
HOSTILE_PARAGRAPHS = """
<script>alert('inline')</script>
<p onclick="alert(1)" onmouseover="alert(2)">The ministry quoted the post &lt;img src=x onerror=alert(1)&gt; in full on Friday, officials said.</p>
<img src="x" onerror="alert(3)">
<p>Officials said <a href="javascript:alert(4)">the statement</a> carried &lt;script&gt;alert(document.cookie)&lt;/script&gt; when it reached reporters.</p>
"""  # noqa: E501


def page(name: str, canonical: str, hostile: bool = False) -> str:
    """A test page whose canonical URL (hence source outlet) is `canonical`."""
    body = (PAGES / name).read_text(encoding="utf-8")
    body = re.sub(
        r'<link rel="canonical" href="[^"]*">', f'<link rel="canonical" href="{canonical}">', body
    )
    if hostile:
        body = body.replace("</h1>", "</h1>" + HOSTILE_PARAGRAPHS, 1)
        body = body.replace("<head>", "<head><script>alert('head')</script>", 1)
    return body


def submit(client: TestClient, site: SourceSite, editor: dict, path: str, html: str) -> int:
    created = client.post("/api/v1/articles", headers=editor, json={"url": site.add(path, html)})
    assert created.status_code == 202, created.text
    return created.json()["id"]


def indonesian(index: int, source: str) -> str:
    """A translator's text: Indonesian, keeping any code the source quoted, as text."""
    quoted = match.group(0) if (match := re.search(r"<.*>", source)) else ""
    return f"Kalimat {index} dalam bahasa Indonesia tentang tentara Azerbaijan. {quoted}".strip()


# What the translator makes of each source title (the headline segment).
TRANSLATED_HEADLINE = "Judul berita dalam bahasa Indonesia tentang tentara Azerbaijan"


def review_and_approve(client: TestClient, editor: dict, article_id: int) -> None:
    """Post-edit every segment, keep what QA flags, approve: the review desk's path."""
    url = f"/api/v1/articles/{article_id}"
    article = client.get(url, headers=editor).json()
    segments = ((p["index"], s) for p in article["paragraphs"] for s in p["segments"])
    for n, (index, segment) in enumerate(segments):
        target = (
            TRANSLATED_HEADLINE if index == HEADLINE_INDEX else indonesian(n, segment["source"])
        )
        saved = client.put(
            f"/api/v1/segments/{segment['id']}",
            headers=editor,
            json={"target": target, "version": segment["version"]},
        )
        assert saved.status_code == 200, saved.text
    dismiss_findings(client, editor, article_id)
    approved = client.post(f"{url}/approve", headers=editor)
    assert approved.status_code == 200, approved.text


def dismiss_findings(client: TestClient, editor: dict, article_id: int) -> None:
    article = client.get(f"/api/v1/articles/{article_id}", headers=editor).json()
    for segment in (s for p in article["paragraphs"] for s in p["segments"]):
        for finding in segment["qa"]:
            client.post(
                f"/api/v1/segments/{segment['id']}/findings/{finding['id']}/dismiss",
                headers=editor,
                json={"note": "kept"},
            )


def approved(client: TestClient, deployment: Stack, editor: dict, ids: list[int]) -> list[int]:
    for article_id in ids:
        assert wait_for_article(deployment.database_url, article_id).state == "in_review"
        review_and_approve(client, editor, article_id)
    return ids


class Markup(HTMLParser):
    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def assert_inert(fragment: str) -> None:
    """Only allowlisted tags, no event handler or style, links to http(s) only."""
    markup = Markup(fragment)
    assert set(markup.tags) <= ALLOWED_TAGS, markup.tags
    for name, value in markup.attrs:
        assert name in ("href", "rel"), (name, value)
        if name == "href":
            assert value and value.startswith(("http://", "https://")), value


@dataclass
class Received:
    headers: dict[str, str]
    body: str
    verified: bool


@dataclass
class Receiver:
    """A partner's webhook endpoint on loopback that answers a script of statuses."""

    secret: str = ""
    script: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"])).decode()
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append(Received(headers, body, receiver.verify(headers, body)))
                status = receiver.script.pop(0) if receiver.script else 200
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/warta-hook"

    def verify(self, headers: dict[str, str], body: str) -> bool:
        """As the Standard Webhooks libraries do: HMAC over id.timestamp.body, fresh time."""
        if abs(time.time() - int(headers["webhook-timestamp"])) > 300:
            return False
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        given = [s.split(",", 1)[1] for s in headers["webhook-signature"].split() if "," in s]
        return any(hmac.compare_digest(expected, candidate) for candidate in given)

    def events(self) -> list[dict]:
        return [json.loads(r.body) for r in self.received]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def wait_until(predicate, timeout: float = 20, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met after {timeout}s")
        time.sleep(0.05)
