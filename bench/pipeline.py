"""Intake cost of one article against trafilatura's extraction alone.

    python bench/pipeline.py [--runs 30] [--data ../shared/benchmarks/extraction/scrapinghub]

Intake = what the worker does before translation, on the same page bytes:
fetch from a local HTTP server, decode and repair, extract, detect the
language, segment, and store (each stage's rows and state change committed to
SQLite, as the worker does). The anchor is `trafilatura.extract` on those
bytes, measured in the same run. The page is the real news page of the
scrapinghub set whose article is closest to 1,000 words.
"""

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ heads sys.path and bench/queue.py would shadow the
# stdlib `queue` that redis imports: put the repo root there instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import trafilatura  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bench.serving import serve  # noqa: E402
from core.config import Settings  # noqa: E402
from core.db import get_engine, migrate  # noqa: E402
from core.models import Article  # noqa: E402
from core.states import ArticleState  # noqa: E402
from worker.stages import STAGES, run_stage  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "extraction" / "scrapinghub"
INTAKE = ("fetch", "extract", "detect", "segment")


def thousand_word_page(data: Path) -> tuple[str, bytes]:
    """The page whose reference article is closest to 1,000 words."""
    truth = json.loads((data / "ground-truth.json").read_text())
    best = min(truth, key=lambda k: (abs(len(truth[k]["articleBody"].split()) - 1000), k))
    return best, gzip.decompress((data / "html" / f"{best}.html.gz").read_bytes())


def serve_article(page: bytes) -> ThreadingHTTPServer:
    # Each path is its own article: its canonical URL must name itself, or the
    # pipeline would rightly refuse the copies as duplicates.
    canonical = (trafilatura.bare_extraction(page, with_metadata=True).url or "").encode()

    def page_for(path: str) -> bytes:
        return page.replace(canonical, f"http://127.0.0.1{path}".encode()) if canonical else page

    return serve(page_for)


def intake_once(session: Session, url: str, settings: Settings) -> tuple[float, dict]:
    started = time.perf_counter()
    article = Article(submitted_url=url, normalized_url=url)
    session.add(article)
    session.commit()
    for name in INTAKE:
        if run_stage(session, STAGES[name], article.id, settings) is None:
            raise RuntimeError(f"{name} did not run for {url}")
    elapsed = time.perf_counter() - started
    session.refresh(article)
    if article.state != ArticleState.TRANSLATING:
        raise RuntimeError(f"{url} ended in {article.state}: {article.failure_reason}")
    return elapsed, article.timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()

    page_id, page = thousand_word_page(args.data)
    words = len((trafilatura.extract(page) or "").split())
    server = serve_article(page)
    base = f"http://127.0.0.1:{server.server_port}"
    settings = Settings(fetch_allowlist="127.0.0.1")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate(url)
        with Session(get_engine(url), expire_on_commit=False) as session:
            intake_once(session, f"{base}/warmup", settings)  # langdetect loads its profiles
            trafilatura.extract(page)
            anchor, intake, stages = [], [], []
            for run in range(args.runs):
                started = time.perf_counter()
                trafilatura.extract(page)
                anchor.append(time.perf_counter() - started)
                elapsed, timings = intake_once(session, f"{base}/article/{run}", settings)
                intake.append(elapsed)
                stages.append(timings)
    server.shutdown()

    a, i = statistics.median(anchor) * 1000, statistics.median(intake) * 1000
    print(f"page: {page_id[:12]}… ({len(page) // 1024} KiB, {words} words), {args.runs} runs")
    print(f"{'':36}{'median ms':>10}")
    print(f"{'trafilatura.extract (anchor)':36}{a:10.1f}")
    print(f"{'intake: fetch+extract+detect+segment':36}{i:10.1f}")
    for name in INTAKE:  # the work inside each stage, without its commit
        work = statistics.median(t[name] for t in stages) * 1000
        print(f"{'  of which ' + name:36}{work:10.1f}")
    print(f"ratio intake/extract: {i / a:.2f}x")


if __name__ == "__main__":
    main()
