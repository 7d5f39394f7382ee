"""Machine translation through the real queue with real Argos packages.

The packages are the project's tiny copy models: en→id answers "[id] " + the
source, tr→en answers "[en] " + the source, so the drafts are exact.
"""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from core.db import get_engine
from core.models import Role, Segment
from tests.conftest import own_deployment, user_token, wait_for_article
from tests.support import RedisServer, SourceSite, Stack

pytestmark = pytest.mark.integration
WARTA = str(Path(sys.executable).parent / "warta")


@pytest.fixture
def editor(mt_stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {user_token(mt_stack.database_url, Role.EDITOR)}"}


@pytest.fixture
def mt_stack(redis_server: RedisServer, stack: Stack) -> Iterator[Stack]:
    with own_deployment(redis_server, stack, redis_db=3) as deployment:
        # One process, so "loaded once per worker process" can be counted in its log.
        deployment.start_worker(concurrency=1)
        yield deployment


def install(stack: Stack, package: Path) -> None:
    result = subprocess.run(
        [WARTA, "models", "install", "--file", str(package)],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Installed" in result.stdout


def article_json(client: TestClient, headers: dict, stack: Stack, url: str) -> dict:
    response = client.post("/api/v1/articles", json={"url": url}, headers=headers)
    assert response.status_code == 202, response.text
    article = wait_for_article(stack.database_url, response.json()["id"])
    assert article.state == "in_review", (article.failure_code, article.failure_reason)
    return client.get(f"/api/v1/articles/{article.id}", headers=headers).json()


def segments_of(article: dict) -> list[dict]:
    return [s for p in article["paragraphs"] for s in p["segments"]]


def test_turkish_and_english_articles_get_machine_drafts(
    client: TestClient,
    mt_stack: Stack,
    site: SourceSite,
    editor: dict,
    argos_packages: dict[str, Path],
) -> None:
    # Before any model: review with "no machine translation" and the reason.
    turkish = article_json(client, editor, mt_stack, site.add_file("/mt/tr", "tr_article.html"))
    assert {s["state"] for s in segments_of(turkish)} == {"no_mt"}
    assert turkish["machine_translation"]["engine"] == "none"
    assert "tr→id" in turkish["machine_translation"]["note"]

    # The running worker sees newly installed packages without a restart.
    install(mt_stack, argos_packages["en-id"])
    install(mt_stack, argos_packages["tr-en"])
    retried = client.post(f"/api/v1/articles/{turkish['id']}/retry", headers=editor)
    assert retried.status_code == 200 and retried.json()["state"] == "translating"
    wait_for_article(mt_stack.database_url, turkish["id"], until=lambda a: a.state == "in_review")
    turkish = client.get(f"/api/v1/articles/{turkish['id']}", headers=editor).json()
    # The title is drafted as the headline segment, first, like any sentence.
    assert [s["target"] for s in turkish["paragraphs"][0]["segments"]] == [
        "[id] [en] Azerbaycan ordusu stratejik tepeleri geri aldı"
    ]
    for segment in segments_of(turkish):  # pivot: tr → en → id
        assert (segment["origin"], segment["state"]) == ("mt", "mt_draft")
        assert segment["target"] == f"[id] [en] {segment['source']}"
    assert turkish["machine_translation"] == {"engine": "argos", "note": "tr → en → id"}

    english = article_json(client, editor, mt_stack, site.add_file("/mt/en", "en_article.html"))
    assert english["paragraphs"][0]["index"] == -1
    assert [s["target"] for s in english["paragraphs"][0]["segments"]] == [
        "[id] Azerbaijan says army retakes strategic hills as clashes enter sixth day"
    ]
    for segment in segments_of(english):
        assert segment["target"] == f"[id] {segment['source']}"
        assert segment["origin"] == "mt"

    # Two articles per pair, each model loaded once in the worker process.
    log = (mt_stack.data_dir / "worker-0.log").read_text()
    assert log.count("mt: loaded en→id") == 1
    assert log.count("mt: loaded tr→en") == 1


def test_approved_segments_feed_the_translation_memory(
    client: TestClient,
    mt_stack: Stack,
    site: SourceSite,
    editor: dict,
    argos_packages: dict[str, Path],
) -> None:
    install(mt_stack, argos_packages["en-id"])
    first = article_json(client, editor, mt_stack, site.add_file("/tm/one", "en_article.html"))
    ids = [s["id"] for s in segments_of(first)]
    with Session(get_engine(mt_stack.database_url)) as session:
        # Until the review desk lands, a translator's approval is this update
        # (of the first body sentence: ids[0] is the headline).
        session.execute(
            update(Segment)
            .where(Segment.id == ids[1])
            .values(
                target="Tentara Azerbaijan membebaskan titik kritis.",
                state="approved",
                origin="human",
            )
        )
        session.commit()
    second = article_json(client, editor, mt_stack, site.add_file("/tm/two", "en_article.html"))
    headline, reused, *rest = segments_of(second)
    rest.append(headline)
    assert (reused["origin"], reused["state"], reused["target"]) == (
        "tm",
        "tm",
        "Tentara Azerbaijan membebaskan titik kritis.",
    )
    # Drafts that were never approved do not feed the memory.
    assert {s["origin"] for s in rest} == {"mt"}
    with Session(get_engine(mt_stack.database_url)) as session:
        count = len(session.exec(select(Segment).where(Segment.article_id == second["id"])).all())
    assert count == len(ids)


def test_every_glossary_hit_is_satisfied_or_a_finding(
    client: TestClient,
    mt_stack: Stack,
    site: SourceSite,
    editor: dict,
    argos_packages: dict[str, Path],
) -> None:
    from glossary.io import STARTER_GLOSSARY

    imported = client.post(
        "/api/v1/glossary/import",
        headers=editor,
        files={"file": ("news.csv", Path(STARTER_GLOSSARY).read_bytes(), "text/csv")},
    )
    assert imported.status_code == 200, imported.text
    install(mt_stack, argos_packages["en-id"])
    install(mt_stack, argos_packages["tr-en"])
    hits = satisfied = 0
    for name in ("tr_article.html", "en_article.html"):
        article = article_json(client, editor, mt_stack, site.add_file(f"/gl/{name}", name))
        for segment in segments_of(article):
            missing = [f for f in segment["qa"] if f["code"] == "glossary_missing"]
            for hit in segment["glossary"]:
                hits += 1
                start, end = hit["source_span"]
                assert segment["source"][start:end] == hit["source_form"]
                if hit["satisfied"]:
                    satisfied += 1
                    assert hit["target_form"].casefold() in segment["target"].casefold()
                else:  # never a silent violation
                    assert any(hit["source_form"] in f["message"] for f in missing), segment
            assert len(missing) == sum(not h["satisfied"] for h in segment["glossary"])
    assert hits >= 8
    assert satisfied >= 1  # steering repaired some drafts toward the glossary


def test_the_headline_is_checked_against_the_glossary(
    client: TestClient,
    mt_stack: Stack,
    site: SourceSite,
    editor: dict,
    argos_packages: dict[str, Path],
) -> None:
    # "retakes" is in the title only, so the hit can come from nowhere but the headline.
    entry = {"forms": {"en": ["retakes"], "id": ["merebut kembali"]}, "type": "term"}
    created = client.post("/api/v1/glossary/entries", headers=editor, json=entry)
    assert created.status_code == 201, created.text
    install(mt_stack, argos_packages["en-id"])
    article = article_json(client, editor, mt_stack, site.add_file("/gl/head", "en_article.html"))
    [headline] = article["paragraphs"][0]["segments"]
    [hit] = headline["glossary"]
    assert (hit["entry_id"], hit["source_form"]) == (created.json()["id"], "retakes")
    start, end = hit["source_span"]
    assert headline["source"][start:end] == "retakes"
    missing = [f for f in headline["qa"] if f["code"] == "glossary_missing"]
    if hit["satisfied"]:  # steering repaired the draft
        assert "merebut kembali" in headline["target"] and not missing
    else:
        assert len(missing) == 1 and "retakes" in missing[0]["message"]
    body = [s for p in article["paragraphs"][1:] for s in p["segments"]]
    assert not any(s["glossary"] for s in body)
