"""Steer machine translation toward the glossary with n-best and forced prefixes.

CTranslate2 has no lexical constraints, but it returns n-best hypotheses with
scores and can be forced to start its output with a given prefix. So:

1. `keep` spans are protected (protect.py) and every segment is translated
   once, n-best, in one batched call.
2. Per segment, the hypothesis satisfying the most glossary terms wins; ties
   go to the best model score (strategy "nbest" if that is not the model's
   own first choice, else "none").
3. Segments still missing a term are repaired: the prefix is the chosen
   hypothesis cut where the term should go, plus the term's target form,
   and the model finishes the sentence. All repairs of all segments go in a
   second batched call; a repair is kept only if it satisfies more terms
   (strategy "prefix").

Where the term "should go" is guessed from its relative position in the
source: source and Indonesian word orders are different enough that this is
only a heuristic, which is why a repair is never kept unless it checks out
better — and why verification still runs on whatever comes out.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from glossary.match import Hit
from glossary.model import EntryType
from glossary.protect import Placeholder, protect, restore
from glossary.verify import assign

MAX_REPAIRS = 3  # per segment: one candidate prefix per missing term, first ones first


class HypothesisLike(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def score(self) -> float: ...


# (sources, n, prefixes or None) → n-best per source, texts including the prefix
Hypotheses = Callable[[list[str], int, list[str] | None], Sequence[Sequence[HypothesisLike]]]


@dataclass(frozen=True)
class SteerResult:
    text: str
    satisfied: int  # term/keep hits found in `text`
    total: int  # term/keep hits in the source
    strategy: str  # "none" (model's first choice), "nbest" (another of the n), "prefix"


@dataclass
class _Segment:
    source: str
    protected: str
    placeholders: list[Placeholder]
    terms: list[Hit]
    raw: str = ""  # the chosen hypothesis before restore, in protected space
    text: str = ""
    satisfied: int = 0
    strategy: str = "none"


def steer(
    sources: list[str],
    hits: list[list[Hit]],
    hypotheses: Hypotheses,
    n: int = 4,
    max_repairs: int = MAX_REPAIRS,
) -> list[SteerResult]:
    """Translate `sources` with glossary steering; at most two calls to `hypotheses`."""
    segments = []
    for source, segment_hits in zip(sources, hits, strict=True):
        protected, placeholders = protect(source, segment_hits)
        terms = [h for h in segment_hits if h.type in (EntryType.TERM, EntryType.KEEP)]
        segments.append(_Segment(source, protected, placeholders, terms))
    if not segments:
        return []

    nbest = hypotheses([s.protected for s in segments], n, None)
    for segment, candidates in zip(segments, nbest, strict=True):
        _choose(segment, list(candidates), repaired=False)

    jobs: list[tuple[int, str]] = []  # (segment index, prefix)
    for index, segment in enumerate(segments):
        if segment.satisfied < len(segment.terms):
            for prefix in _repair_prefixes(segment, max_repairs):
                jobs.append((index, prefix))
    if jobs:
        repaired = hypotheses(
            [segments[i].protected for i, _ in jobs], n, [prefix for _, prefix in jobs]
        )
        by_segment: dict[int, list[HypothesisLike]] = {}
        for (index, _), candidates in zip(jobs, repaired, strict=True):
            by_segment.setdefault(index, []).extend(candidates)
        for index, candidates in by_segment.items():
            _choose(segments[index], candidates, repaired=True)

    return [SteerResult(s.text, s.satisfied, len(s.terms), s.strategy) for s in segments]


def _choose(segment: _Segment, candidates: list[HypothesisLike], repaired: bool) -> None:
    """Take the candidate with most terms satisfied, then best score; repairs must beat."""
    best: tuple[int, float, int] | None = None
    best_raw = best_text = ""
    for rank, hypothesis in enumerate(candidates):
        text = restore(hypothesis.text, segment.placeholders)
        satisfied = sum(found is not None for _, found in assign(segment.terms, text))
        key = (satisfied, hypothesis.score, -rank)
        if best is None or key > best:
            best, best_raw, best_text = key, hypothesis.text, text
    if best is None:
        return
    if not repaired:
        segment.raw, segment.text, segment.satisfied = best_raw, best_text, best[0]
        segment.strategy = "none" if best[2] == 0 else "nbest"
    elif best[0] > segment.satisfied:
        segment.raw, segment.text, segment.satisfied = best_raw, best_text, best[0]
        segment.strategy = "prefix"


def _repair_prefixes(segment: _Segment, limit: int) -> list[str]:
    """One forced prefix per missing term (source order, at most `limit`)."""
    missing = [hit for hit, found in assign(segment.terms, segment.text) if found is None]
    missing.sort(key=lambda h: h.start)
    # The model works on protected text: for a kept name, force its stand-in.
    stand_in_at = {p.start: p.stand_in for p in segment.placeholders}
    prefixes = []
    for hit in missing[:limit]:
        form = stand_in_at.get(hit.start) if hit.type == EntryType.KEEP else None
        form = form or (hit.target_forms[0] if hit.target_forms else None)
        if form:
            prefixes.append(repair_prefix(segment.raw, segment.source, hit.start, form))
    return prefixes


def repair_prefix(hypothesis: str, source: str, source_offset: int, form: str) -> str:
    """The hypothesis' words up to the term's relative source position, then the form.

    A term at 40% of the source goes after 40% of the hypothesis' words; the
    model then writes the rest. The last word is never kept before a term at
    the very end, so the sentence's closing punctuation is not forced early.
    """
    words = hypothesis.split()
    ratio = source_offset / len(source) if source else 0.0
    cut = min(round(ratio * len(words)), max(len(words) - 1, 0))
    return " ".join([*words[:cut], form])
