"""Glossary pages: search and read (everyone); add, edit, delete and import (editors);
export as CSV or TBX."""

import math
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, func, select
from starlette.datastructures import QueryParams

from api.deps import SessionDep
from api.web.deps import AnyWebUser, EditorWebUser
from api.web.render import gettext_for, render
from api.web.routes.auth import safe_next
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
from core.models import GlossaryEntry, User
from glossary.io import GlossaryImportError, write_csv
from glossary.model import LANGUAGES, Entry, EntryType, join_forms, split_forms
from glossary.tbx import write_tbx

router = APIRouter()

PAGE_SIZE = 50
FormText = Annotated[str, Form()]


@dataclass
class EntryForm:
    """The add and edit forms as typed; variants of a form are separated by "|"."""

    tr: str = ""
    en: str = ""
    id: str = ""
    type: str = "term"
    case_sensitive: bool = False
    note: str = ""

    def entry(self) -> Entry:
        """The entry it describes, or InvalidEntry saying what is wrong."""
        return entry_from_input(
            forms={lang: split_forms(getattr(self, lang)) for lang in LANGUAGES},
            type=self.type,
            case_sensitive=self.case_sensitive,
            note=self.note,
        )

    @classmethod
    def of(cls, entry: Entry) -> "EntryForm":
        forms = {lang: join_forms(entry.forms.get(lang, ())) for lang in LANGUAGES}
        return cls(
            **forms, type=entry.type.value, case_sensitive=entry.case_sensitive, note=entry.note
        )


def entry_form(
    tr: FormText = "",
    en: FormText = "",
    id_: Annotated[str, Form(alias="id")] = "",
    type_: Annotated[str, Form(alias="type")] = "term",
    case_sensitive: FormText = "",
    note: FormText = "",
) -> EntryForm:
    return EntryForm(tr, en, id_, type_, bool(case_sensitive), note)


EntryFormDep = Annotated[EntryForm, Depends(entry_form)]


@router.get("/glossary", response_class=HTMLResponse)
def glossary_page(request: Request, session: SessionDep, user: AnyWebUser) -> HTMLResponse:
    """The glossary, searched and a page at a time; editors edit it here."""
    params = request.query_params
    edit = int(params["edit"]) if params.get("edit", "").isdigit() else None
    return _page(request, session, user, params, edit_id=edit)


@router.post("/glossary", response_model=None)
def add_entry(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    form: EntryFormDep,
) -> Response:
    """Add an entry; it applies to drafts made from now on."""
    try:
        row = to_row(form.entry())
    except InvalidEntry as exc:
        error = _problems(request, user, exc)
        return _page(request, session, user, QueryParams(), add_form=form, error=error)
    session.add(row)
    session.commit()
    position = session.exec(
        select(func.count()).select_from(GlossaryEntry).where(GlossaryEntry.id <= row.id)
    ).one()
    page = math.ceil(position / PAGE_SIZE)
    return RedirectResponse(f"/glossary?page={page}&added={row.id}#entry-{row.id}", 303)


@router.post("/glossary/import", response_model=None)
def import_file(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    file: Annotated[UploadFile | None, File()] = None,
    replace: FormText = "",
) -> Response:
    """Import a CSV file: every line valid, or nothing imported (the page lists bad lines)."""
    _ = gettext_for(request, user)
    # A plain function, run in the thread pool: the import writes to the database.
    data = file.file.read(MAX_IMPORT_BYTES + 1) if file is not None else b""
    if not data:
        error = _("Choose a CSV file to import (it was missing or empty).")
        return _page(request, session, user, QueryParams(), error=error, status_code=422)
    if len(data) > MAX_IMPORT_BYTES:
        error = _("The file is larger than %(size)d MiB; nothing was imported.") % {
            "size": MAX_IMPORT_BYTES // (1024 * 1024)
        }
        return _page(request, session, user, QueryParams(), error=error, status_code=413)
    try:
        count = import_csv(session, data, replace=bool(replace))
    except GlossaryImportError as exc:
        session.rollback()
        error = _("Nothing was imported from %(file)s: %(count)d line(s) need fixing.") % {
            "file": file.filename or _("the file"),
            "count": len(exc.errors),
        }
        return _page(
            request,
            session,
            user,
            QueryParams(),
            error=error,
            import_errors=exc.errors,
            status_code=422,
        )
    session.commit()
    query = {"imported": count, **({"replaced": 1} if replace else {})}
    return RedirectResponse(f"/glossary?{urlencode(query)}", 303)


