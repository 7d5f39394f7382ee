"""Glossary matching time for a 1,000-word article against 100, 1,000 and 10,000 entries.

    python bench/glossary.py [--runs 50] [--words 1000]

The article is built from the test corpus sentences (tests/glossary_corpus),
in Turkish and in English, cycled until it has the requested number of
words, and matched segment by segment, as the worker does. Glossaries hold
the corpus glossary's real entries plus synthetic ones: multi-word terms
made of the article's own words (so the automaton meets many partial
matches, the hard case) and made-up words. Matchers are built outside the
timing; the figure is the median over the runs of matching every segment.
Goal: ≤ 5 ms at 10,000 entries, and flat in glossary size.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ heads sys.path and bench/queue.py would shadow the
# stdlib `queue`: put the repo root there instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from glossary.match import Matcher  # noqa: E402
from glossary.model import Entry, EntryType  # noqa: E402
from tests.glossary_corpus.corpus import load_glossary, load_sentences  # noqa: E402

SIZES = (100, 1_000, 10_000)
SYLLABLES = ("ka", "ter", "lo", "min", "su", "rak", "vel", "do", "mes", "tun", "zi", "bar")


def article(language: str, words: int) -> list[str]:
    sentences = [s.text for s in load_sentences(language)]
    segments: list[str] = []
    count = 0
    while count < words:
        sentence = sentences[len(segments) % len(sentences)]
        segments.append(sentence)
        count += len(sentence.split())
    return segments


def synthetic(count: int, segments: list[str], start_id: int, dense: bool) -> list[Entry]:
    """`count` made-up entries, deterministic.

    Realistic mix: a fixed share of the article's content words are terms
    (a tenth of its distinct words of 5+ letters — a news glossary covers
    some of an article's nouns, and a bigger glossary mostly adds terms that
    are not in this article), then phrases of 2-3 article words (which
    rarely occur as such: partial matches for the automaton) and made-up
    words. `dense`: every distinct word of the article is a term, function
    words included — a stress case where the cost is the hits, not the size.
    """
    rng = random.Random(0)
    words = sorted({w.strip(".,;:!?'\"’()") for s in segments for w in s.split()} - {""})
    content = [w for w in words if len(w) >= 5 and w.isalpha()]
    singles = words if dense else rng.sample(content, len(content) // 10)
    terms = list(singles)
    while len(terms) < count:
        if rng.random() < 0.5:
            terms.append(" ".join(rng.choice(content) for _ in range(rng.choice((2, 2, 3)))))
        else:
            made_up = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            terms.append(made_up + (f" {rng.choice(content)}" if rng.random() < 0.3 else ""))
    return [
        Entry(
            start_id + i,
            {"tr": (term,), "en": (term,), "id": (f"istilah {i}",)},
            EntryType.TERM,
            case_sensitive=i % 10 == 0,
        )
        for i, term in enumerate(terms[:count])
    ]


def measure(matcher: Matcher, segments: list[str], runs: int) -> tuple[float, int]:
    timings = []
    hits = 0
    for _ in range(runs):
        started = time.perf_counter()
        hits = sum(len(matcher.find(segment)) for segment in segments)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--words", type=int, default=1000)
    args = parser.parse_args()
    real, _ = load_glossary()
    for language in ("tr", "en"):
        segments = article(language, args.words)
        words = sum(len(s.split()) for s in segments)
        print(f"{language}: {len(segments)} segments, {words} words, {args.runs} runs")
        print(f"  {'entries':>8}{'build ms':>10}{'match ms':>10}{'hits':>6}")
        extra = synthetic(max(SIZES) - len(real), segments, len(real) + 1, dense=False)
        results = {}
        for size in SIZES:
            results[size] = run(real + extra[: size - len(real)], language, segments, args.runs)
        ratio = results[max(SIZES)] / results[min(SIZES)]
        print(f"  ratio {max(SIZES):,}/{min(SIZES)}: {ratio:.2f}x")
        dense = synthetic(max(SIZES) - len(real), segments, len(real) + 1, dense=True)
        print("  dense stress case (every distinct article word is a term):")
        run(real + dense, language, segments, args.runs)


def run(entries: list[Entry], language: str, segments: list[str], runs: int) -> float:
    started = time.perf_counter()
    matcher = Matcher(entries, language)
    build = (time.perf_counter() - started) * 1000
    median, hits = measure(matcher, segments, runs)
    print(f"  {len(entries):>8}{build:>10.1f}{median:>10.2f}{hits:>6}")
    return median


if __name__ == "__main__":
    main()
