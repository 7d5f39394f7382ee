"""Find and replace over an article's Indonesian text: first a preview of every change,
then the changes the translator kept, each a versioned save of its own.

The preview carries each segment's version; applying saves with that version, so a
segment someone saved after the preview is reported as a conflict, never overwritten.
"""

import re
from dataclasses import dataclass, field

from sqlmodel import Session, select

from core.models import Article, Segment
from core.review import ReviewConflict, save_segment

MAX_FIND = 500  # a phrase, not a paragraph


@dataclass(frozen=True)
class Search:
    """What to find and what to put in its place."""

    find: str
    replace: str = ""
    match_case: bool = False
    whole_word: bool = False

    def pattern(self) -> re.Pattern[str]:
        """The literal phrase; `whole_word` wants no letter or digit on either side."""
        body = re.escape(self.find)
        if self.whole_word:
            body = rf"(?<!\w){body}(?!\w)"
        return re.compile(body, 0 if self.match_case else re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    """One segment's text before and after, as runs of (text, changed?) for the preview."""

    segment_id: int
    version: int
    before: str
    after: str
    count: int
    before_runs: list[tuple[str, bool]]
    after_runs: list[tuple[str, bool]]


@dataclass
class Applied:
    saved: list[int] = field(default_factory=list)  # segment ids, now one version further
    conflicts: list[int] = field(default_factory=list)  # saved by someone since the preview
    unchanged: list[int] = field(default_factory=list)  # no longer contain the phrase


def replace_in(text: str, search: Search) -> tuple[str, int]:
    """`text` with every match replaced (the replacement is literal text) and the count."""
    if not search.find:
        return text, 0
    return search.pattern().subn(lambda _: search.replace, text)


def change_of(segment: Segment, search: Search) -> Change | None:
    """The segment's change, or None when its text does not contain the phrase."""
    if not search.find:
        return None
    before_runs, after_runs, position = [], [], 0
    for match in search.pattern().finditer(segment.target):
        if match.start() > position:
            kept = segment.target[position : match.start()]
            before_runs.append((kept, False))
            after_runs.append((kept, False))
        before_runs.append((match.group(), True))
        if search.replace:
            after_runs.append((search.replace, True))
        position = match.end()
    if not before_runs:
        return None
    if position < len(segment.target):
        rest = segment.target[position:]
        before_runs.append((rest, False))
        after_runs.append((rest, False))
    after, count = replace_in(segment.target, search)
    if after.strip() == segment.target.strip():
        return None  # replacing a word by itself changes nothing worth a version
    return Change(
        segment.id, segment.version, segment.target, after, count, before_runs, after_runs
    )


def preview(session: Session, article_id: int, search: Search) -> list[Change]:
    """Every segment of the article whose saved text would change, in reading order."""
    segments = session.exec(
        select(Segment)
        .where(Segment.article_id == article_id)
        .order_by(Segment.paragraph_id, Segment.index)
    ).all()
    return [change for s in segments if (change := change_of(s, search)) is not None]


def apply(
    session: Session,
    article: Article,
    search: Search,
    versions: dict[int, int],
    user_id: int,
) -> Applied:
    """Save the previewed changes: {segment id: version the preview showed}.

    Each save goes through `save_segment` with origin "replace", so it is checked
    (QA findings), versioned and in the history like a typed one. ReviewConflict
    still propagates when the article itself left review.
    """
    applied = Applied()
    for segment_id, version in versions.items():
        segment = session.get(Segment, segment_id)
        if segment is None or segment.article_id != article.id:
            continue  # a form that names another article's segment changes nothing
        if segment.version != version:
            applied.conflicts.append(segment_id)
            continue
        after, count = replace_in(segment.target, search)
        if not count or after.strip() == segment.target.strip():
            applied.unchanged.append(segment_id)
            continue
        try:
            save_segment(
                session=session,
                segment=segment,
                target=after,
                version=version,
                user_id=user_id,
                origin="replace",
            )
        except ReviewConflict as conflict:
            if "current" not in conflict.detail:
                raise
            applied.conflicts.append(segment_id)  # saved between our read and our write
            continue
        applied.saved.append(segment_id)
    return applied
