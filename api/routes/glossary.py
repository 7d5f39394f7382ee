"""The glossary: entries editors manage, CSV import, CSV and TBX export."""

from typing import Annotated, Literal

from fastapi import APIRouter, File, HTTPException, Query, Response, UploadFile, status
from sqlmodel import Session

from api.deps import CurrentUser, EditorUser, SessionDep
from api.routes.articles import decode_cursor, encode_cursor
from api.schemas import GlossaryEntryIn, GlossaryEntryOut, GlossaryForms, GlossaryPage, ImportResult
from core.glossary_store import (
    MAX_IMPORT_BYTES,
    InvalidEntry,
    all_entries,
    entry_from_input,
    import_csv,
    search,
    to_entry,
    to_row,
)
from core.models import GlossaryEntry
from glossary.io import GlossaryImportError, write_csv
from glossary.model import Entry
from glossary.tbx import write_tbx

router = APIRouter(prefix="/api/v1/glossary", tags=["glossary"])


@router.get("/entries")
def list_entries(
    session: SessionDep,
    _: CurrentUser,
    q: Annotated[str | None, Query(description="Text in any form")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: str | None = None,
) -> GlossaryPage:
    """Glossary entries, a page at a time, optionally filtered by text."""
    statement = search(q).limit(limit + 1)
    if cursor:
        statement = statement.where(GlossaryEntry.id > decode_cursor(cursor))
    rows = session.exec(statement).all()
    items = [public(row) for row in rows[:limit]]
    return GlossaryPage(
        items=items, next_cursor=encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    )


@router.post("/entries", status_code=status.HTTP_201_CREATED)
def create_entry(body: GlossaryEntryIn, session: SessionDep, _: EditorUser) -> GlossaryEntryOut:
    """Add an entry; it applies to drafts made from now on."""
    row = to_row(entry_of(body))
    session.add(row)
    session.commit()
    return public(row)


@router.get("/entries/{entry_id}")
def get_entry(entry_id: int, session: SessionDep, _: CurrentUser) -> GlossaryEntryOut:
    """One entry."""
    return public(_load(session, entry_id))


@router.put("/entries/{entry_id}")
def update_entry(
    entry_id: int, body: GlossaryEntryIn, session: SessionDep, _: EditorUser
) -> GlossaryEntryOut:
    """Replace an entry's forms, type, case sensitivity and note."""
    row = to_row(entry_of(body), _load(session, entry_id))
    session.add(row)
    session.commit()
    return public(row)


@router.delete("/entries/{entry_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_entry(entry_id: int, session: SessionDep, _: EditorUser) -> Response:
    """Remove an entry."""
    session.delete(_load(session, entry_id))
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/import")
async def import_file(
    session: SessionDep,
    _: EditorUser,
    file: Annotated[UploadFile, File(description="CSV: tr,en,id,type,case_sensitive,note")],
    replace: Annotated[bool, Query(description="Replace the whole glossary")] = False,
) -> ImportResult:
    """Import a CSV file: every row valid, or nothing imported (422 lists bad lines)."""
    data = await file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "The CSV file is over 5 MiB.")
    try:
        count = import_csv(session, data, replace=replace)
    except GlossaryImportError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            {
                "message": f"Nothing was imported: {len(exc.errors)} line(s) need fixing.",
                "errors": [{"line": line, "message": message} for line, message in exc.errors],
            },
        ) from exc
    session.commit()
    return ImportResult(imported=count, replaced=replace)


@router.get("/export")
def export(
    session: SessionDep,
    _: CurrentUser,
    format: Annotated[Literal["csv", "tbx"], Query(description="csv or tbx")] = "csv",
) -> Response:
    """The whole glossary as CSV or TBX-Basic."""
    entries = all_entries(session)
    if format == "tbx" and not entries:
        # TBX-Basic needs at least one concept entry.
        raise HTTPException(
            status.HTTP_409_CONFLICT, "The glossary is empty; a TBX file needs at least one entry."
        )
    if format == "tbx":
        return Response(
            write_tbx(entries),
            media_type="application/x-tbx+xml",
            headers={"Content-Disposition": 'attachment; filename="warta-glossary.tbx"'},
        )
    return Response(
        write_csv(entries),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="warta-glossary.csv"'},
    )


def entry_of(body: GlossaryEntryIn) -> Entry:
    """The entry, cleaned and checked by the same rules as a CSV import (422 if not)."""
    try:
        return entry_from_input(
            forms=body.forms.model_dump(),
            type=body.type,
            case_sensitive=body.case_sensitive,
            note=body.note,
        )
    except InvalidEntry as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc


def public(row: GlossaryEntry) -> GlossaryEntryOut:
    entry = to_entry(row)
    return GlossaryEntryOut(
        id=row.id,
        forms=GlossaryForms(**{lang: list(forms) for lang, forms in entry.forms.items()}),
        type=entry.type.value,
        case_sensitive=entry.case_sensitive,
        note=entry.note,
        updated_at=row.updated_at,
    )


def _load(session: Session, entry_id: int) -> GlossaryEntry:
    row = session.get(GlossaryEntry, entry_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no glossary entry {entry_id}.")
    return row
