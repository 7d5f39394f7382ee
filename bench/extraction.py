"""Article-body extraction quality: Warta's extractor against trafilatura's defaults.

    python bench/extraction.py [--data DIR] [--corpus NAME]... [--only NAME]...
                               [--worst N] [--check]

Scores each extractor on two corpora of news pages in one run, beside
trafilatura.extract(html, url=url) with its defaults (the anchor, measured
in the same run on the same machine):

- scrapinghub: 181 pages with hand-made article bodies, the upstream shingle
  metric (scrapinghub/METHOD.md): Unicode \\w+ tokens, multisets of 4-gram
  shingles, per-page tp/fp/fn normalised to sum 1, precision and recall
  averaged over pages, F1 of the means.
- fundus: real pages from English-language publishers with paragraph-level
  gold (fundus/METHOD.md): bag-of-words precision, recall and F1 per page on
  casefolded \\w+ tokens against summary + section headlines + paragraphs,
  pages with under 40 gold words skipped; the mean over pages.

Two corpora so that no rule is tuned to one. A page under F1 0.5 is a lost
article; the run lists them per extractor and flags those Warta loses where
the anchor does not. --check exits 1 unless Warta's F1 is at least the
anchor's on every corpus and no such page exists.

Pages are decoded as UTF-8 here and handed over as str, as the pipeline's
repair step hands them to the extractor.
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
from collections.abc import Callable, Iterable  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import trafilatura  # noqa: E402

from worker.errors import StageError  # noqa: E402
from worker.extract import extract_article  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "extraction"
TOKEN = re.compile(r"\w+")  # str patterns are Unicode-aware by default
NGRAM = 4
LOST = 0.5  # a page under this F1 is a lost article (fundus/METHOD.md)
MIN_GOLD_WORDS = 40  # fundus/METHOD.md: shorter gold bodies are skipped

Extractor = Callable[[str, str], str]


@dataclass
class Page:
    key: str
    url: str
    html: str
    truth: str


@dataclass(frozen=True)
class PageScore:
    # None: the page does not count towards that mean (scrapinghub's rules).
    precision: float | None
    recall: float | None

    @property
    def f1(self) -> float:
        precision, recall = self.precision or 0.0, self.recall or 0.0
        total = precision + recall
        return 2 * precision * recall / total if total else 0.0


@dataclass(frozen=True)
class Summary:
    precision: float
    recall: float
    f1: float


@dataclass
class Corpus:
    name: str
    pages: list[Page]
    score: Callable[[str, str], PageScore]  # (truth, prediction)
    summarise: Callable[[list[PageScore]], Summary]


@dataclass
class Result:
    extractor: str
    corpus: str
    summary: Summary
    pages_per_second: float
    scores: dict[str, PageScore]

    def lost(self) -> dict[str, float]:
        """The pages under F1 0.5, worst first."""
        f1s = {key: score.f1 for key, score in self.scores.items() if score.f1 < LOST}
        return dict(sorted(f1s.items(), key=lambda item: item[1]))


# --- the extractors -------------------------------------------------------------------------


def warta(html: str, url: str) -> str:
    try:
        return "\n".join(extract_article(html, url).paragraphs)
    except StageError:
        return ""  # "no article found" scores as an empty prediction


def trafilatura_defaults(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def trafilatura_no_comments(html: str, url: str) -> str:
    # How scrapinghub's own extractors/run_trafilatura.py calls it: comments off.
    return trafilatura.extract(html, url=url, include_comments=False) or ""


def trafilatura_precision(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url, include_comments=False, favor_precision=True) or ""


WARTA = "warta"
ANCHOR = "trafilatura defaults"
EXTRACTORS: dict[str, Extractor] = {
    WARTA: warta,
    ANCHOR: trafilatura_defaults,
    "trafilatura no comments": trafilatura_no_comments,
    "trafilatura no comments+precision": trafilatura_precision,
}
LEGEND = """\
  warta                              worker.extract.extract_article (metadata too), paragraphs
                                     joined by newlines
  trafilatura defaults               trafilatura.extract(html, url=url): the anchor
  trafilatura no comments            ... include_comments=False, as scrapinghub's runner
  trafilatura no comments+precision  ... include_comments=False, favor_precision=True"""


# --- scrapinghub: shingles --------------------------------------------------------------------


def load_scrapinghub(data: Path) -> list[Page]:
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


def score_shingles(truth: str, prediction: str) -> PageScore:
    expected, predicted = shingles(truth), shingles(prediction)
    tp = fp = fn = 0
    for shingle in expected.keys() | predicted.keys():
        true_count, pred_count = expected[shingle], predicted[shingle]
        tp += min(true_count, pred_count)
        fp += max(0, pred_count - true_count)
        fn += max(0, true_count - pred_count)
    # Normalising tp, fp and fn to sum 1 (so that a long article weighs no more than a
    # short one) leaves the per-page ratios as they are: they are taken on the counts.
    return PageScore(
        precision=ratio(tp, fp, fn) if tp + fp > 0 else None,
        recall=ratio(tp, fn, fp) if tp + fn > 0 else None,
    )


def ratio(hit: float, miss: float, other_miss: float) -> float:
    """Precision (miss = fp) or recall (miss = fn) of one page, with METHOD.md's edge cases."""
    if miss == 0 and other_miss == 0:
        return 1.0
    if hit == 0 and miss == 0:
        return 0.0
    return hit / (hit + miss)


