"""One partner's syndication with every kind of article, for checks by outside software.

The fixture drives a real deployment (worker process, Redis, SQLite, local
source site) through the desk's API: a live article full of hostile text, an
article corrected to version 2 and one published then killed, all from one
source licensed to one partner whose webhook receiver is on loopback. The
conformance tests then hand what Warta serves to validators, schemas and feed
readers that Warta's authors did not write.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from core.config import get_settings
from core.models import HEADLINE_INDEX, Role
from tests.conftest import own_deployment, user_token, wait_for_article
from tests.support import RedisServer, SourceSite, Stack
from tests.syndication_support import (
    Receiver,
    approved,
    dismiss_findings,
    page,
    submit,
    wait_until,
)

# The TestClient serves the app at this address; Warta is told it is its public one,
# so every self link and item link points where the tests fetch from.
BASE_URL = "http://testserver"
SOURCE = "https://news.example.org/world"
# Everything a translator's paste or a hostile source can put into a segment: control
# characters (Word pastes U+000B), markup quoted as text, bidi marks, emoji and
# characters outside the Basic Multilingual Plane.
HOSTILE_TEXT = (
    "Pernyataan itu\x0b dikutip\x0c utuh\x00 \ufffe: <script>alert('x')</script> "
    '<img src=x onerror="alert(1)"> \u200fمرحبا\u200e \u202ekebalikan\u202c 🇮🇩 😀 𝔚𝔞𝔯𝔱𝔞 𠀋.'
)
HOSTILE_HEADLINE = "Azerbaijan\x0b <b>merebut</b> 😀 𝔚 \u200fبيان\u200e kembali bukit"
CORRECTION_NOTE = "Nama wilayah diperbaiki."
KILL_REASON = "Hak siar dicabut."


@dataclass
class Conformance:
    deployment: Stack
    client: TestClient
    editor: dict[str, str]
    partner: dict  # as created: api_key and webhook_secret included
    headers: dict[str, str]  # the partner's X-API-Key
    receiver: Receiver  # every webhook Warta delivered to the partner
    hostile: dict  # publish answer: live, version 1, hostile text in headline and body
    corrected_v1: dict  # publish answer of version 1 of the corrected article
    corrected: dict  # publish answer of its version 2
    killed: dict  # publish answer of the article that was then killed
    base_url: str = BASE_URL


@pytest.fixture(scope="package")
def conformance(
    redis_server: RedisServer, stack: Stack, client: TestClient, site: SourceSite
) -> Iterator[Conformance]:
    receiver = Receiver()
    previous = os.environ.get("WARTA_PUBLIC_URL")
    os.environ["WARTA_PUBLIC_URL"] = BASE_URL
    try:
        with own_deployment(
            redis_server,
            stack,
            redis_db=11,
            WARTA_PUBLIC_URL=BASE_URL,
            WARTA_WEBHOOK_BACKOFF_BASE="0.2",
            WARTA_WEBHOOK_BACKOFF_MAX="0.4",
            WARTA_WEBHOOK_TIMEOUT="5",
        ) as deployment:
            deployment.start_worker()
            yield _publish_all(deployment, client, site, receiver)
    finally:
        receiver.close()
        _restore("WARTA_PUBLIC_URL", previous)
        get_settings.cache_clear()


def _publish_all(
    deployment: Stack, client: TestClient, site: SourceSite, receiver: Receiver
) -> Conformance:
    editor = {"Authorization": f"Bearer {user_token(deployment.database_url, Role.EDITOR)}"}
    partner = _add_partner(client, editor, receiver)
    ids = [
        submit(client, site, editor, "/conf/hostile", page("en_article.html", f"{SOURCE}/h", True)),
        submit(client, site, editor, "/conf/corrected", page("en_article.html", f"{SOURCE}/c")),
        submit(client, site, editor, "/conf/killed", page("tr_article.html", f"{SOURCE}/k")),
    ]
    hostile_id, corrected_id, killed_id = ids
    approved(client, deployment, editor, [corrected_id, killed_id])
    _review_hostile(client, deployment, editor, hostile_id)

    hostile = _publish(client, editor, hostile_id, {"headline": HOSTILE_HEADLINE})
    corrected_v1 = _publish(client, editor, corrected_id)
    killed = _publish(client, editor, killed_id)
    corrected = _correct(client, editor, corrected_id)
    answer = client.post(
        f"/api/v1/articles/{killed_id}/kill", headers=editor, json={"reason": KILL_REASON}
    )
    assert answer.status_code == 200, answer.text

    # Five events (three publications, a correction, a kill), each delivered once.
    wait_until(lambda: len(receiver.received) >= 5, what="five webhook deliveries")
    return Conformance(
        deployment=deployment,
        client=client,
        editor=editor,
        partner=partner,
        headers={"X-API-Key": partner["api_key"]},
        receiver=receiver,
        hostile=hostile,
        corrected_v1=corrected_v1,
        corrected=corrected,
        killed=killed,
    )


def _add_partner(client: TestClient, editor: dict, receiver: Receiver) -> dict:
    body = {
        "name": "Mitra Conformance",
        "sources": ["news.example.org"],
        "canonical_link": "original",
        "webhook_url": receiver.url,
    }
    created = client.post("/api/v1/partners", headers=editor, json=body)
    assert created.status_code == 201, created.text
    partner = created.json()
    receiver.secret = partner["webhook_secret"]
    return partner


def _review_hostile(client: TestClient, deployment: Stack, editor: dict, article_id: int) -> None:
    """A translator pastes hostile text into every segment, then approves."""
    assert wait_for_article(deployment.database_url, article_id).state == "in_review"
    url = f"/api/v1/articles/{article_id}"
    article = client.get(url, headers=editor).json()
    segments = ((p["index"], s) for p in article["paragraphs"] for s in p["segments"])
    for n, (index, segment) in enumerate(segments):
        prefix = "Judul" if index == HEADLINE_INDEX else f"Kalimat {n}"
        saved = client.put(
            f"/api/v1/segments/{segment['id']}",
            headers=editor,
            json={"target": f"{prefix} tentang tentara. {HOSTILE_TEXT}", **_version(segment)},
        )
        assert saved.status_code == 200, saved.text
    dismiss_findings(client, editor, article_id)
    answer = client.post(f"{url}/approve", headers=editor)
    assert answer.status_code == 200, answer.text


def _version(segment: dict) -> dict:
    return {"version": segment["version"]}


def _correct(client: TestClient, editor: dict, article_id: int) -> dict:
    reopened = client.post(
        f"/api/v1/articles/{article_id}/reopen", headers=editor, json={"note": "Nama salah."}
    )
    assert reopened.status_code == 200, reopened.text
    article = client.get(f"/api/v1/articles/{article_id}", headers=editor).json()
    first = article["paragraphs"][1]["segments"][0]
    saved = client.put(
        f"/api/v1/segments/{first['id']}",
        headers=editor,
        json={"target": "Kalimat yang diperbaiki tentang Aghdara.", "version": first["version"]},
    )
    assert saved.status_code == 200, saved.text
    dismiss_findings(client, editor, article_id)
    answer = client.post(f"/api/v1/articles/{article_id}/approve", headers=editor)
    assert answer.status_code == 200, answer.text
    return _publish(client, editor, article_id, {"correction_note": CORRECTION_NOTE})


def _publish(client: TestClient, editor: dict, article_id: int, body: dict | None = None) -> dict:
    answer = client.post(f"/api/v1/articles/{article_id}/publish", headers=editor, json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
