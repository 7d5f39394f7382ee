"""Article-body extraction quality: Warta's extractor against plain trafilatura.

    python bench/extraction.py [--data DIR] [--only NAME]... [--worst N]

Scores each extractor on the Scrapinghub article-extraction benchmark (181
news pages with hand-made article bodies) with the upstream shingle metric,
as ../shared/benchmarks/extraction/scrapinghub/METHOD.md describes it:
Unicode \\w+ tokens, multisets of 4-gram shingles, per-page tp/fp/fn
normalised to sum 1, precision and recall averaged over pages, F1 of the
means. Pages are decoded as UTF-8 here and handed over as str, as the
pipeline's repair step hands them to the extractor.
"""

import sys
from pathlib import Path

# Run as a script, bench/ heads sys.path, and bench/queue.py there would shadow the
# stdlib `queue` that trafilatura's imports need: swap bench/ for the repo root,
# which also makes `worker` importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import argparse  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import trafilatura  # noqa: E402

from worker.errors import StageError  # noqa: E402
from worker.extract import extract_article  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "extraction" / "scrapinghub"
TOKEN = re.compile(r"\w+")  # str patterns are Unicode-aware by default
NGRAM = 4

Extractor = Callable[[str, str], str]


@dataclass
class Page:
    key: str
    url: str
    html: str
    truth: str


@dataclass
class Score:
    tp: float
    fp: float
    fn: float


@dataclass
class Result:
    name: str
    precision: float
    recall: float
    pages_per_second: float
    scores: dict[str, Score]

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def warta(html: str, url: str) -> str:
    try:
        return "\n".join(extract_article(html, url).paragraphs)
    except StageError:
        return ""  # "no article found" scores as an empty prediction


def trafilatura_defaults(html: str, url: str) -> str:
    return trafilatura.extract(html) or ""


def trafilatura_upstream(html: str, url: str) -> str:
    # How the benchmark's own extractors/run_trafilatura.py calls it: comments off.
    return trafilatura.extract(html, include_comments=False) or ""


def trafilatura_precision(html: str, url: str) -> str:
    return trafilatura.extract(html, include_comments=False, favor_precision=True) or ""


EXTRACTORS: dict[str, Extractor] = {
    "warta": warta,
    "trafilatura defaults": trafilatura_defaults,
    "trafilatura no comments": trafilatura_upstream,
    "trafilatura no comments+precision": trafilatura_precision,
}
LEGEND = """\
  warta                              worker.extract.extract_article (metadata too), paragraphs
                                     joined by newlines
  trafilatura defaults               trafilatura.extract(html)
  trafilatura no comments            trafilatura.extract(html, include_comments=False), as upstream
  trafilatura no comments+precision  ... include_comments=False, favor_precision=True"""


def load_pages(data: Path) -> list[Page]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        entry = truth[key]
        pages.append(Page(key, entry["url"], html.decode("utf-8"), entry["articleBody"]))
    return pages


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    # A text shorter than NGRAM tokens still gives one (shorter) shingle.
    count = max(1, len(tokens) - NGRAM + 1)
    return Counter(tuple(tokens[i : i + NGRAM]) for i in range(count))


def score_page(truth: str, prediction: str) -> Score:
    expected, predicted = shingles(truth), shingles(prediction)
    tp = fp = fn = 0
    for shingle in expected.keys() | predicted.keys():
        true_count, pred_count = expected[shingle], predicted[shingle]
        tp += min(true_count, pred_count)
        fp += max(0, pred_count - true_count)
        fn += max(0, true_count - pred_count)
    total = tp + fp + fn
    if total == 0:
        return Score(0.0, 0.0, 0.0)
    # Normalised so that a long article weighs no more than a short one.
    return Score(tp / total, fp / total, fn / total)


def ratio(hit: float, miss: float, other_miss: float) -> float:
    """Precision (miss = fp) or recall (miss = fn) of one page, with METHOD.md's edge cases."""
    if miss == 0 and other_miss == 0:
        return 1.0
    if hit == 0 and miss == 0:
        return 0.0
    return hit / (hit + miss)


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def evaluate(name: str, extractor: Extractor, pages: list[Page]) -> Result:
    started = time.perf_counter()
    predictions = {page.key: extractor(page.html, page.url) for page in pages}
    elapsed = time.perf_counter() - started
    scores = {page.key: score_page(page.truth, predictions[page.key]) for page in pages}
    precisions = [ratio(s.tp, s.fp, s.fn) for s in scores.values() if s.tp + s.fp > 0]
    recalls = [ratio(s.tp, s.fn, s.fp) for s in scores.values() if s.tp + s.fn > 0]
    return Result(name, mean(precisions), mean(recalls), len(pages) / elapsed, scores)


def print_table(results: list[Result]) -> None:
    print(f"{'extractor':<34} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8}")
    for r in results:
        print(
            f"{r.name:<34} {r.precision:>9.3f} {r.recall:>7.3f} {r.f1:>6.3f} "
            f"{r.pages_per_second:>8.1f}"
        )


def print_worst(result: Result, pages: list[Page], count: int) -> None:
    """The pages where an extractor loses most, to see what to fix next."""
    urls = {page.key: page.url for page in pages}
    ranked = sorted(result.scores.items(), key=lambda item: item[1].tp)
    print(f"\n{result.name}: {count} worst pages (tp fp fn)")
    for key, s in ranked[:count]:
        print(f"  {s.tp:.3f} {s.fp:.3f} {s.fn:.3f}  {key[:12]}  {urls[key]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of each")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        parser.error(f"no ground-truth.json in {args.data}: point --data at the benchmark")
    pages = load_pages(args.data)
    names = args.only or list(EXTRACTORS)
    results = [evaluate(name, EXTRACTORS[name], pages) for name in names]
    print(f"{len(pages)} pages from {args.data}")
    print_table(results)
    print(LEGEND)
    for result in results if args.worst else []:
        print_worst(result, pages, args.worst)


if __name__ == "__main__":
    main()