def summarise_scrapinghub(scores: list[PageScore]) -> Summary:
    """Precision and recall averaged over the pages that have them; F1 of the means."""
    precision = mean(s.precision for s in scores if s.precision is not None)
    recall = mean(s.recall for s in scores if s.recall is not None)
    total = precision + recall
    return Summary(precision, recall, 2 * precision * recall / total if total else 0.0)


# --- fundus: bag of words ---------------------------------------------------------------------


def load_fundus(data: Path) -> list[Page]:
    pages = []
    for country in sorted(folder for folder in data.iterdir() if folder.is_dir()):
        urls = json.loads((country / "meta.info").read_text(encoding="utf-8"))
        for gold_file in sorted(country.glob("*.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            # A publisher's gold versions, sorted by name, belong to its pages sorted by
            # date (V1 -> the oldest): <Publisher>_<YYYY_MM_DD>.html.gz sorts by date.
            files = sorted(
                path for path in country.glob("*.html.gz") if publisher(path) == gold_file.stem
            )
            for version, path in zip(sorted(gold), files, strict=True):
                truth = gold_body(gold[version]["body"])
                if len(TOKEN.findall(truth)) < MIN_GOLD_WORDS:
                    continue
                html = gzip.decompress(path.read_bytes()).decode("utf-8")
                key = f"{country.name}/{path.name.removesuffix('.html.gz')}"
                pages.append(Page(key, urls[path.name]["url"], html, truth))
    return pages


def publisher(page: Path) -> str:
    return page.name.removesuffix(".html.gz")[: -len("_YYYY_MM_DD")]


def gold_body(body: dict) -> str:
    """Summary, then each section's headline and paragraphs, as METHOD.md joins them."""
    parts = list(body.get("summary", []))
    for section in body.get("sections", []):
        parts += section.get("headline", []) + section.get("paragraphs", [])
    return "\n".join(parts)


def words(text: str) -> Counter[str]:
    return Counter(token.casefold() for token in TOKEN.findall(text))


def score_words(truth: str, prediction: str) -> PageScore:
    expected, predicted = words(truth), words(prediction)
    tp = sum((expected & predicted).values())
    found, wanted = sum(predicted.values()), sum(expected.values())
    return PageScore(
        precision=tp / found if found else 0.0,  # nothing extracted: a lost page
        recall=tp / wanted if wanted else 0.0,
    )


def summarise_fundus(scores: list[PageScore]) -> Summary:
    """Means over pages, F1 included."""
    return Summary(
        mean(s.precision or 0.0 for s in scores),
        mean(s.recall or 0.0 for s in scores),
        mean(s.f1 for s in scores),
    )


# --- running and reporting --------------------------------------------------------------------


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def load_corpora(data: Path, names: list[str]) -> list[Corpus]:
    loaders = {
        "scrapinghub": (load_scrapinghub, score_shingles, summarise_scrapinghub),
        "fundus": (load_fundus, score_words, summarise_fundus),
    }
    corpora = []
    for name in names:
        load, score, summarise = loaders[name]
        corpora.append(Corpus(name, load(data / name), score, summarise))
    return corpora


def evaluate(name: str, extractor: Extractor, corpus: Corpus) -> Result:
    started = time.perf_counter()
    predictions = {page.key: extractor(page.html, page.url) for page in corpus.pages}
    elapsed = time.perf_counter() - started
    scores = {page.key: corpus.score(page.truth, predictions[page.key]) for page in corpus.pages}
    summary = corpus.summarise(list(scores.values()))
    return Result(name, corpus.name, summary, len(corpus.pages) / elapsed, scores)


def print_table(corpus: Corpus, results: list[Result], data: Path) -> None:
    print(f"\n{corpus.name}: {len(corpus.pages)} pages from {data / corpus.name}")
    anchor = next((r for r in results if r.extractor == ANCHOR), None)
    header = f"{'extractor':<34} {'precision':>9} {'recall':>7} {'F1':>6} {'lost':>5} "
    print(header + f"{'pages/s':>8}" + ("  F1 vs anchor  speed vs anchor" if anchor else ""))
    for r in results:
        line = (
            f"{r.extractor:<34} {r.summary.precision:>9.3f} {r.summary.recall:>7.3f} "
            f"{r.summary.f1:>6.3f} {len(r.lost()):>5} {r.pages_per_second:>8.1f}"
        )
        if anchor:
            line += (
                f"  {r.summary.f1 - anchor.summary.f1:>+12.4f}"
                f"  {r.pages_per_second / anchor.pages_per_second:>14.2f}x"
            )
        print(line)


def print_lost(corpus: Corpus, results: list[Result]) -> None:
    """Each extractor's pages under F1 0.5; '!' where Warta loses what the anchor keeps."""
    anchor = next((r for r in results if r.extractor == ANCHOR), None)
    urls = {page.key: page.url for page in corpus.pages}
    for result in results:
        lost = result.lost()
        print(f"\n{corpus.name} / {result.extractor}: {len(lost)} pages under F1 {LOST}")
        for key, f1 in lost.items():
            flag = " "
            if anchor and result.extractor == WARTA and anchor.scores[key].f1 >= LOST:
                flag = "!"  # trafilatura's defaults find this article
            print(f"  {flag} {f1:.2f}  {key[:40]:<40}  {urls[key]}")


def print_worst(corpus: Corpus, result: Result, count: int) -> None:
    """The pages where an extractor loses most, to see what to fix next."""
    urls = {page.key: page.url for page in corpus.pages}
    ranked = sorted(result.scores.items(), key=lambda item: item[1].f1)
    print(f"\n{corpus.name} / {result.extractor}: {count} worst pages (P R F1)")
    for key, s in ranked[:count]:
        precision, recall = s.precision or 0.0, s.recall or 0.0
        print(f"  {precision:.3f} {recall:.3f} {s.f1:.3f}  {key[:40]:<40}  {urls[key]}")


def failures(results: list[Result]) -> list[str]:
    """Why Warta falls short of the anchor on this corpus, if it does."""
    by_name = {r.extractor: r for r in results}
    if WARTA not in by_name or ANCHOR not in by_name:
        return []
    ours, anchor = by_name[WARTA], by_name[ANCHOR]
    found = []
    if ours.summary.f1 < anchor.summary.f1:
        found.append(f"{ours.corpus}: F1 {ours.summary.f1:.4f} < {anchor.summary.f1:.4f}")
    for key in ours.lost():
        if anchor.scores[key].f1 >= LOST:
            found.append(f"{ours.corpus}: {key} lost (anchor {anchor.scores[key].f1:.2f})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding the corpora"
    )
    parser.add_argument("--corpus", choices=["scrapinghub", "fundus"], action="append")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append", help="default: all")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of each")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if Warta falls short of the anchor"
    )
    args = parser.parse_args()
    names = args.corpus or ["scrapinghub", "fundus"]
    missing = [name for name in names if not (args.data / name / "METHOD.md").is_file()]
    if missing:
        parser.error(f"no {', '.join(missing)} in {args.data}: point --data at the corpora")
    extractors = args.only or list(EXTRACTORS)
    problems = []
    for corpus in load_corpora(args.data, names):
        results = [evaluate(name, EXTRACTORS[name], corpus) for name in extractors]
        print_table(corpus, results, args.data)
        print_lost(corpus, results)
        for result in results if args.worst else []:
            print_worst(corpus, result, args.worst)
        problems += failures(results)
    print(f"\nF1: of mean P and R (scrapinghub), mean of page F1s (fundus); lost: F1 < {LOST}")
    print(LEGEND)
    if problems:
        print("\nWarta falls short of trafilatura's defaults:\n  " + "\n  ".join(problems))
    elif {WARTA, ANCHOR} <= set(extractors):
        print("\nWarta is at or above trafilatura's defaults on every corpus, no page lost.")
    if args.check and problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
