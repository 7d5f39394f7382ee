"""Glossary entries in the database, as the pure `glossary` package sees them."""

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, func
from sqlmodel import Session, select

from core.models import GlossaryEntry
from glossary.model import Entry, entry_from_columns, join_forms


def to_entry(row: GlossaryEntry) -> Entry:
    return entry_from_columns(
        row.id, row.forms_tr, row.forms_en, row.forms_id, row.type, row.case_sensitive, row.note
    )


def to_row(entry: Entry, row: GlossaryEntry | None = None) -> GlossaryEntry:
    row = row or GlossaryEntry()
    row.forms_tr = join_forms(entry.forms.get("tr", ())) or None
    row.forms_en = join_forms(entry.forms.get("en", ())) or None
    row.forms_id = join_forms(entry.forms.get("id", ())) or None
    row.type, row.case_sensitive, row.note = entry.type.value, entry.case_sensitive, entry.note
    row.updated_at = datetime.now(UTC)
    return row


def all_entries(session: Session) -> list[Entry]:
    return [to_entry(row) for row in session.exec(select(GlossaryEntry).order_by(GlossaryEntry.id))]


def version(session: Session) -> tuple[int, str]:
    """Changes whenever an entry is added, changed or removed: a cache key."""
    count, newest = session.exec(
        select(func.count(GlossaryEntry.id), func.max(GlossaryEntry.updated_at))
    ).one()
    return count, str(newest)


def replace_all(session: Session, entries: Iterable[Entry], *, replace: bool) -> int:
    """Store imported entries in one transaction (the caller commits)."""
    if replace:
        session.execute(delete(GlossaryEntry))
    rows = [to_row(entry) for entry in entries]
    session.add_all(rows)
    session.flush()
    return len(rows)
