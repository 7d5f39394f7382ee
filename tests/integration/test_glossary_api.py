"""Editors manage the glossary through the API; the CLI imports and exports it."""

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from core.models import Role
from tests.support import Stack

pytestmark = pytest.mark.integration
WARTA = str(Path(sys.executable).parent / "warta")

CSV = (
    "tr,en,id,type,case_sensitive,note\n"
    "ateşkes,ceasefire|truce,gencatan senjata,term,false,\n"
    "Hulusi Akar,Hulusi Akar,,keep,true,Turkish defence minister\n"
    ",,genjatan senjata,forbidden,false,common misspelling\n"
)


def test_entries_crud_with_roles(client: TestClient, editor: dict, make_token) -> None:
    body = {
        "forms": {
            "tr": ["Milli Savunma Bakanlığı"],
            "en": ["Ministry of Defense"],
            "id": ["Kementerian Pertahanan"],
        },
        "type": "term",
    }
    created = client.post("/api/v1/glossary/entries", json=body, headers=editor)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert entry["forms"]["id"] == ["Kementerian Pertahanan"]
    translator = {"Authorization": f"Bearer {make_token(Role.TRANSLATOR)}"}
    assert client.post("/api/v1/glossary/entries", json=body, headers=translator).status_code == 403
    assert (
        client.get(f"/api/v1/glossary/entries/{entry['id']}", headers=translator).json()["type"]
        == "term"
    )
    body["forms"]["id"] = ["Kemenhan", "Kementerian Pertahanan"]
    updated = client.put(f"/api/v1/glossary/entries/{entry['id']}", json=body, headers=editor)
    assert updated.json()["forms"]["id"] == ["Kemenhan", "Kementerian Pertahanan"]
    found = client.get("/api/v1/glossary/entries", params={"q": "Kemenhan"}, headers=editor)
    assert [e["id"] for e in found.json()["items"]] == [entry["id"]]
    assert (
        client.delete(f"/api/v1/glossary/entries/{entry['id']}", headers=editor).status_code == 204
    )
    assert client.get(f"/api/v1/glossary/entries/{entry['id']}", headers=editor).status_code == 404


def test_invalid_entries_get_a_reason(client: TestClient, editor: dict) -> None:
    no_target = {"forms": {"en": ["ceasefire"]}, "type": "term"}
    response = client.post("/api/v1/glossary/entries", json=no_target, headers=editor)
    assert response.status_code == 422 and "Indonesian" in response.json()["message"]


def test_csv_import_is_all_or_nothing_and_exports_round_trip(
    client: TestClient, editor: dict
) -> None:
    bad = CSV + "seçim,election,,term,false,\n" + "x,y,z,kep,false,\n"
    refused = client.post(
        "/api/v1/glossary/import",
        headers=editor,
        files={"file": ("g.csv", bad.encode(), "text/csv")},
    )
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert [e["line"] for e in detail["errors"]] == [5, 6]
    assert "Nothing was imported" in detail["message"]
    before = client.get("/api/v1/glossary/export", headers=editor).text

    imported = client.post(
        "/api/v1/glossary/import",
        params={"replace": "true"},
        headers=editor,
        files={"file": ("g.csv", CSV.encode(), "text/csv")},
    )
    assert imported.json() == {"imported": 3, "replaced": True}
    exported = client.get("/api/v1/glossary/export", headers=editor)
    assert exported.headers["content-type"].startswith("text/csv")
    assert "ceasefire|truce" in exported.text and "gencatan senjata" in exported.text
    assert exported.text != before
    tbx = client.get("/api/v1/glossary/export", params={"format": "tbx"}, headers=editor)
    root = etree.fromstring(tbx.content)
    assert root.get("type") == "TBX-Basic"
    terms = root.xpath("//*[local-name()='term']/text()")
    assert {"ateşkes", "ceasefire", "truce", "gencatan senjata", "Hulusi Akar"} <= set(terms)


def test_cli_import_and_export(stack: Stack, tmp_path: Path) -> None:
    source = tmp_path / "glossary.csv"
    source.write_text(CSV, encoding="utf-8")
    imported = subprocess.run(
        [WARTA, "glossary", "import", str(source), "--replace"],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert imported.returncode == 0, imported.stderr
    assert "Imported 3 entries" in imported.stdout
    exported = subprocess.run(
        [WARTA, "glossary", "export", "--format", "tbx"],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert exported.returncode == 0 and "TBX-Basic" in exported.stdout
    broken = tmp_path / "broken.csv"
    broken.write_text("tr,en,id,type,case_sensitive,note\nx,,,term,false,\n", encoding="utf-8")
    failed = subprocess.run(
        [WARTA, "glossary", "import", str(broken)],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 1 and "line 2" in failed.stderr


def test_an_editor_rechecks_an_article_against_a_changed_glossary(
    client: TestClient, stack: Stack, site, editor: dict
) -> None:
    from tests.conftest import wait_for_article

    created = client.post(
        "/api/v1/articles",
        headers=editor,
        json={"url": site.add_file("/gl/recheck", "en_article.html")},
    )
    article_id = created.json()["id"]
    assert wait_for_article(stack.database_url, article_id).state == "in_review"
    entry = {"forms": {"en": ["armored vehicle"], "id": ["kendaraan lapis baja"]}}
    created_entry = client.post("/api/v1/glossary/entries", json=entry, headers=editor)
    assert created_entry.status_code == 201
    response = client.post(f"/api/v1/articles/{article_id}/glossary-check", headers=editor)
    assert response.status_code == 202

    def checked() -> list[dict]:
        body = client.get(f"/api/v1/articles/{article_id}", headers=editor).json()
        return [
            s
            for p in body["paragraphs"]
            for s in p["segments"]
            if any(h["entry_id"] == created_entry.json()["id"] for h in s["glossary"])
        ]

    import time

    deadline = time.monotonic() + 30
    while not (segments := checked()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(segments) == 1
    (segment,) = segments
    assert "armored vehicles" in segment["source"]
    hit = next(h for h in segment["glossary"] if h["entry_id"] == created_entry.json()["id"])
    assert (hit["source_form"], hit["satisfied"]) == ("armored vehicles", False)
    assert any(
        f["code"] == "glossary_missing" and "kendaraan lapis baja" in f["message"]
        for f in segment["qa"]
    )
    busy = client.post("/api/v1/articles/999999/glossary-check", headers=editor)
    assert busy.status_code == 404
