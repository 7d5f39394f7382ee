"""Throughput of the Celery queue against the same stages run in-process.

    python bench/queue.py [--articles 500] [--concurrency 2]

Starts its own source site, redis-server, SQLite databases and one Celery
worker in a temp dir. The in-process run is the anchor: the ratio says what
the queue (broker round trips, process hops, SQLite contention) costs or buys.
"""

import sys
from pathlib import Path

# Run as a script, this file's folder heads sys.path and its name would shadow
# the stdlib `queue` module that logging, kombu and celery import: swap it for
# the repo root before anything else is imported.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from http.server import ThreadingHTTPServer  # noqa: E402

from sqlmodel import func, select  # noqa: E402

from bench.serving import serve  # noqa: E402
from cli.services import start_redis, worker_command  # noqa: E402
from core.articles import submit_article  # noqa: E402
from core.config import Settings, get_settings  # noqa: E402
from core.db import migrate, session_scope  # noqa: E402
from core.models import Article, ArticleCreate  # noqa: E402
from core.queue import get_celery  # noqa: E402
from core.states import WORKING_STATES, ArticleState  # noqa: E402
from core.urls import normalize_url  # noqa: E402
from worker.errors import StageError  # noqa: E402
from worker.stages import STAGES, run_stage  # noqa: E402

TEMPLATE = (ROOT / "tests" / "pages" / "en_article.html").read_text(encoding="utf-8")
WORKING = [state.value for state in WORKING_STATES]


def serve_pages(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    return serve(pages.get)


def add_pages(pages: dict[str, bytes], base: str, prefix: str, count: int) -> list[str]:
    """Distinct pages: own canonical link (the duplicate check), own title and lead."""
    urls = []
    for i in range(count):
        url = f"{base}/{prefix}/{i}"
        body = re.sub(
            r'<link rel="canonical" href="[^"]*">', f'<link rel="canonical" href="{url}">', TEMPLATE
        )
        body = body.replace("clashes enter sixth day", f"clashes enter day {i + 6} ({prefix})")
        body = body.replace("The Azerbaijani army", f"On day {i + 6} the Azerbaijani army")
        pages[f"/{prefix}/{i}"] = body.encode()
        urls.append(url)
    return urls


def wait_until_done(url: str, total: int, alive: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with session_scope(url) as session:
            count = select(func.count()).select_from(Article)
            working = session.exec(count.where(Article.state.in_(WORKING))).one()
            done = session.exec(count).one()
        if working == 0 and done == total:
            return
        if not alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{working} of {total} articles still working")
        time.sleep(0.2)


def failures(url: str) -> list[str]:
    with session_scope(url) as session:
        bad = session.exec(select(Article).where(Article.state != ArticleState.IN_REVIEW)).all()
        return [f"  #{a.id} {a.state} {a.failure_code}: {a.failure_reason}" for a in bad]


def queue_run(urls: list[str], settings: Settings, concurrency: int, tmp: Path) -> float:
    log = tmp / "worker.log"
    worker = subprocess.Popen(
        worker_command(settings, concurrency=concurrency),
        env=dict(os.environ),
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so the stop takes the pool children too
    )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        db = settings.resolved_database_url()
        started = time.perf_counter()
        with session_scope(db) as session:
            for url in urls:
                article_in = ArticleCreate(submitted_url=url)
                submit_article(session=session, article_in=article_in, user_id=None, actor="cli")
        wait_until_done(db, len(urls), lambda: worker.poll() is None, timeout=3600)
        return time.perf_counter() - started
    finally:
        stop_group(worker)


def anchor_run(urls: list[str], settings: Settings, db: str) -> float:
    started = time.perf_counter()
    with session_scope(db) as session:
        for url in urls:
            article = Article(submitted_url=url, normalized_url=normalize_url(url))
            session.add(article)
            session.commit()
            for name in ("fetch", "extract", "detect", "segment", "translate"):
                try:
                    run_stage(session, STAGES[name], article.id, settings)
                except StageError as exc:  # leave it where it stopped; reported below
                    print(f"  anchor #{article.id} {name}: {exc.code}: {exc.reason}")
                    break
    return time.perf_counter() - started


def stop_group(process: subprocess.Popen) -> None:
    # Warm shutdown first (Celery finishes its tasks), SIGKILL if it lingers.
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warta-bench-"))
    pages: dict[str, bytes] = {}
    server = serve_pages(pages)
    base = f"http://127.0.0.1:{server.server_port}"
    redis_process: subprocess.Popen | None = None
    try:
        redis_process, redis_url = start_redis(Settings(data_dir=tmp))
        # The worker and core.* read the WARTA_ env; the caches must not hold older values.
        os.environ["WARTA_DATA_DIR"] = str(tmp)
        os.environ["WARTA_DATABASE_URL"] = f"sqlite:///{tmp / 'queue.db'}"
        os.environ["WARTA_REDIS_URL"] = redis_url
        os.environ["WARTA_FETCH_ALLOWLIST"] = "127.0.0.1"  # the local pages are on loopback
        get_settings.cache_clear()
        get_celery.cache_clear()
        settings = get_settings()
        anchor_db = f"sqlite:///{tmp / 'anchor.db'}"
        migrate(settings.resolved_database_url())
        migrate(anchor_db)
        queue_urls = add_pages(pages, base, "q", args.articles)
        anchor_urls = add_pages(pages, base, "a", args.articles)

        queue_s = queue_run(queue_urls, settings, args.concurrency, tmp)
        bad = failures(settings.resolved_database_url())
        # The worker is stopped by now, so the anchor has the CPUs to itself.
        anchor_s = anchor_run(anchor_urls, settings, anchor_db)
        bad += failures(anchor_db)
        if bad:
            print(f"{len(bad)} article(s) did not reach in_review:", *bad, sep="\n")
            return 1

        n = args.articles
        print(f"nproc: {len(os.sched_getaffinity(0))}  worker concurrency: {args.concurrency}")
        print(f"{'run':<34} {'articles':>8} {'seconds':>9} {'articles/s':>11}")
        rows = [
            ("in-process stages (anchor)", anchor_s),
            (f"Celery queue ({args.concurrency} workers)", queue_s),
        ]
        for label, seconds in rows:
            print(f"{label:<34} {n:>8} {seconds:>9.2f} {n / seconds:>11.2f}")
        print(f"ratio queue/in-process: {anchor_s / queue_s:.2f}x")
        return 0
    finally:
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait(10)
        server.shutdown()
        server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
