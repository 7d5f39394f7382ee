"""Requests per second of a partner feed, with an ETag (304) and without, against a bare
FastAPI endpoint served the same way in the same run.

    python bench/feeds.py [--articles 50] [--seconds 8] [--rounds 8]

Starts its own redis-server (the rate limiter runs as in production), a
SQLite database with published articles, and two uvicorn processes: Warta's
API and a one-route FastAPI app (the anchor). One keep-alive client calls
each endpoint for the same time; the ratio is feed / bare.
"""

import sys
from pathlib import Path

# Run as a script, this file's folder heads sys.path and bench/queue.py would
# shadow the stdlib `queue` module: swap it for the repo root first.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import httpx  # noqa: E402
from fastapi import FastAPI, Response  # noqa: E402

from cli.services import free_port, start_redis  # noqa: E402

# The anchor: what FastAPI + uvicorn cost for a sync route and no work at all.
bare = FastAPI()


@bare.get("/bare")
def bare_endpoint() -> Response:
    return Response(b"ok", media_type="text/plain")


PARAGRAPH = (
    "Tentara Azerbaijan membebaskan beberapa titik kritis di provinsi Aghdara barat dari "
    "pendudukan Armenia saat bentrokan perbatasan memasuki hari keenam, dan Yerevan "
    "menyatakan kesiapan untuk bekerja dengan mediator untuk gencatan senjata."
)


def seed(count: int) -> str:
    """`count` published articles of one source and a partner licensed for it; its key."""
    from sqlmodel import Session

    from core.db import get_engine
    from core.models import Article, Paragraph, Segment, Source
    from core.partners import create_partner
    from core.publishing import publish

    with Session(get_engine(), expire_on_commit=False) as session:
        source = Source(
            name="Daily Sabah", domain="dailysabah.com", credit_line="Sumber: Daily Sabah"
        )
        session.add(source)
        session.flush()
        for n in range(count):
            url = f"https://www.dailysabah.com/world/article-{n}"
            article = Article(
                submitted_url=url,
                normalized_url=url,
                canonical_url=url,
                source_id=source.id,
                state="approved",
                detected_language="tr",
                byline="Ayşe Yılmaz",
            )
            session.add(article)
            session.flush()
            for index in range(8):  # ~300 words
                paragraph = Paragraph(article_id=article.id, index=index, text="-")
                session.add(paragraph)
                session.flush()
                session.add(
                    Segment(
                        article_id=article.id,
                        paragraph_id=paragraph.id,
                        index=0,
                        source="-",
                        target=f"{PARAGRAPH} ({n}.{index})",
                    )
                )
            session.commit()
            publish(session=session, article=article, user_id=None, headline=f"Berita {n}")
        _, key = create_partner(session=session, name="bench", domains=["dailysabah.com"])
        session.commit()
    return key


def serve(app: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/docs", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{app} did not start")


def rate(client: httpx.Client, url: str, headers: dict, expect: int, seconds: float) -> float:
    for _ in range(20):  # warm-up: connection, caches, first render
        client.get(url, headers=headers)
    done, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        response = client.get(url, headers=headers)
        assert response.status_code == expect, (url, response.status_code, response.text[:200])
        done += 1
    return done / elapsed


def render_ms(count: int) -> dict[str, float]:
    """The cost of rendering each feed in-process, the part the 304 path skips."""
    from sqlmodel import Session

    from core import feeds
    from core.db import get_engine
    from core.models import Partner
    from core.syndication import utc
    from core.syndication_queries import recent_publications

    with Session(get_engine()) as session:
        partner = session.get(Partner, 1)
        rows = [p for p, _ in recent_publications(session, partner.id, count)]
        context = feeds.FeedContext(partner, "http://b", "http://b/f", utc(rows[0].version_at))
        result = {}
        for name, render in (("rss", feeds.rss), ("atom", feeds.atom), ("json", feeds.json_feed)):
            start = time.perf_counter()
            for _ in range(20):
                render(rows, context)
            result[name] = (time.perf_counter() - start) / 20 * 1000
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0, help="per row, all rounds")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()

    from core.config import Settings, get_settings
    from core.db import migrate

    tmp = Path(tempfile.mkdtemp(prefix="warta-bench-feeds-"))
    processes: list[subprocess.Popen] = []
    try:
        redis_process, redis_url = start_redis(Settings(data_dir=tmp))
        processes.append(redis_process)
        os.environ.update(
            WARTA_DATA_DIR=str(tmp),
            WARTA_DATABASE_URL=f"sqlite:///{tmp / 'feeds.db'}",
            WARTA_REDIS_URL=redis_url,
            WARTA_PARTNER_RATE_LIMIT=str(10**9),  # measure the limiter, never trip it
            WARTA_FEED_SIZE=str(args.articles),
        )
        get_settings.cache_clear()
        migrate()
        key = seed(args.articles)
        api_port, bare_port = free_port(), free_port()
        processes.append(serve("api.main:app", api_port, dict(os.environ)))
        processes.append(serve("bench.feeds:bare", bare_port, dict(os.environ)))

        with httpx.Client(timeout=10) as client:
            plan = [
                ("bare FastAPI endpoint (anchor)", f"http://127.0.0.1:{bare_port}/bare", {}, 200)
            ]
            for feed in ("rss.xml", "atom.xml", "feed.json"):
                url = f"http://127.0.0.1:{api_port}/feeds/{feed}"
                headers = {"X-API-Key": key}
                etag = client.get(url, headers=headers).headers["etag"]
                plan.append(
                    (f"{feed} with ETag (304)", url, {**headers, "If-None-Match": etag}, 304)
                )
                plan.append((f"{feed} without ETag (200)", url, headers, 200))
            # Rounds interleave the rows, and each keeps its best round: a burst of
            # other work on the machine then costs every row alike, or none.
            best = dict.fromkeys([name for name, *_ in plan], 0.0)
            for _ in range(args.rounds):
                for name, url, headers, expect in plan:
                    rps = rate(client, url, headers, expect, args.seconds / args.rounds)
                    best[name] = max(best[name], rps)
        rows = [(name, expect, best[name]) for name, _, _, expect in plan]
        bare_rps = rows[0][2]
        print(
            f"{args.articles} articles in the feed; {args.rounds} rounds of "
            f"{args.seconds / args.rounds:g} s per row, best round; one keep-alive client"
        )
        print(f"{'endpoint':34} {'status':>6} {'req/s':>8} {'x bare':>7}")
        for name, status, rps in rows:
            print(f"{name:34} {status:>6} {rps:8.0f} {rps / bare_rps:7.2f}")
        print(
            "render in-process, ms per feed: "
            + ", ".join(f"{name} {ms:.1f}" for name, ms in render_ms(args.articles).items())
        )
        worst = min(rps for name, _, rps in rows if "304" in name) / bare_rps
        print(f"ratio 304/bare (worst feed): {worst:.2f}x (goal >= 0.6)")
        return 0
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
