"""Translation-memory suggestions for translators, fuzzy matches included, and the
concordance: earlier translations of a phrase, searched in source or target."""

from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process
from sqlmodel import Session, or_, select

from core.history import word_changes
from core.models import Segment, SegmentState

MIN_MATCH = 70.0  # below this a suggestion costs more reading than it saves
CANDIDATES = 20_000  # newest approved segments searched per language
CONCORDANCE_LIMIT = 20  # a phrase is checked against a few uses, not read through all
# A person's saved text counts as a translation too (not only approved articles):
# the newsroom's usage of a term shows before the article it is in is approved.
CONCORDANCE_STATES = (SegmentState.APPROVED, SegmentState.EDITED)


class Match(NamedTuple):
    """A memory match; unpacks as (source, target, score) like the tuples it replaced."""

    source: str
    target: str
    score: float

    def source_changes(self, current: str) -> list[tuple[str, str]]:
        """The match's source against `current`, word by word: a 97% match that says
        "Wednesday" where the segment says "Monday" shows exactly that word."""
        return word_changes(self.source, current)


@dataclass(frozen=True)
class ConcordanceHit:
    segment_id: int
    article_id: int
    source: str
    target: str
    state: str


def fuzzy_matches(session: Session, segment: Segment, limit: int = 5) -> list[Match]:
    """(source, target, match %) of approved segments most like this one's source."""
    rows = session.exec(
        select(Segment.source, Segment.target)
        .where(
            Segment.state == SegmentState.APPROVED,
            Segment.target != "",
            Segment.source_language == segment.source_language,
            Segment.id != segment.id,
        )
        .order_by(Segment.id.desc())
        .limit(CANDIDATES)
    ).all()
    targets: dict[str, str] = {}
    for source, target in rows:
        targets.setdefault(source, target)  # newest approval of a source wins
    found = process.extract(
        segment.source, list(targets), scorer=fuzz.ratio, score_cutoff=MIN_MATCH, limit=limit
    )
    return [Match(source, targets[source], round(score, 1)) for source, score, _ in found]


def concordance(
    session: Session,
    phrase: str,
    *,
    language: str | None = None,
    limit: int = CONCORDANCE_LIMIT,
) -> list[ConcordanceHit]:
    """Approved or saved segments whose source or target contains `phrase`, case
    ignored, newest first; `language` keeps sources of one language only.

    The database narrows the rows (its LIKE folds ASCII case only); each row is then
    checked here with Unicode case folding, so a near-miss of the database is dropped.
    """
    phrase = " ".join(phrase.split())
    if not phrase:
        return []
    query = select(Segment).where(
        Segment.state.in_(CONCORDANCE_STATES),
        Segment.target != "",
        or_(
            Segment.source.icontains(phrase, autoescape=True),
            Segment.target.icontains(phrase, autoescape=True),
        ),
    )
    if language:
        query = query.where(Segment.source_language == language)
    rows = session.exec(query.order_by(Segment.id.desc()).limit(limit * 4)).all()
    wanted = phrase.casefold()
    hits: list[ConcordanceHit] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        pair = (row.source, row.target)
        if pair in seen or not _contains(row, wanted):
            continue  # the same sentence translated the same way is one use, not two
        seen.add(pair)
        hits.append(ConcordanceHit(row.id, row.article_id, row.source, row.target, row.state))
        if len(hits) == limit:
            break
    return hits


def _contains(segment: Segment, folded_phrase: str) -> bool:
    return any(
        folded_phrase in " ".join(text.split()).casefold()
        for text in (segment.source, segment.target)
    )
