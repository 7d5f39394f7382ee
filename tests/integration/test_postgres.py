"""The same pipeline on PostgreSQL: scale-out mode runs the same code."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from core.articles import submit_article
from core.db import get_engine
from core.models import ArticleCreate, Segment
from tests.conftest import own_deployment, wait_for_article
from tests.support import PostgresCluster, RedisServer, SourceSite, Stack

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres_stack(
    redis_server: RedisServer, postgres: PostgresCluster, stack: Stack
) -> Iterator[Stack]:
    url = postgres.create_database("warta_pipeline")
    with own_deployment(redis_server, stack, redis_db=2, database_url=url) as deployment:
        yield deployment


def test_articles_reach_review_on_postgresql(postgres_stack: Stack, site: SourceSite) -> None:
    postgres_stack.start_worker()
    ids = []
    with Session(get_engine(postgres_stack.database_url), expire_on_commit=False) as session:
        for name in ("en_article.html", "tr_article.html"):
            url = site.add_file(f"/pg/{name}", name)
            ids.append(
                submit_article(
                    session=session,
                    article_in=ArticleCreate(submitted_url=url),
                    user_id=None,
                    actor="cli",
                ).article.id
            )
    languages = []
    for article_id in ids:
        article = wait_for_article(postgres_stack.database_url, article_id)
        assert article.state == "in_review", (article.failure_code, article.failure_reason)
        languages.append(article.language)
    assert languages == ["en", "tr"]
    with Session(get_engine(postgres_stack.database_url)) as session:
        segments = session.exec(select(Segment).where(Segment.article_id.in_(ids))).all()
    assert len(segments) == 14  # per article: the headline and six body sentences
