"""Translation-memory suggestions for translators, fuzzy matches included."""

from rapidfuzz import fuzz, process
from sqlmodel import Session, select

from core.models import Segment, SegmentState

MIN_MATCH = 70.0  # below this a suggestion costs more reading than it saves
CANDIDATES = 20_000  # newest approved segments searched per language


def fuzzy_matches(
    session: Session, segment: Segment, limit: int = 5
) -> list[tuple[str, str, float]]:
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
    return [(source, targets[source], round(score, 1)) for source, score, _ in found]
