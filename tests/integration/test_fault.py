"""Crashes lose no work: a killed worker's article completes once, stuck ones are found."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from core.articles import submit_article
from core.db import get_engine
from core.models import Article, ArticleCreate, ArticleTransition, Paragraph, Segment
from core.queue import RECONCILE, get_celery
from tests.conftest import own_deployment, wait_for_article
from tests.support import RedisServer, SourceSite, Stack

pytestmark = pytest.mark.integration


@pytest.fixture
def fault_stack(redis_server: RedisServer, stack: Stack) -> Iterator[Stack]:
    """A separate deployment with short timeouts, restored to the shared one afterwards."""
    with own_deployment(
        redis_server,
        stack,
        redis_db=1,
        # Short so the test takes seconds; production defaults are much longer.
        WARTA_VISIBILITY_TIMEOUT="3",
        WARTA_UNACKED_RESTORE_INTERVAL="1",
        WARTA_UNACKED_RESTORE_THROTTLE="1",
        WARTA_STUCK_AFTER="2",
        WARTA_RETRY_BACKOFF_MAX="2",
        # The slow page below takes 4 s: give the fetch room for it.
        WARTA_FETCH_TIMEOUT="10",
        WARTA_FETCH_DEADLINE="20",
    ) as deployment:
        yield deployment


def one_set_of_segments(database_url: str, article_id: int) -> tuple[int, int]:
    with Session(get_engine(database_url)) as session:
        paragraphs = session.exec(select(Paragraph).where(Paragraph.article_id == article_id)).all()
        segments = session.exec(select(Segment).where(Segment.article_id == article_id)).all()
    assert len({p.index for p in paragraphs}) == len(paragraphs)
    assert len({(s.paragraph_id, s.index) for s in segments}) == len(segments)
    assert {s.paragraph_id for s in segments} <= {p.id for p in paragraphs}
    return len(paragraphs), len(segments)


def submit(database_url: str, url: str) -> int:
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        return submit_article(
            session=session, article_in=ArticleCreate(submitted_url=url), user_id=None, actor="cli"
        ).article.id


def test_kill_9_during_a_stage_then_restart_completes_once(
    fault_stack: Stack, site: SourceSite
) -> None:
    # A slow source keeps the fetch stage busy long enough to kill the worker in it.
    url = site.add_file("/slow/article", "en_article.html", delay=4)
    worker = fault_stack.start_worker()
    article_id = submit(fault_stack.database_url, url)
    wait_for_article(
        fault_stack.database_url,
        article_id,
        timeout=30,
        until=lambda a: a.state == "fetching" and site.pages["/slow/article"].hits,
    )
    fault_stack.kill_worker(worker)
    assert (
        wait_for_article(fault_stack.database_url, article_id, until=lambda a: True).state
        == "fetching"
    )

    fault_stack.start_worker()
    article = wait_for_article(fault_stack.database_url, article_id, timeout=90)
    assert article.state == "in_review", (article.failure_code, article.failure_reason)
    # The headline paragraph and four body paragraphs; 1 + 6 segments.
    assert one_set_of_segments(fault_stack.database_url, article_id) == (5, 7)
    with Session(get_engine(fault_stack.database_url)) as session:
        moves = session.exec(
            select(ArticleTransition.to_state)
            .where(ArticleTransition.article_id == article_id)
            .order_by(ArticleTransition.id)
        ).all()
    # Every stage completed exactly once, however often its message ran.
    assert moves == [
        "submitted",
        "fetching",
        "extracting",
        "detecting",
        "segmenting",
        "translating",
        "in_review",
    ]
    assert site.pages["/slow/article"].hits >= 2


def test_reconciler_requeues_an_article_whose_message_was_lost(
    fault_stack: Stack, site: SourceSite
) -> None:
    url = site.add_file("/lost/article", "tr_article.html")
    fault_stack.start_worker()
    with Session(get_engine(fault_stack.database_url)) as session:
        # As if Redis lost the message after the fetch stage claimed the article.
        article = Article(
            submitted_url=url,
            normalized_url=url,
            state="fetching",
            state_changed_at=datetime.now(UTC) - timedelta(seconds=30),
        )
        session.add(article)
        session.commit()
        article_id = article.id
    get_celery().send_task(RECONCILE)  # what beat sends every reconcile_interval
    article = wait_for_article(fault_stack.database_url, article_id, timeout=30)
    assert article.state == "in_review", (article.failure_code, article.failure_reason)
    # The headline paragraph and four body paragraphs; 1 + 6 segments.
    assert one_set_of_segments(fault_stack.database_url, article_id) == (5, 7)
    assert site.pages["/lost/article"].hits == 1
