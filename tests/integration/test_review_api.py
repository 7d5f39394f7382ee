"""Review decisions through the API: versioned saves, dismissals, approve and reject."""

import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.db import get_engine
from core.models import Article, ArticleTransition, Role, Segment
from tests.conftest import own_deployment, user_token, wait_for_article
from tests.support import RedisServer, SourceSite, Stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def review(redis_server: RedisServer, stack: Stack) -> Iterator[Stack]:
    """A deployment of its own: approvals here feed a translation memory no other test sees."""
    with own_deployment(redis_server, stack, redis_db=4) as deployment:
        deployment.start_worker()
        yield deployment


@pytest.fixture(scope="module")
def make_token(review: Stack) -> Callable[[Role], str]:
    return lambda role: user_token(review.database_url, role)


@pytest.fixture(scope="module")
def editor(make_token: Callable[[Role], str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(Role.EDITOR)}"}


def in_review(
    client: TestClient,
    review: Stack,
    site: SourceSite,
    editor: dict,
    path: str,
    page: str = "tr_article.html",
    title: str | None = None,
) -> dict:
    url = site.add_file(path, page)
    if title is not None:  # a title of its own, so the memory has nothing for it
        html = site.pages[path].body.decode()
        url = site.add(path, html.replace("Azerbaycan ordusu stratejik tepeleri geri aldı", title))
    created = client.post("/api/v1/articles", headers=editor, json={"url": url})
    assert wait_for_article(review.database_url, created.json()["id"]).state == "in_review"
    return client.get(f"/api/v1/articles/{created.json()['id']}", headers=editor).json()


def segments_of(article: dict) -> list[dict]:
    return [s for p in article["paragraphs"] for s in p["segments"]]


def test_translator_saves_dismisses_and_approves(
    client: TestClient, review: Stack, site: SourceSite, editor: dict, make_token
) -> None:
    translator = {"Authorization": f"Bearer {make_token(Role.TRANSLATOR)}"}
    article = in_review(client, review, site, editor, "/review/approve")
    url = f"/api/v1/articles/{article['id']}"
    blocked = client.post(f"{url}/approve", headers=translator)
    assert blocked.status_code == 409
    detail = blocked.json()["detail"]
    assert sorted(detail["empty_segments"]) == sorted(s["id"] for s in segments_of(article))
    assert "empty segment" in detail["message"]

    for segment in segments_of(article):
        saved = client.put(
            f"/api/v1/segments/{segment['id']}",
            headers=translator,
            json={"target": f"Terjemahan {segment['index']}.", "version": segment["version"]},
        )
        assert saved.status_code == 200, saved.text
        assert (saved.json()["version"], saved.json()["origin"], saved.json()["state"]) == (
            segment["version"] + 1,
            "human",
            "edited",
        )

    # The worker re-checks the glossary after each save; findings that still
    # hold keep their ids, so they can be dismissed whenever the check runs.
    time.sleep(1)
    for segment in segments_of(client.get(url, headers=editor).json()):
        for finding in segment["qa"]:
            dismissed = client.post(
                f"/api/v1/segments/{segment['id']}/findings/{finding['id']}/dismiss",
                headers=translator,
                json={"note": "house style"},
            )
            assert dismissed.status_code == 200 and dismissed.json()["dismissed_by"]
    approved = client.post(f"{url}/approve", headers=translator)
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "approved"
    with Session(get_engine(review.database_url)) as session:
        states = set(
            session.exec(select(Segment.state).where(Segment.article_id == article["id"])).all()
        )
    assert states == {"approved"}  # approved segments feed the translation memory


def test_approval_waits_for_the_headline_like_any_segment(
    client: TestClient, review: Stack, site: SourceSite, editor: dict
) -> None:
    title = "Ordu sınır bölgesindeki mevzileri kontrol altına aldı"
    article = in_review(client, review, site, editor, "/review/headline", title=title)
    headline_paragraph, *body = article["paragraphs"]
    assert headline_paragraph["index"] == -1
    assert [s["source"] for s in headline_paragraph["segments"]] == [title]
    for paragraph in body:
        for segment in paragraph["segments"]:
            saved = client.put(
                f"/api/v1/segments/{segment['id']}",
                headers=editor,
                json={"target": "Bentrokan berakhir.", "version": segment["version"]},
            )
            assert saved.status_code == 200, saved.text
    url = f"/api/v1/articles/{article['id']}"
    blocked = client.post(f"{url}/approve", headers=editor)
    assert blocked.status_code == 409
    [headline] = headline_paragraph["segments"]
    assert blocked.json()["detail"]["empty_segments"] == [headline["id"]]

    saved = client.put(
        f"/api/v1/segments/{headline['id']}",
        headers=editor,
        json={"target": "Tentara Azerbaijan merebut kembali perbukitan.", "version": 1},
    )
    assert saved.status_code == 200, saved.text
    time.sleep(1)  # the worker's glossary re-check after the saves
    for segment in segments_of(client.get(url, headers=editor).json()):
        for finding in segment["qa"]:
            client.post(
                f"/api/v1/segments/{segment['id']}/findings/{finding['id']}/dismiss",
                headers=editor,
                json={},
            )
    approved = client.post(f"{url}/approve", headers=editor)
    assert approved.status_code == 200, approved.text


def test_a_stale_save_gets_409_with_the_other_text(
    client: TestClient, review: Stack, site: SourceSite, editor: dict
) -> None:
    segment = segments_of(in_review(client, review, site, editor, "/review/conflict"))[0]
    first = client.put(
        f"/api/v1/segments/{segment['id']}",
        headers=editor,
        json={"target": "Teks pertama.", "version": 1},
    )
    assert first.status_code == 200
    second = client.put(
        f"/api/v1/segments/{segment['id']}",
        headers=editor,
        json={"target": "Teks kedua.", "version": 1},
    )
    assert second.status_code == 409
    assert second.json()["detail"]["current"] == {
        "target": "Teks pertama.",
        "version": 2,
        "origin": "human",
    }
    assert "saved this segment first" in second.json()["detail"]["message"]


def test_reject_sends_the_article_back_with_a_note(
    client: TestClient, review: Stack, site: SourceSite, editor: dict, make_token
) -> None:
    article = in_review(client, review, site, editor, "/review/reject")
    url = f"/api/v1/articles/{article['id']}"
    assert client.post(f"{url}/reject", headers=editor, json={"note": ""}).status_code == 422
    rejected = client.post(
        f"{url}/reject", headers=editor, json={"note": "Wrong article: this is last year's story."}
    )
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"
    with Session(get_engine(review.database_url)) as session:
        reasons = session.exec(
            select(ArticleTransition.reason).where(
                ArticleTransition.article_id == article["id"],
                ArticleTransition.to_state == "rejected",
            )
        ).all()
    assert reasons == ["Wrong article: this is last year's story."]
    segment = segments_of(article)[0]
    locked = client.put(
        f"/api/v1/segments/{segment['id']}",
        headers=editor,
        json={"target": "x", "version": segment["version"]},
    )
    assert locked.status_code == 409 and "rejected" in locked.json()["detail"]["message"]
    assert client.post(f"{url}/approve", headers=editor).status_code == 409


def test_an_editor_sends_a_rejected_article_back_to_review_with_its_edits(
    client: TestClient, review: Stack, site: SourceSite, editor: dict, make_token
) -> None:
    translator = {"Authorization": f"Bearer {make_token(Role.TRANSLATOR)}"}
    article = in_review(client, review, site, editor, "/review/reopen-rejected")
    url = f"/api/v1/articles/{article['id']}"
    segment = segments_of(article)[1]
    saved = client.put(
        f"/api/v1/segments/{segment['id']}",
        headers=translator,
        json={"target": "Suntingan penerjemah.", "version": segment["version"]},
    )
    assert saved.status_code == 200, saved.text
    assert client.post(f"{url}/reject", headers=translator, json={"note": "Cek angka."}).is_success

    # The language override would discard the edit, and says what to do instead.
    override = client.post(f"{url}/language", headers=editor, json={"language": "tr"})
    assert override.status_code == 409
    assert "to send it back to review with the edits kept, reopen it" in str(override.json())
    assert client.post(f"{url}/reopen", headers=translator, json={"note": "x"}).status_code == 403

    reopened = client.post(f"{url}/reopen", headers=editor, json={"note": "Angka sudah benar."})
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["state"] == "in_review"
    after = client.get(url, headers=editor).json()
    targets = {s["id"]: s["target"] for s in segments_of(after)}
    assert targets[segment["id"]] == "Suntingan penerjemah."
    assert targets == {s["id"]: s["target"] for s in segments_of(article)} | {
        segment["id"]: "Suntingan penerjemah."
    }
    notes = after["notes"]
    assert [(n["kind"], n["text"]) for n in notes] == [
        ("reject", "Cek angka."),
        ("reopen", "Angka sudah benar."),
    ]
    assert notes[0]["by"].startswith("translator-") and notes[1]["by"].startswith("editor-")
    assert all(n["at"].endswith("+00:00") for n in notes)
    assert notes[0]["at"] <= notes[1]["at"]


def test_only_approved_published_or_rejected_articles_can_be_reopened(
    client: TestClient, review: Stack, editor: dict
) -> None:
    with Session(get_engine(review.database_url)) as session:
        url = "https://news.example.org/reopen/failed"
        failed = Article(submitted_url=url, normalized_url=url, state="failed")
        session.add(failed)
        session.commit()
        article_id = failed.id
    refused = client.post(
        f"/api/v1/articles/{article_id}/reopen", headers=editor, json={"note": "Coba lagi."}
    )
    assert refused.status_code == 409
    assert (
        f"Only approved, published or rejected articles can be reopened (sent back to review); "
        f"article {article_id} is 'failed'."
    ) in str(refused.json())
    fresh = client.get(f"/api/v1/articles/{article_id}", headers=editor).json()
    assert (fresh["state"], fresh["notes"]) == ("failed", [])


def test_review_routes_refuse_the_anonymous(client: TestClient) -> None:
    assert client.put("/api/v1/segments/1", json={"target": "x", "version": 1}).status_code == 401
    assert client.post("/api/v1/articles/1/approve").status_code == 401
    assert client.post("/api/v1/articles/1/reject", json={"note": "x"}).status_code == 401
    assert client.post("/api/v1/segments/1/findings/1/dismiss", json={}).status_code == 401


def test_history_comments_suggestions_and_effort(
    client: TestClient, review: Stack, site: SourceSite, editor: dict, make_token
) -> None:
    translator = {"Authorization": f"Bearer {make_token(Role.TRANSLATOR)}"}
    # English: no English segment is approved elsewhere, so there is no memory draft.
    article = in_review(client, review, site, editor, "/review/effort", "en_article.html")
    headline, first, *rest = segments_of(article)
    assert headline["source"] == article["title"]
    sid = first["id"]
    for version, text in (
        (1, "Kementerian Pertahanan Azerbaijan mengumumkan."),
        (2, "Kementerian Pertahanan Azerbaijan mengumumkan pada Jumat."),
    ):
        saved = client.put(
            f"/api/v1/segments/{sid}",
            headers=translator,
            json={"target": text, "version": version, "active_ms": 4000},
        )
        assert saved.status_code == 200
    versions = client.get(f"/api/v1/segments/{sid}/history", headers=editor).json()
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert "+Jumat." in versions[2]["diff"] and "-Jumat" not in versions[2]["diff"]

    posted = client.post(
        f"/api/v1/segments/{sid}/comments",
        headers=translator,
        json={"body": "Cek nama wilayah: Ağdere = Aghdara."},
    )
    assert posted.status_code == 201
    listed = client.get(f"/api/v1/segments/{sid}/comments", headers=editor).json()
    assert [c["body"] for c in listed] == ["Cek nama wilayah: Ağdere = Aghdara."]

    effort = client.get(f"/api/v1/articles/{article['id']}/effort", headers=editor).json()
    mine = next(s for s in effort["segments"] if s["segment_id"] == sid)
    assert mine["active_seconds"] == 8.0 and mine["had_draft"] is False
    assert mine["edit_distance"] == len("Kementerian Pertahanan Azerbaijan mengumumkan pada Jumat.")
    csv_text = client.get(
        f"/api/v1/articles/{article['id']}/effort", params={"format": "csv"}, headers=editor
    ).text
    assert csv_text.splitlines()[0].startswith("segment_id,had_draft,edit_distance")
    assert len(csv_text.splitlines()) == 1 + len(segments_of(article))

    # Approve the article so its segments feed the memory; a near-identical
    # sentence elsewhere then gets a fuzzy suggestion with its percentage.
    for segment in [headline, *rest]:
        client.put(
            f"/api/v1/segments/{segment['id']}",
            headers=translator,
            json={"target": "Teks.", "version": segment["version"]},
        )
    time.sleep(1)
    for segment in segments_of(
        client.get(f"/api/v1/articles/{article['id']}", headers=editor).json()
    ):
        for finding in segment["qa"]:
            client.post(
                f"/api/v1/segments/{segment['id']}/findings/{finding['id']}/dismiss",
                headers=translator,
                json={},
            )
    assert (
        client.post(f"/api/v1/articles/{article['id']}/approve", headers=translator).status_code
        == 200
    )
    near = site.pages["/review/effort"].body.decode().replace("said on Friday", "said on Saturday")
    other = client.post(
        "/api/v1/articles",
        headers=editor,
        json={"url": site.add("/review/near", near.replace("/review/effort", "/review/near"))},
    )
    assert wait_for_article(review.database_url, other.json()["id"]).state == "in_review"
    body = client.get(f"/api/v1/articles/{other.json()['id']}", headers=editor).json()
    changed = segments_of(body)[1]  # the first body sentence ([0] is the headline)
    found = client.get(f"/api/v1/segments/{changed['id']}/suggestions", headers=editor).json()
    assert found and found[0]["target"] == (
        "Kementerian Pertahanan Azerbaijan mengumumkan pada Jumat."
    )
    assert 80 <= found[0]["match"] < 100


def test_review_queue_claims_and_assignment(
    client: TestClient, review: Stack, site: SourceSite, editor: dict, make_token
) -> None:
    from core.security import user_for_token

    sinta_token, budi_token = make_token(Role.TRANSLATOR), make_token(Role.TRANSLATOR)
    sinta = {"Authorization": f"Bearer {sinta_token}"}
    budi = {"Authorization": f"Bearer {budi_token}"}
    article = in_review(client, review, site, editor, "/review/queue", "en_article.html")
    url = f"/api/v1/articles/{article['id']}"
    queue = {
        "state": "in_review",
        "assignee": "none",
        "language": "en",
        "source": "127.0.0.1",
        "limit": 100,
    }
    listed = client.get("/api/v1/articles", params=queue, headers=sinta).json()["items"]
    assert article["id"] in [item["id"] for item in listed]

    claimed = client.post(f"{url}/claim", headers=sinta)
    assert claimed.status_code == 200
    taken = client.post(f"{url}/claim", headers=budi)
    assert taken.status_code == 409 and "Someone else" in taken.json()["detail"]["message"]
    mine = client.get("/api/v1/articles", params={"assignee": "me"}, headers=sinta).json()
    assert [item["id"] for item in mine["items"]] == [article["id"]]
    unclaimed = client.get("/api/v1/articles", params=queue, headers=sinta).json()["items"]
    assert article["id"] not in [item["id"] for item in unclaimed]

    # The claim keeps others out of every review write (an editor too, who reassigns
    # instead): 409 naming the holder.
    with Session(get_engine(review.database_url)) as session:
        sinta_name = user_for_token(session=session, token=sinta_token).name
    segment = segments_of(article)[0]
    flagged = next(((s["id"], f["id"]) for s in segments_of(article) for f in s["qa"]), None)
    writes = [
        ("put", f"/api/v1/segments/{segment['id']}", {"target": "Teks.", "version": 1}),
        ("post", f"{url}/approve", None),
        ("post", f"{url}/reject", {"note": "Salah."}),
    ]
    if flagged is not None:
        writes.append(("post", "/api/v1/segments/{}/findings/{}/dismiss".format(*flagged), {}))
    for headers in (budi, editor):
        for method, path, body in writes:
            refused = client.request(method, path, json=body, headers=headers)
            assert refused.status_code == 409, (path, refused.text)
            assert f"claimed by {sinta_name}" in refused.json()["detail"]["message"]
    assert client.post(f"{url}/claim", headers=editor).status_code == 409

    with Session(get_engine(review.database_url)) as session:
        budi_id = user_for_token(session=session, token=budi_token).id
    assert client.post(f"{url}/assign", json={"user_id": budi_id}, headers=sinta).status_code == 403
    moved = client.post(f"{url}/assign", json={"user_id": budi_id}, headers=editor)
    assert moved.status_code == 200 and moved.json()["assignee_id"] == budi_id
    saved = client.put(
        f"/api/v1/segments/{segment['id']}",
        headers=budi,
        json={"target": "Teks Budi.", "version": 1},
    )
    assert saved.status_code == 200
    assert (
        client.get("/api/v1/articles", params={"assignee": "x"}, headers=editor).status_code == 422
    )
    old = client.get("/api/v1/articles", params={"min_age_hours": 24}, headers=editor).json()
    assert article["id"] not in [item["id"] for item in old["items"]]


def test_qa_checks_run_on_every_save(
    client: TestClient, review: Stack, site: SourceSite, editor: dict
) -> None:
    article = in_review(client, review, site, editor, "/review/qa")
    segment = next(s for s in segments_of(article) if s["source"] == "Çatışmalar 3,5 saat sürdü.")
    url = f"/api/v1/segments/{segment['id']}"
    wrong = client.put(
        url, headers=editor, json={"target": "Bentrokan berlangsung selama 35 jam.", "version": 1}
    )
    assert wrong.status_code == 200

    def codes() -> list[str]:
        body = client.get(f"/api/v1/articles/{article['id']}", headers=editor).json()
        mine = next(s for s in segments_of(body) if s["id"] == segment["id"])
        return [f["code"] for f in mine["qa"]]

    assert "numbers_changed" in codes()
    fixed = client.put(
        url, headers=editor, json={"target": "Bentrokan berlangsung selama 3,5 jam.", "version": 2}
    )
    assert fixed.status_code == 200
    assert "numbers_changed" not in codes()
