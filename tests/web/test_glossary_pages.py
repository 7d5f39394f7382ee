"""Glossary pages: search and pages for everyone; add, edit, delete, import for editors;
CSV and TBX export."""

import re
import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from api.web.routes import glossary_pages
from core.db import get_engine
from core.models import GlossaryEntry, Role
from tests.support import Stack
from tests.web.conftest import WebUser, hidden_csrf

pytestmark = pytest.mark.integration
HEADER = "tr,en,id,type,case_sensitive,note\n"


@pytest.fixture
def editor(signed_in: Callable[[WebUser], TestClient], web_user) -> TestClient:
    return signed_in(web_user(Role.EDITOR))


def tag() -> str:
    """Letters no other test's entry contains, to search for this test's entries."""
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])


def entry_count(stack: Stack) -> int:
    with Session(get_engine(stack.database_url)) as session:
        return session.exec(select(func.count()).select_from(GlossaryEntry)).one()


def entry_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="entry-(\d+)"', html)]


def upload(client: TestClient, text: str | bytes, **fields: str):
    token = hidden_csrf(client.get("/glossary").text)
    return client.post(
        "/glossary/import",
        data={"csrf_token": token, **fields},
        files={"file": ("terms.csv", text, "text/csv")},
        follow_redirects=False,
    )


def test_import_then_search_and_page_through(editor: TestClient, stack: Stack) -> None:
    word = tag()
    rows = "".join(f"{word}{i:02d},{word} en {i},{word} id {i},term,false,\n" for i in range(60))
    imported = upload(editor, HEADER + rows)
    assert imported.status_code == 303
    assert imported.headers["location"] == "/glossary?imported=60"
    assert "Imported 60 entries." in editor.get(imported.headers["location"]).text

    first = editor.get("/glossary", params={"q": word})
    assert first.status_code == 200
    assert "60 entries" in first.text and "Page 1 of 2" in first.text
    assert len(entry_ids(first.text)) == 50
    second = editor.get("/glossary", params={"q": word, "page": "2"}).text
    assert len(entry_ids(second)) == 10
    assert not set(entry_ids(first.text)) & set(entry_ids(second))
    assert f'href="/glossary?q={word}&amp;page=1"' in second  # the way back keeps the search
    assert "No entry contains" in editor.get("/glossary", params={"q": word + "x"}).text


def test_a_bad_file_lists_every_bad_line_and_imports_nothing(
    editor: TestClient, stack: Stack
) -> None:
    word = tag()
    before = entry_count(stack)
    bad = (
        HEADER
        + f"{word}a,,{word} ok,term,false,\n"
        + f"{word}b,,,term,false,\n"
        + f"{word}c,,{word} c,sometimes,false,\n"
    )
    refused = upload(editor, bad)
    assert refused.status_code == 422
    assert "Nothing was imported from terms.csv: 2 line(s) need fixing." in refused.text
    lines = re.findall(r"<li>(Line \d+: [^<]*)</li>", refused.text)
    assert [line.split(":")[0] for line in lines] == ["Line 3", "Line 4"]
    assert "a term needs an id form" in lines[0]
    assert entry_count(stack) == before

    latin1 = upload(editor, (HEADER + "ateşkes,,gencatan senjata,term,false,\n").encode("cp1254"))
    assert latin1.status_code == 422 and "is not UTF-8" in latin1.text
    empty = upload(editor, b"")
    assert empty.status_code == 422
    assert "Choose a CSV file to import (it was missing or empty)." in empty.text
    huge = upload(editor, HEADER.encode() + b"x" * (5 * 1024 * 1024))
    assert huge.status_code == 413
    assert "The file is larger than 5 MiB; nothing was imported." in huge.text
    assert entry_count(stack) == before


