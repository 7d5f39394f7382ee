"""Keeping a segment's QA findings in step with the latest check."""

from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, select

from core.models import Finding, Segment


def sync_findings(
    session: Session,
    segments: Iterable[Segment],
    found: dict[int, list[tuple[str, str]]],
    codes: Iterable[str],
) -> None:
    """Make the findings with `codes` on `segments` equal `found` ({segment id: [(code, message)]}).

    A finding that still holds keeps its row, id and any dismissal (who, when,
    why), so a re-check never undoes a translator's decision; the same issue
    twice in a segment is two findings. The caller commits.
    """
    segments = list(segments)
    ids, codes = [s.id for s in segments], tuple(codes)
    old: dict[tuple, list[Finding]] = defaultdict(list)
    for finding in session.exec(
        select(Finding)
        .where(Finding.segment_id.in_(ids), Finding.code.in_(codes))
        .order_by(Finding.id)
    ):
        old[(finding.segment_id, finding.code, finding.message)].append(finding)
    wanted = Counter(
        (segment_id, code, message)
        for segment_id, issues in found.items()
        for code, message in issues
    )
    article_of = {s.id: s.article_id for s in segments}
    stale = []
    for key in old.keys() | wanted.keys():
        kept = old.get(key, [])
        stale += [f.id for f in kept[wanted[key] :]]
        segment_id, code, message = key
        for _ in range(wanted[key] - len(kept)):
            session.add(
                Finding(
                    segment_id=segment_id,
                    article_id=article_of[segment_id],
                    code=code,
                    message=message,
                )
            )
    if stale:
        session.execute(delete(Finding).where(Finding.id.in_(stale)))
