"""Fixtures that start real services once per session.

Nothing here skips: a missing redis-server or PostgreSQL fails the run with
a message saying how to install it.
"""

import itertools
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from core.config import get_settings
from core.db import get_engine, migrate
from core.models import Article, Role
from core.queue import get_celery
from core.security import create_user
from core.states import WORKING_STATES, ArticleState
from tests.support import (
    PostgresCluster,
    RedisServer,
    SourceSite,
    Stack,
    build_test_packages,
)

_counter = itertools.count()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def site() -> Iterator[SourceSite]:
    server = SourceSite()
    yield server
    server.close()


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real .argosmodel files (tiny copy models) built by the project, no download."""
    return build_test_packages(tmp_path_factory.mktemp("argos-packages"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database at the newest migration, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'warta.db'}"
    else:
        cluster = request.getfixturevalue("postgres")
        url = cluster.create_database(f"warta_test_{next(_counter)}_{os.getpid()}")
    migrate(url)
    return url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    with Session(get_engine(db_url), expire_on_commit=False) as db_session:
        yield db_session


def use_stack_env(stack: Stack) -> None:
    """Point this test process (the in-process API, services) at `stack`."""
    for key in ("WARTA_DATA_DIR", "WARTA_DATABASE_URL", "WARTA_REDIS_URL"):
        os.environ[key] = stack.env[key]
    get_settings.cache_clear()
    get_celery.cache_clear()


def make_stack(
    redis_server: RedisServer, redis_db: int, database_url: str | None = None, **extra_env: str
) -> Stack:
    data_dir = Path(tempfile.mkdtemp(prefix="warta-stack-"))
    url = database_url or f"sqlite:///{data_dir / 'warta.db'}"
    migrate(url)
    # The source site of the tests is on loopback, which the fetch guard refuses
    # unless an operator allowlists it; hostile pages should fail in seconds.
    env = {
        "WARTA_FETCH_ALLOWLIST": "127.0.0.1",
        "WARTA_FETCH_TIMEOUT": "2",
        "WARTA_FETCH_DEADLINE": "4",
        "WARTA_MAX_RETRIES": "1",
        "WARTA_RETRY_BACKOFF_BASE": "0.2",
        **extra_env,
    }
    return Stack(
        data_dir=data_dir, database_url=url, redis_url=redis_server.url(redis_db), extra_env=env
    )


@contextmanager
def own_deployment(
    redis_server: RedisServer,
    shared: Stack,
    redis_db: int,
    database_url: str | None = None,
    **extra_env: str,
) -> Iterator[Stack]:
    """A deployment apart from the shared one (own database, Redis db, workers) for a test
    that changes settings or data others must not see; the shared one is restored after."""
    deployment = make_stack(redis_server, redis_db, database_url, **extra_env)
    use_stack_env(deployment)
    try:
        yield deployment
    finally:
        deployment.stop()
        use_stack_env(shared)


@pytest.fixture(scope="session")
def stack(redis_server: RedisServer) -> Iterator[Stack]:
    """The shared deployment for integration tests, with one real worker process."""
    deployment = make_stack(redis_server, redis_db=0)
    use_stack_env(deployment)
    deployment.start_worker()
    yield deployment
    deployment.stop()


@pytest.fixture(scope="session")
def client(stack: Stack) -> Iterator[TestClient]:
    from api.main import app

    with TestClient(app) as test_client:
        yield test_client


def user_token(database_url: str, role: Role) -> str:
    with Session(get_engine(database_url)) as db_session:
        _, token = create_user(session=db_session, role=role, name=f"{role.value}-{next(_counter)}")
        db_session.commit()
    return token


@pytest.fixture(scope="session")
def make_token(stack: Stack) -> Callable[[Role], str]:
    return lambda role: user_token(stack.database_url, role)


@pytest.fixture(scope="session")
def editor(make_token: Callable[[Role], str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(Role.EDITOR)}"}


def wait_for_article(
    database_url: str,
    article_id: int,
    timeout: float = 60,
    until: Callable[[Article], bool] | None = None,
) -> Article:
    """Poll until the article leaves the working states (or `until` holds)."""
    until = until or (lambda a: ArticleState(a.state) not in WORKING_STATES)
    deadline = time.monotonic() + timeout
    while True:
        with Session(get_engine(database_url)) as db_session:
            article = db_session.get(Article, article_id)
        if article is not None and until(article):
            return article
        if time.monotonic() > deadline:
            state = article.state if article else "missing"
            raise AssertionError(f"article {article_id} still '{state}' after {timeout}s")
        time.sleep(0.1)