@router.get("/glossary/export", response_model=None)
def export(
    request: Request, session: SessionDep, user: AnyWebUser, format: str = "csv"
) -> Response:
    """The whole glossary as a CSV or TBX-Basic file."""
    _ = gettext_for(request, user)
    if format not in ("csv", "tbx"):
        error = _("Export as CSV or TBX; '%(format)s' is not a format Warta writes.") % {
            "format": format
        }
        return _page(request, session, user, QueryParams(), error=error, status_code=422)
    entries = all_entries(session)
    if format == "tbx" and not entries:
        error = _("The glossary is empty; a TBX file needs at least one entry.")
        return _page(request, session, user, QueryParams(), error=error, status_code=409)
    if format == "tbx":
        body, media_type = write_tbx(entries), "application/x-tbx+xml"
    else:
        body, media_type = write_csv(entries), "text/csv; charset=utf-8"
    disposition = f'attachment; filename="warta-glossary.{format}"'
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})


@router.post("/glossary/{entry_id}", response_model=None)
def edit_entry(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    entry_id: int,
    form: EntryFormDep,
    back: FormText = "",
) -> Response:
    """Change an entry's forms, type, case sensitivity and note."""
    params = _back_params(back)
    row = session.get(GlossaryEntry, entry_id)
    if row is None:
        return _missing(request, session, user, entry_id, params)
    try:
        to_row(form.entry(), row)
    except InvalidEntry as exc:
        error = _problems(request, user, exc)
        return _page(
            request, session, user, params, edit_id=entry_id, edit_form=form, edit_error=error
        )
    session.add(row)
    session.commit()
    return RedirectResponse(_with(params, saved=entry_id) + f"#entry-{entry_id}", 303)


@router.post("/glossary/{entry_id}/delete", response_model=None)
def delete_entry(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    entry_id: int,
    back: FormText = "",
) -> Response:
    """Remove an entry."""
    params = _back_params(back)
    row = session.get(GlossaryEntry, entry_id)
    if row is None:
        return _missing(request, session, user, entry_id, params)
    session.delete(row)
    session.commit()
    return RedirectResponse(_with(params, deleted=entry_id), 303)


# --- helpers -------------------------------------------------------------------


def _problems(request: Request, user: User, exc: InvalidEntry) -> str:
    _ = gettext_for(request, user)
    return _("The entry was not saved: %(problems)s.") % {"problems": "; ".join(exc.problems)}


def _back_params(back: str) -> QueryParams:
    target = safe_next(back)
    return QueryParams(urlsplit(target).query if target.startswith("/glossary") else "")


def _with(params: QueryParams, **extra: object) -> str:
    values = {k: params[k] for k in ("q", "page") if params.get(k)} | extra
    return "/glossary" + (f"?{urlencode(values)}" if values else "")


def _missing(
    request: Request, session: Session, user: User, entry_id: int, params: QueryParams
) -> HTMLResponse:
    _ = gettext_for(request, user)
    error = _("There is no glossary entry %(id)d; someone may have deleted it.") % {"id": entry_id}
    return _page(request, session, user, params, error=error, status_code=404)


def _page(
    request: Request,
    session: Session,
    user: User,
    params: QueryParams,
    *,
    error: str | None = None,
    add_form: EntryForm | None = None,
    edit_id: int | None = None,
    edit_form: EntryForm | None = None,
    edit_error: str | None = None,
    import_errors: list[tuple[int, str]] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    q = params.get("q", "").strip()
    total = session.exec(select(func.count()).select_from(search(q).subquery())).one()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(int(params["page"]), pages) if params.get("page", "").isdigit() else 1
    page = max(page, 1)
    rows = session.exec(search(q).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    entries = [(row, to_entry(row)) for row in rows]
    if edit_id is not None and edit_form is None:
        current = next((entry for row, entry in entries if row.id == edit_id), None)
        edit_form = EntryForm.of(current) if current else None
    failed = error or edit_error or add_form is not None
    context = {
        "entries": entries,
        "q": q,
        "page": page,
        "pages": pages,
        "total": total,
        "here": _with(QueryParams({"q": q, "page": str(page)})),
        "link": lambda **extra: _with(QueryParams({"q": q}), **extra),
        "edit_id": edit_id if edit_form is not None else None,
        "edit_form": edit_form,
        "edit_error": edit_error,
        "add_form": add_form or EntryForm(),
        "add_open": add_form is not None,
        "error": error,
        "import_errors": import_errors or [],
        "notice": _notice(request, user, params) if not failed else None,
        "types": list(EntryType),
    }
    if status_code is None:
        status_code = 422 if (edit_error or add_form is not None) else 200
    return render(request, "glossary.html", context, user=user, status_code=status_code)


def _notice(request: Request, user: User, params: QueryParams) -> str | None:
    _ = gettext_for(request, user)
    if params.get("added", "").isdigit():
        return _("Entry %(id)s added.") % {"id": params["added"]}
    if params.get("saved", "").isdigit():
        return _("Entry %(id)s saved.") % {"id": params["saved"]}
    if params.get("deleted", "").isdigit():
        return _("Entry %(id)s deleted.") % {"id": params["deleted"]}
    if params.get("imported", "").isdigit():
        count = int(params["imported"])
        if params.get("replaced"):
            return _("Imported %(count)d entries; they replaced the whole glossary.") % {
                "count": count
            }
        return _("Imported %(count)d entries.") % {"count": count}
    return None
