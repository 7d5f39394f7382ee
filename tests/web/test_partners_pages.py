"""Partners (editors): add one and see its key once, edit licence, link policy and
webhook, replace the key or the webhook secret, deactivate and reactivate; every
mistake answered with its reason and the typed values kept; CSRF on every form."""

import html
import re
import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.db import get_engine
from core.models import Partner, Role
from core.partners import domains_of, partner_for_key
from tests.support import Stack
from tests.web.conftest import WebUser, csrf_of, hidden_csrf

pytestmark = pytest.mark.integration


@pytest.fixture
def editor(signed_in: Callable[[WebUser], TestClient], web_user) -> TestClient:
    return signed_in(web_user(Role.EDITOR))


def unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:6]}"


def post(client: TestClient, url: str, **data: str):
    return client.post(url, data={**data, "csrf_token": csrf_of(client)}, follow_redirects=False)


def add(client: TestClient, name: str, **fields: str):
    return post(client, "/partners", name=name, **fields)


def shown(page: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt><dd><code>([^<]+)</code></dd>", page)
    assert match, f"no {label} shown"
    return match.group(1)


def stored(stack: Stack, name: str) -> tuple[Partner, list[str]]:
    with Session(get_engine(stack.database_url)) as session:
        partner = session.exec(select(Partner).where(Partner.name == name)).one()
        return partner, domains_of(session, partner.id)


def key_works(stack: Stack, key: str) -> bool:
    with Session(get_engine(stack.database_url)) as session:
        return partner_for_key(session=session, key=key) is not None


def row(page: str, partner_id: int) -> str:
    match = re.search(rf'<tr id="partner-{partner_id}".*?</tr>', page, re.DOTALL)
    assert match, f"no row for partner {partner_id}"
    return html.unescape(match.group(0))


def test_an_editor_adds_a_partner_and_sees_its_key_and_secret_once(
    editor: TestClient, stack: Stack
) -> None:
    page = editor.get("/partners")
    assert page.status_code == 200 and 'action="/partners"' in page.text
    name = unique("Mitra Kabar")
    added = post(
        editor,
        "/partners",
        name=name,
        sources="https://www.AA.com.tr/en, kabar-baru.example.id",
        canonical_link="none",
        webhook_url="https://mitra.example/warta-hook",
        csrf_token=hidden_csrf(page.text),
    )
    assert added.status_code == 200 and f"Added {name}." in added.text
    assert added.headers["cache-control"] == "no-store"
    key, secret = shown(added.text, "API key"), shown(added.text, "Webhook secret")
    assert key.startswith("wp_") and secret.startswith("whsec_")
    assert key_works(stack, key)
    partner, domains = stored(stack, name)
    assert domains == ["aa.com.tr", "kabar-baru.example.id"]
    assert (partner.canonical_link, partner.webhook_secret) == ("none", secret)

    listed = editor.get("/partners")
    assert key not in listed.text and secret not in listed.text
    assert "cache-control" not in listed.headers
    entry = row(listed.text, partner.id)
    assert name in entry and f"key {key[:10]}…" in entry
    assert 'value="aa.com.tr kabar-baru.example.id"' in entry
    assert "No article yet from: aa.com.tr, kabar-baru.example.id" in entry
    assert f'href="/deliveries?partner={partner.id}"' in entry


def test_mistakes_in_a_new_partner_are_answered_with_the_form_kept(
    editor: TestClient, stack: Stack
) -> None:
    name = unique("Mitra Salah")
    typed = {"sources": "aa.com.tr", "webhook_url": "https://mitra.example/hook"}
    cases = [
        ({"name": "  "}, 422, "A partner needs a name."),
        ({"sources": "aa.com.tr bukan domain"}, 422, "'bukan' is not a source domain"),
        ({"webhook_url": "ftp://mitra.example"}, 422, "is not an http(s) URL"),
        ({"canonical_link": "kadang"}, 422, "Choose a canonical-link policy"),
    ]
    for change, status, reason in cases:
        answer = post(editor, "/partners", **{"name": name, **typed, **change})
        assert answer.status_code == status, change
        text = html.unescape(answer.text)
        assert reason in text, change
        value = change.get("sources", typed["sources"])
        assert f'value="{value}"' in text, change  # what was typed stays
        assert "<dt>API key</dt>" not in text
    assert add(editor, name, **typed).status_code == 200
    taken = add(editor, name, sources="other.example")
    assert taken.status_code == 409
    assert f"A partner named '{name}' already exists." in html.unescape(taken.text)
    assert 'value="other.example"' in taken.text


def test_editing_the_licence_policy_and_webhook(editor: TestClient, stack: Stack) -> None:
    name = unique("Mitra Ubah")
    assert add(editor, name, sources="aa.com.tr").status_code == 200
    partner, _ = stored(stack, name)
    url = f"/partners/{partner.id}"
    update = {"action": "update", "sources": "aa.com.tr dailysabah.com", "canonical_link": "none"}

    saved = post(editor, url, **update, webhook_url="")
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/partners?saved={partner.id}#partner-{partner.id}"
    assert f"Saved the changes to {name}." in editor.get(saved.headers["location"]).text
    partner, domains = stored(stack, name)
    assert domains == ["aa.com.tr", "dailysabah.com"] and partner.canonical_link == "none"
    assert partner.webhook_url is None

    # A bad webhook URL: 422 in the row, the row's typed values kept, nothing changed.
    bad = post(editor, url, **{**update, "sources": "x.example"}, webhook_url="mitra.example")
    assert bad.status_code == 422
    entry = row(bad.text, partner.id)
    assert "is not an http(s) URL" in entry and 'value="x.example"' in entry
    assert 'value="mitra.example"' in entry
    assert stored(stack, name)[1] == ["aa.com.tr", "dailysabah.com"]

    # A first webhook URL gets a secret, shown once.
    hooked = post(editor, url, **update, webhook_url="https://mitra.example/hook")
    assert hooked.status_code == 200 and hooked.headers["cache-control"] == "no-store"
    secret = shown(hooked.text, "Webhook secret")
    assert stored(stack, name)[0].webhook_secret == secret
    renewed = post(editor, url, action="secret")
    assert renewed.status_code == 200 and renewed.headers["cache-control"] == "no-store"
    assert shown(renewed.text, "Webhook secret") != secret
    assert stored(stack, name)[0].webhook_secret == shown(renewed.text, "Webhook secret")

    # Removing the URL removes the secret; a new secret then needs a URL first (409).
    assert post(editor, url, **update, webhook_url="").status_code == 303
    assert stored(stack, name)[0].webhook_secret is None
    refused = post(editor, url, action="secret")
    assert refused.status_code == 409
    assert f"{name} has no webhook URL; set one first." in html.unescape(refused.text)


def test_a_new_key_replaces_the_old_at_once_and_shows_once(
    editor: TestClient, stack: Stack
) -> None:
    name = unique("Mitra Kunci")
    old = shown(add(editor, name).text, "API key")
    partner, _ = stored(stack, name)
    rotated = post(editor, f"/partners/{partner.id}", action="key")
    assert rotated.status_code == 200 and rotated.headers["cache-control"] == "no-store"
    assert f"New API key for {name}: the old one has stopped working." in rotated.text
    new = shown(rotated.text, "API key")
    assert new != old and key_works(stack, new) and not key_works(stack, old)
    assert new not in editor.get("/partners").text


def test_deactivating_stops_the_key_and_reactivating_restores_it(
    editor: TestClient, stack: Stack
) -> None:
    name = unique("Mitra Henti")
    key = shown(add(editor, name).text, "API key")
    partner, _ = stored(stack, name)
    assert post(editor, f"/partners/{partner.id}", action="deactivate").status_code == 303
    assert not key_works(stack, key)
    entry = row(editor.get("/partners").text, partner.id)
    assert "deactivated" in entry and "Reactivate" in entry
    assert post(editor, f"/partners/{partner.id}", action="reactivate").status_code == 303
    assert key_works(stack, key)


def test_unknown_partners_and_actions_get_a_reason(editor: TestClient, stack: Stack) -> None:
    missing = post(editor, "/partners/999999", action="key")
    assert missing.status_code == 404 and "There is no partner 999999." in missing.text
    name = unique("Mitra Aksi")
    add(editor, name)
    partner, _ = stored(stack, name)
    unknown = post(editor, f"/partners/{partner.id}", action="delete")
    assert unknown.status_code == 422 and "Choose what to change." in unknown.text
    bad_policy = post(
        editor, f"/partners/{partner.id}", action="update", sources="", canonical_link="maybe"
    )
    assert bad_policy.status_code == 422 and "Choose a canonical-link policy" in bad_policy.text


def test_translators_cannot_see_partners_and_forms_need_the_csrf_token(
    editor: TestClient, signed_in, web_user, stack: Stack
) -> None:
    translator = signed_in(web_user(Role.TRANSLATOR))
    assert translator.get("/partners").status_code == 403
    assert 'href="/partners"' not in translator.get("/queue").text
    assert 'href="/partners"' in editor.get("/queue").text
    name = unique("Mitra Palsu")
    forged = editor.post("/partners", data={"name": name})
    assert forged.status_code == 403
    assert editor.post("/partners", data={"name": name, "csrf_token": "guess"}).status_code == 403
    with Session(get_engine(stack.database_url)) as session:
        assert session.exec(select(Partner).where(Partner.name == name)).first() is None
    add(editor, name + " asli")
    partner, _ = stored(stack, name + " asli")
    assert editor.post(f"/partners/{partner.id}", data={"action": "key"}).status_code == 403
