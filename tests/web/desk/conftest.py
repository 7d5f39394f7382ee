"""One review-desk deployment for the desk's browser tests (Redis db 12): a real Celery
worker drafts articles with the tiny Argos test model (en→id answers "[id] " + the
source) and checks them against the starter glossary; the live server and Chromium do
the rest. Every test submits articles of its own, so tests do not see each other's."""

import itertools
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.db import get_engine
from core.glossary_store import replace_all
from core.models import Role
from glossary.io import read_starter
from tests.conftest import own_deployment, user_token, wait_for_article
from tests.support import RedisServer, SourceSite, Stack

WARTA = str(Path(sys.executable).parent / "warta")
_pages = itertools.count()

NEWS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Daily Example</title>
<meta property="og:site_name" content="Daily Example">
<link rel="canonical" href="{url}">
</head><body><article><h1>{title}</h1>
{paragraphs}
</article></body></html>"""


@pytest.fixture(scope="package")
def desk(
    redis_server: RedisServer, stack: Stack, argos_packages: dict[str, Path]
) -> Iterator[Stack]:
    """The desk's deployment, with the en→id test model and the starter glossary."""
    with own_deployment(redis_server, stack, redis_db=12) as deployment:
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


@pytest.fixture(scope="package")
def submit(desk: Stack, client: TestClient, site: SourceSite) -> Callable[..., int]:
    """Put a page of paragraphs on the source site and bring it through the pipeline to
    review; answers the article id. Paths are made unique, so any title can be reused."""
    headers = {"Authorization": f"Bearer {user_token(desk.database_url, Role.EDITOR)}"}

    def make(title: str, paragraphs: list[str]) -> int:
        path = f"/desk2/{next(_pages)}"
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        url = site.add(path, NEWS.format(title=title, url=site.url(path), paragraphs=body))
        created = client.post("/api/v1/articles", headers=headers, json={"url": url})
        assert created.status_code == 202, created.text
        article = wait_for_article(desk.database_url, created.json()["id"])
        assert article.state == "in_review", (article.failure_code, article.failure_reason)
        return article.id

    return make