def test_editors_add_edit_and_delete_entries(editor: TestClient, stack: Stack) -> None:
    word = tag()
    token = hidden_csrf(editor.get("/glossary").text)
    form = {
        "tr": f"{word} bakan",
        "en": f"{word} minister|{word} secretary",
        "id": f"{word} menteri",
    }
    added = editor.post(
        "/glossary",
        data={**form, "type": "term", "note": "a note", "csrf_token": token},
        follow_redirects=False,
    )
    assert added.status_code == 303
    entry_id = int(re.search(r"added=(\d+)", added.headers["location"]).group(1))
    assert added.headers["location"].endswith(f"#entry-{entry_id}")
    page = editor.get(added.headers["location"]).text
    assert f"Entry {entry_id} added." in page and f'<tr id="entry-{entry_id}"' in page

    editing = editor.get("/glossary", params={"q": word, "edit": entry_id}).text
    assert f'action="/glossary/{entry_id}"' in editing
    assert f'name="en" value="{word} minister|{word} secretary"' in editing
    back = f"/glossary?q={word}&page=1"
    saved = editor.post(
        f"/glossary/{entry_id}",
        data={
            **form,
            "id": f"{word} menteri|{word} mentri",
            "type": "term",
            "case_sensitive": "on",
            "csrf_token": token,
            "back": back,
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert (
        saved.headers["location"] == f"/glossary?q={word}&page=1&saved={entry_id}#entry-{entry_id}"
    )
    with Session(get_engine(stack.database_url)) as session:
        row = session.get(GlossaryEntry, entry_id)
        assert row.forms_id == f"{word} menteri|{word} mentri" and row.case_sensitive

    deleted = editor.post(
        f"/glossary/{entry_id}/delete",
        data={"csrf_token": token, "back": back},
        follow_redirects=False,
    )
    assert deleted.status_code == 303
    assert f"Entry {entry_id} deleted." in editor.get(deleted.headers["location"]).text
    with Session(get_engine(stack.database_url)) as session:
        assert session.get(GlossaryEntry, entry_id) is None
    again = editor.post(f"/glossary/{entry_id}/delete", data={"csrf_token": token})
    assert again.status_code == 404
    assert f"There is no glossary entry {entry_id}; someone may have deleted it." in again.text
    lost = editor.post(f"/glossary/{entry_id}", data={**form, "csrf_token": token})
    assert lost.status_code == 404


def test_invalid_entries_are_refused_with_the_reason_and_what_was_typed(
    editor: TestClient, stack: Stack
) -> None:
    word = tag()
    token = hidden_csrf(editor.get("/glossary").text)
    before = entry_count(stack)
    no_target = editor.post(
        "/glossary", data={"en": f"{word} <ceasefire>", "type": "term", "csrf_token": token}
    )
    assert no_target.status_code == 422
    assert "The entry was not saved: a term needs an id form." in no_target.text
    assert f'name="en" value="{word} &lt;ceasefire&gt;"' in no_target.text
    assert re.search(r"<details class=\"panel\" open>\s*<summary>Add an entry", no_target.text)
    bad_type = editor.post(
        "/glossary", data={"en": "x", "id": "y", "type": "maybe", "csrf_token": token}
    )
    assert bad_type.status_code == 422 and "type must be one of term, keep, forbidden" in (
        bad_type.text
    )
    assert entry_count(stack) == before

    upload(editor, HEADER + f"{word},{word} en,{word} id,term,false,\n")
    entry_id = entry_ids(editor.get("/glossary", params={"q": word}).text)[0]
    refused = editor.post(
        f"/glossary/{entry_id}",
        data={
            "tr": "",
            "en": "",
            "id": f"{word} id",
            "type": "term",
            "csrf_token": token,
            "back": f"/glossary?q={word}",
        },
    )
    assert refused.status_code == 422
    assert "needs at least one of tr, en" in refused.text
    assert f'<tr id="entry-{entry_id}" class="editing">' in refused.text  # still editing
    with Session(get_engine(stack.database_url)) as session:
        assert session.get(GlossaryEntry, entry_id).forms_en == f"{word} en"


def test_everyone_reads_and_exports_and_only_editors_see_the_tools(
    signed_in: Callable[[WebUser], TestClient], web_user, editor: TestClient, monkeypatch
) -> None:
    word = tag()
    upload(editor, HEADER + f"{word},{word} en,{word} id,keep,true,kept as is\n")
    translator = signed_in(web_user(Role.TRANSLATOR))
    page = translator.get("/glossary", params={"q": word}).text
    assert f"{word} en" in page and "keep as is" in page
    assert (
        'method="post" action="/glossary"' not in page
        and "/delete" not in page
        and "Edit</a>" not in page
    )
    assert 'method="post" action="/glossary"' in editor.get("/glossary").text

    csv_file = translator.get("/glossary/export", params={"format": "csv"})
    assert csv_file.status_code == 200 and csv_file.headers["content-type"].startswith("text/csv")
    assert 'filename="warta-glossary.csv"' in csv_file.headers["content-disposition"]
    assert f"{word},{word} en,{word} id,keep,true,kept as is" in csv_file.text
    tbx = translator.get("/glossary/export", params={"format": "tbx"})
    assert tbx.status_code == 200 and f"<term>{word} en</term>" in tbx.text
    pdf = translator.get("/glossary/export", params={"format": "pdf"})
    assert pdf.status_code == 422
    assert "Export as CSV or TBX; &#39;pdf&#39; is not a format Warta writes." in pdf.text
    monkeypatch.setattr(glossary_pages, "all_entries", lambda session: [])
    empty = translator.get("/glossary/export", params={"format": "tbx"})
    assert empty.status_code == 409
    assert "The glossary is empty; a TBX file needs at least one entry." in empty.text
