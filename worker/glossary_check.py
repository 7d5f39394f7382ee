"""The glossary applied to an article: find terms, check targets, record findings.

The matcher is built once per process and glossary version (entry count and
newest change), so an edited glossary applies to the next draft without a
restart, and an unchanged one costs nothing to reuse.
"""

import os
from dataclasses import dataclass, field

from sqlmodel import Session, select

from core.findings import sync_findings
from core.glossary_store import all_entries, version
from core.models import Segment
from glossary.match import Hit, Matcher
from glossary.model import Entry, EntryType
from glossary.normalize import fold
from glossary.verify import Check, forbidden_entries, verify

MISSING, FORBIDDEN = "glossary_missing", "glossary_forbidden"
CODES = (MISSING, FORBIDDEN)


@dataclass
class Glossary:
    entries: dict[int, Entry]
    _matchers: dict[str, Matcher] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Found once per glossary, not per segment.
        self.forbidden = forbidden_entries(self.entries)

    def find(self, language: str, text: str) -> list[Hit]:
        if language not in self._matchers:
            self._matchers[language] = Matcher(self.entries.values(), language)
        return self._matchers[language].find(text)


_loaded: dict[tuple, Glossary] = {}


def load(session: Session) -> Glossary:
    key = (os.getpid(), version(session))
    if key not in _loaded:
        _loaded.clear()  # one glossary per process: the newest
        _loaded[key] = Glossary({entry.id: entry for entry in all_entries(session)})
    return _loaded[key]


def check_segments(
    session: Session, glossary: Glossary, segments: list[Segment], hits: dict[int, list[Hit]]
) -> None:
    """Verify each segment's target, store its glossary hits, replace its findings."""
    checks = {
        s.id: verify(hits[s.id], s.target, glossary.entries, glossary.forbidden) for s in segments
    }
    for segment in segments:
        segment.glossary = [
            {
                "entry_id": c.entry_id,
                "source_span": list(c.source_span),
                "source_form": c.source_form,
                "target_form": c.target_form,
                "satisfied": c.satisfied,
            }
            for c in checks[segment.id]
            if c.source_span is not None
        ]
        session.add(segment)
    _replace_findings(session, segments, checks, glossary)


def check_article(session: Session, article_id: int, language: str) -> None:
    """Re-check an article's current targets against today's glossary."""
    glossary = load(session)
    segments = list(session.exec(select(Segment).where(Segment.article_id == article_id)).all())
    hits = {s.id: glossary.find(language, s.source) for s in segments}
    check_segments(session, glossary, segments, hits)


def _replace_findings(
    session: Session, segments: list[Segment], checks: dict[int, list[Check]], glossary: Glossary
) -> None:
    found = {
        segment.id: [
            (check.code, *_message(check, glossary.entries.get(check.entry_id)))
            for check in checks[segment.id]
            if check.code is not None
        ]
        for segment in segments
    }
    sync_findings(session, segments, found, CODES)


def _message(check: Check, entry: Entry | None) -> tuple[str, dict]:
    """The English message and the params the desk rebuilds it from (api/web/messages.py);
    "kind" names the sentence: forbidden, keep (a name kept as written) or term."""
    note = entry.note if entry else ""
    params = {"source": check.source_form, "target": check.target_form, "note": note}
    shown_note = f" ({note})" if note else ""
    if check.code == FORBIDDEN:
        message = f"“{check.target_form}” must not be used in Warta's Indonesian{shown_note}."
        return message, {**params, "kind": "forbidden"}
    if (entry is not None and entry.type == EntryType.KEEP) or _same_form(check):
        # "“AFAD” should be translated as “AFAD”" reads as a riddle: the name is kept.
        message = f"“{check.source_form}” must be kept as “{check.target_form}”{shown_note}."
        return message, {**params, "kind": "keep"}
    message = f"“{check.source_form}” should be translated as “{check.target_form}”{shown_note}."
    return message, {**params, "kind": "term"}


def _same_form(check: Check) -> bool:
    """The Indonesian form is the source term itself ("AFAD'ın" → "AFAD")."""
    source = fold(check.source_form or "", "id").split("'")[0].strip()
    return bool(source) and source == fold(check.target_form or "", "id").strip()
