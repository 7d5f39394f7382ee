"""Glossary entries in the database, as the pure `glossary` package sees them."""

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import delete, func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from core.models import GlossaryEntry
from core.text import xml_safe
from glossary.io import clean_form, decode_csv, read_csv, validate_entry
from glossary.model import Entry, EntryType, entry_from_columns, join_forms

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class InvalidEntry(ValueError):
    """An entry an editor typed that the glossary cannot use; the message lists why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


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


def entry_from_input(
    *, forms: Mapping[str, Iterable[str]], type: str, case_sensitive: bool, note: str
) -> Entry:
    """An entry typed by an editor (API or web form), cleaned and checked by the same
    rules as a CSV import; InvalidEntry says what is wrong."""
    if type not in set(EntryType):
        raise InvalidEntry([f"type must be one of {', '.join(EntryType)}, not {type!r}"])
    # Typed or pasted text: control characters are cleaned out rather than refused (a CSV
    # import still lists them, line by line, as problems to fix in the file).
    cleaned = {
        lang: tuple(clean_form(xml_safe(form)) for form in values) for lang, values in forms.items()
    }
    entry = Entry(
        id=0,
        forms={lang: values for lang, values in cleaned.items() if values},
        type=EntryType(type),
        case_sensitive=case_sensitive,
        note=_one_newline(xml_safe(note)).strip(),
    )
    if problems := validate_entry(entry):
        raise InvalidEntry(problems)
    return entry


def _one_newline(text: str) -> str:
    # A note keeps line breaks as "\n", as a CSV import stores them.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def search(q: str | None) -> SelectOfScalar[GlossaryEntry]:
    """Entries in id order, those with `q` in any form when given."""
    statement = select(GlossaryEntry).order_by(GlossaryEntry.id)
    if q and q.strip():
        pattern = f"%{q.strip()}%"
        statement = statement.where(
            GlossaryEntry.forms_tr.ilike(pattern)
            | GlossaryEntry.forms_en.ilike(pattern)
            | GlossaryEntry.forms_id.ilike(pattern)
        )
    return statement


def import_csv(session: Session, data: bytes, *, replace: bool) -> int:
    """Import an uploaded CSV file: every row valid (GlossaryImportError lists each bad
    line otherwise) and then all stored in one transaction (the caller commits)."""
    return replace_all(session, read_csv(decode_csv(data)), replace=replace)
