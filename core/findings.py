"""Keeping a segment's QA findings in step with the latest check."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import delete
from sqlmodel import Session, select

from core.models import Finding, Segment

# (code, English message) or (code, English message, params): params are the JSON values
# the message was built from, kept so the desk can show it in the reader's language.
Found = Sequence[tuple[str, str] | tuple[str, str, dict | None]]


def sync_findings(
    session: Session,
    segments: Iterable[Segment],
    found: dict[int, Found],
    codes: Iterable[str],
) -> None:
    """Make the findings with `codes` on `segments` equal `found` ({segment id: [(code,
    message[, params])]}).

    A finding that still holds keeps its row, id and any dismissal (who, when,
    why), so a re-check never undoes a translator's decision; the same issue
    twice in a segment is two findings. A kept row made before params were
    stored gets them now. The caller commits.
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
    wanted: Counter[tuple] = Counter()
    params: dict[tuple, dict | None] = {}
    for segment_id, issues in found.items():
        for code, message, *rest in issues:
            key = (segment_id, code, message)
            wanted[key] += 1
            params[key] = rest[0] if rest else None
    article_of = {s.id: s.article_id for s in segments}
    stale = []
    for key in old.keys() | wanted.keys():
        kept = old.get(key, [])
        stale += [f.id for f in kept[wanted[key] :]]
        _fill_params(session, kept[: wanted[key]], params.get(key))
        segment_id, code, message = key
        for _ in range(wanted[key] - len(kept)):
            session.add(
                Finding(
                    segment_id=segment_id,
                    article_id=article_of[segment_id],
                    code=code,
                    message=message,
                    params=params.get(key),
                )
            )
    if stale:
        session.execute(delete(Finding).where(Finding.id.in_(stale)))


def _fill_params(session: Session, kept: list[Finding], params: dict | None) -> None:
    """Old rows have no params; the same message now comes with them."""
    if params is None:
        return
    for finding in kept:
        if finding.params is None:
            finding.params = params
            session.add(finding)
