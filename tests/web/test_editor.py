"""The review editor's pages and forms through the real app: saves, conflicts, findings,
comments, suggestions, decisions, history and effort, CSRF on every form, and article
or user text always shown as text."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.db import get_engine
from core.models import (
    Article,
    Finding,
    Role,
    Segment,
    SegmentState,
    SegmentVersion,
    User,
)
from core.review import assign
from core.states import ArticleState
from tests.support import Stack
from tests.web.conftest import WebUser, add_web_user, csrf_of
from tests.web.factories import (
    CEASEFIRE,
    MINISTRY,
    TITLE,
    Made,
    article_with_segments,
    hit,
)

pytestmark = pytest.mark.integration

XSS = "<img src=x onerror=alert(1)> <script>alert(1)</script>"


@pytest.fixture
def article(stack: Stack) -> Made:
    return article_with_segments(
        stack.database_url,
        [
            [(MINISTRY, "[id] " + MINISTRY)],
            [(CEASEFIRE, "Prancis dan Rusia menyerukan gencatan senjata segera pada hari Kamis.")],
        ],
        glossary={
            0: [hit(9001, MINISTRY, "Ministry of Defense", "Kementerian Pertahanan")],
            1: [hit(9002, CEASEFIRE, "ceasefire", "gencatan senjata", satisfied=True)],
        },
        findings=[(0, "glossary_missing", "“Ministry of Defense” should be translated.")],
    )


@pytest.fixture
def translator(stack: Stack, signed_in) -> tuple[WebUser, TestClient]:
    user = add_web_user(stack.database_url, Role.TRANSLATOR)
    return user, signed_in(user)


def htmx(client: TestClient) -> dict[str, str]:
    return {"HX-Request": "true", "X-CSRF-Token": csrf_of(client)}


def save(client: TestClient, segment_id: int, target: str, version: int, active_ms: int = 0, **kw):
    return client.post(
        f"/segments/{segment_id}",
        data={"target": target, "version": version, "active_ms": active_ms},
        headers=htmx(client),
        **kw,
    )


def db(stack: Stack) -> Session:
    return Session(get_engine(stack.database_url), expire_on_commit=False)


def textarea_of(html: str, segment_id: int) -> str:
    match = re.search(rf'id="target-{segment_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea for segment {segment_id}"
    return match.group(1)


# --- the page ------------------------------------------------------------------------------


def test_the_editor_shows_source_beside_draft_with_glossary_marks_and_findings(
    article: Made, translator
) -> None:
    _, client = translator
    page = client.get(f"/articles/{article.article_id}")
    assert page.status_code == 200
    html = page.text
    first = article.segment_ids[0]
    assert 'src="/static/editor.js"' in html and 'href="/static/editor.css"' in html
    assert textarea_of(html, first) == "[id] " + MINISTRY
    # The source split around the hit; the mark names the required Indonesian term.
    assert (
        'The <mark class="term missing" title="translate as: Kementerian Pertahanan">'
        "Ministry of Defense</mark> said the clashes" in html
    )
    assert '<mark class="term ok" title="translate as: gencatan senjata">ceasefire</mark>' in html
    assert '<strong lang="id">Kementerian Pertahanan</strong>' in html
    assert "Glossary term missing" in html and "should be translated." in html
    # Actions: claim (unassigned), approve, reject, effort, keyboard help.
    assert f'action="/articles/{article.article_id}/claim"' in html
    assert f'name="next" value="/articles/{article.article_id}"' in html
    assert f'hx-post="/articles/{article.article_id}/approve"' in html
    assert f'href="/articles/{article.article_id}/effort.csv"' in html
    assert "<kbd>Ctrl</kbd>+<kbd>Enter</kbd>" in html
    # Suggestions load lazily, when the segment gets focus.
    assert (
        f'hx-get="/segments/{first}/suggestions" hx-trigger="focusin from:#segment-{first} once"'
        in html
    )
    # Every form that changes something carries the CSRF token; searches (GET) do not
    # put it in their address.
    forms = re.findall(r"<form\b.*?</form>", html, re.S)
    posts = [form for form in forms if 'method="get"' not in form.split(">", 1)[0]]
    assert len(posts) >= 6
    assert all('name="csrf_token"' in form for form in posts)


@pytest.mark.parametrize(
    ("locale", "label", "first"), [("en", "Headline", "Paragraph 1"), ("id", "Judul", "Paragraf 1")]
)
def test_the_headline_comes_first_labelled_then_the_numbered_body(
    stack: Stack, signed_in, locale: str, label: str, first: str
) -> None:
    made = article_with_segments(
        stack.database_url,
        [[(MINISTRY, "[id] " + MINISTRY)], [(CEASEFIRE, "[id] " + CEASEFIRE)]],
        headline="[id] " + TITLE,
    )
    headline, body, _ = made.segment_ids
    client = signed_in(add_web_user(stack.database_url, Role.TRANSLATOR, locale))
    html = client.get(f"/articles/{made.article_id}").text
    sections = re.findall(r'<section class="paragraph[^"]*"[^>]*>', html)
    assert sections[0] == '<section class="paragraph headline" aria-labelledby="headline-label">'
    assert sections[1:] == [
        f'<section class="paragraph" aria-label="{first}">',
        f'<section class="paragraph" aria-label="{first[:-1]}2">',
    ]
    assert f'<h2 class="paragraph-label" id="headline-label">{label}</h2>' in html
    assert html.index("headline-label") < html.index(f'id="target-{headline}"')
    assert html.index(f'id="target-{headline}"') < html.index(f'id="target-{body}"')
    assert textarea_of(html, headline) == "[id] " + TITLE
    # History and effort count the headline like any segment.
    history = client.get(f"/articles/{made.article_id}/history").text
    assert history.index(f'id="segment-{headline}"') < history.index(f'id="segment-{body}"')
    effort = client.get(f"/articles/{made.article_id}/effort.csv").text.splitlines()
    assert [line.split(",")[0] for line in effort[1:]] == [str(i) for i in made.segment_ids]


def test_the_no_machine_translation_notice_shows_only_while_there_is_work(
    stack: Stack, translator
) -> None:
    _, client = translator
    ids = {}
    for state in (ArticleState.IN_REVIEW, ArticleState.APPROVED):
        ids[state] = article_with_segments(stack.database_url, [[(MINISTRY, "")]], state=state)
        with Session(get_engine(stack.database_url)) as session:
            row = session.get(Article, ids[state].article_id)
            row.mt_engine, row.mt_note = "none", "No model for tr → id is installed."
            session.commit()
    working = client.get(f"/articles/{ids[ArticleState.IN_REVIEW].article_id}").text
    assert "No machine translation" in working and "No model for tr → id" in working
    done = client.get(f"/articles/{ids[ArticleState.APPROVED].article_id}").text
    assert "No machine translation" not in done


def test_a_missing_article_or_segment_is_a_404_page(translator) -> None:
    _, client = translator
    missing = client.get("/articles/987654")
    assert missing.status_code == 404 and "There is no article 987654." in missing.text
    assert client.get("/segments/987654").status_code == 404
    assert client.get("/articles/987654/effort.csv").status_code == 404


def test_article_and_user_text_is_shown_as_text(stack: Stack, translator) -> None:
    _, client = translator
    source = f"The page showed {XSS} instead of the Ministry of Defense photo."
    made = article_with_segments(
        stack.database_url,
        [[(source, f"[id] {source}")]],
        title=f"Markup {XSS}",
        glossary={0: [hit(9001, source, "Ministry of Defense", f"Kementerian {XSS}")]},
        findings=[(0, "names_dropped", f"The name {XSS} is missing.")],
    )
    [segment_id] = made.segment_ids
    with db(stack) as session:
        finding = session.exec(select(Finding).where(Finding.segment_id == segment_id)).one()
    dismissed = client.post(
        f"/segments/{segment_id}/findings/{finding.id}/dismiss",
        data={"note": XSS},
        headers=htmx(client),
    )
    assert dismissed.status_code == 200
    commented = client.post(
        f"/segments/{segment_id}/comments", data={"body": XSS}, headers=htmx(client)
    )
    assert commented.status_code == 200
    pages = [
        client.get(f"/articles/{made.article_id}").text,
        client.get(f"/articles/{made.article_id}/history").text,
        save(client, segment_id, f"Teks {XSS}", 1).text,
        save(client, segment_id, "stale", 1).text,  # the conflict view shows both texts
    ]
    for html in pages:
        assert "<img" not in html and "<script>alert" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- saving ----------------------------------------------------------------------------------


def test_a_save_answers_the_segment_with_its_new_version_and_findings(
    article: Made, stack: Stack, translator
) -> None:
    user, client = translator
    first = article.segment_ids[0]
    text = "Kementerian Pertahanan mengatakan bentrokan berlangsung selama 35 jam pada hari Jumat."
    saved = save(client, first, text, 1, active_ms=4200)
    assert saved.status_code == 200
    html = saved.text
    assert html.startswith(f'<div class="segment seg-edited" id="segment-{first}"')
    assert 'name="version" value="2"' in html and "version 2" in html
    assert textarea_of(html, first) == text
    assert "Numbers changed" in html and "3.5" in html  # QA ran on the save
    # The glossary check runs in the worker: the findings fetch themselves again, a few times.
    assert f'hx-get="/segments/{first}/findings?poll=4" hx-trigger="load delay:1500ms"' in html
    # The effort line follows the save, out of band.
    assert '<p class="effort-line" id="effort" hx-swap-oob="true">' in html
    with db(stack) as session:
        segment = session.get(Segment, first)
        [version] = session.exec(
            select(SegmentVersion).where(SegmentVersion.segment_id == first)
        ).all()
    assert (segment.version, segment.target, segment.origin) == (2, text, "human")
    assert (version.version, version.user_id, version.active_ms) == (2, user.id, 4200)

    refreshed = client.get(f"/segments/{first}/findings", params={"poll": 1})
    assert refreshed.status_code == 200
    assert f'hx-get="/segments/{first}/findings?poll=0" hx-trigger="load delay:5500ms"' in (
        refreshed.text
    )
    assert f'<div class="src" id="src-{first}" lang="en" hx-swap-oob="true">' in refreshed.text
    last = client.get(f"/segments/{first}/findings", params={"poll": 0}).text
    assert "hx-get" not in last and "Numbers changed" in last


def test_a_plain_form_save_redirects_back_to_the_segment(article: Made, translator) -> None:
    _, client = translator
    first = article.segment_ids[0]
    saved = client.post(
        f"/segments/{first}",
        data={"target": "Teks.", "version": 1, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/articles/{article.article_id}#segment-{first}"


def test_a_stale_save_gets_409_with_both_texts_and_keep_mine_loses_nothing(
    article: Made, stack: Stack, translator, signed_in
) -> None:
    sinta, sinta_client = translator
    budi = add_web_user(stack.database_url, Role.EDITOR)
    budi_client = signed_in(budi)
    first = article.segment_ids[0]
    theirs = "Kementerian Pertahanan: bentrokan berlangsung 3,5 jam."
    mine = "Kementerian Pertahanan menyatakan bentrokan berlangsung selama 3,5 jam."
    assert save(budi_client, first, theirs, 1).status_code == 200
    # Budi's save claimed the article; he hands it to Sinta, whose page still shows v1.
    with db(stack) as session:
        assign(
            session=session,
            article=session.get(Article, article.article_id),
            assignee=session.get(User, sinta.id),
            by=session.get(User, budi.id),
        )

    clash = save(sinta_client, first, mine, 1)
    assert clash.status_code == 409
    html = clash.text
    assert "Someone saved this segment first." in html
    assert f"{budi.name} saved version 2" in html
    assert f'<div class="their-text" lang="id" aria-readonly="true">{theirs}</div>' in html
    assert textarea_of(html, first) == mine  # still editable, not lost
    assert 'name="version" value="2"' in html  # "keep mine" saves on top of theirs
    assert "Keep mine" in html and f'hx-get="/segments/{first}"' in html

    use_theirs = sinta_client.get(f"/segments/{first}")
    assert use_theirs.status_code == 200 and textarea_of(use_theirs.text, first) == theirs

    kept = save(sinta_client, first, mine, 2)
    assert kept.status_code == 200 and textarea_of(kept.text, first) == mine
    with db(stack) as session:
        versions = session.exec(
            select(SegmentVersion.target, SegmentVersion.user_id)
            .where(SegmentVersion.segment_id == first)
            .order_by(SegmentVersion.version)
        ).all()
    assert versions == [(theirs, budi.id), (mine, sinta.id)]
    history = sinta_client.get(f"/articles/{article.article_id}/history").text
    assert "<ins>" in history and "<del>" in history
    assert budi.name in history and sinta.name in history


def test_without_htmx_a_stale_save_gets_the_conflict_in_a_whole_page(
    article: Made, translator
) -> None:
    _, client = translator
    first = article.segment_ids[0]
    assert save(client, first, "Teks pertama.", 1).status_code == 200
    clash = client.post(
        f"/segments/{first}",
        data={"target": "Teks kedua.", "version": 1, "csrf_token": csrf_of(client)},
    )
    assert clash.status_code == 409
    assert "<html" in clash.text and f'href="/articles/{article.article_id}"' in clash.text
    assert "Teks pertama." in clash.text and textarea_of(clash.text, first) == "Teks kedua."
    assert f'action="/segments/{first}"' in clash.text  # "keep mine" works as a plain form too


def test_a_save_after_the_article_left_review_keeps_the_text_on_screen(
    stack: Stack, translator
) -> None:
    _, client = translator
    made = article_with_segments(
        stack.database_url,
        [[("Officials met on Monday.", "Para pejabat bertemu pada hari Senin.")]],
        state=ArticleState.APPROVED,
        segment_state=SegmentState.APPROVED,
    )
    [segment_id] = made.segment_ids
    page = client.get(f"/articles/{made.article_id}").text
    assert "readonly" in page and "Approve article" not in page and "Claim" not in page
    assert "decision-bar" not in page and "/dismiss" not in page
    refused = save(client, segment_id, "Teks baru saya.", 1)
    assert refused.status_code == 409
    assert "your text was not saved" in refused.text
    assert textarea_of(refused.text, segment_id) == "Teks baru saya."


def test_a_claimed_article_is_read_only_to_others_until_an_editor_takes_it_over(
    article: Made, stack: Stack, translator, signed_in
) -> None:
    sinta, sinta_client = translator
    budi = add_web_user(stack.database_url, Role.TRANSLATOR)
    eda = add_web_user(stack.database_url, Role.EDITOR)
    budi_client, eda_client = signed_in(budi), signed_in(eda)
    first = article.segment_ids[0]
    assert save(sinta_client, first, "Teks Sinta.", 1).status_code == 200  # claims it

    page = budi_client.get(f"/articles/{article.article_id}").text
    assert f"Read-only: claimed by {sinta.name}" in page
    assert f'id="target-{first}"' in page and "readonly" in textarea_tag(page, first)
    assert "Approve article" not in page and "/dismiss" not in page
    assert f'action="/articles/{article.article_id}/claim"' not in page
    assert "take-over" not in page  # a translator cannot take over
    refused = save(budi_client, first, "Teks Budi.", 2)
    assert refused.status_code == 409
    assert f"{sinta.name} has claimed this article, so your text was not saved" in refused.text
    assert textarea_of(refused.text, first) == "Teks Budi."

    # The holder's own page is editable; an editor's offers the takeover.
    assert "readonly" not in textarea_tag(
        sinta_client.get(f"/articles/{article.article_id}").text, first
    )
    editor_page = eda_client.get(f"/articles/{article.article_id}").text
    assert f'action="/articles/{article.article_id}/take-over"' in editor_page
    taken = eda_client.post(
        f"/articles/{article.article_id}/take-over",
        data={"csrf_token": csrf_of(eda_client)},
        follow_redirects=False,
    )
    assert taken.status_code == 303
    assert taken.headers["location"] == f"/articles/{article.article_id}"
    page = eda_client.get(f"/articles/{article.article_id}").text
    assert "Read-only" not in page and "readonly" not in textarea_tag(page, first)
    assert save(eda_client, first, "Teks Eda.", 2).status_code == 200
    assert save(sinta_client, first, "Teks Sinta lagi.", 3).status_code == 409


def textarea_tag(html: str, segment_id: int) -> str:
    match = re.search(rf'<textarea[^>]*id="target-{segment_id}"[^>]*>', html)
    assert match, f"no textarea for segment {segment_id}"
    return match.group(0)


def test_every_editor_form_needs_the_csrf_token(article: Made, stack: Stack, translator) -> None:
    _, client = translator
    first = article.segment_ids[0]
    with db(stack) as session:
        finding = session.exec(select(Finding).where(Finding.segment_id == first)).one()
    forms = {
        f"/segments/{first}": {"target": "x", "version": 1},
        f"/segments/{first}/findings/{finding.id}/dismiss": {"note": "x"},
        f"/segments/{first}/comments": {"body": "x"},
        f"/articles/{article.article_id}/approve": {},
        f"/articles/{article.article_id}/reject": {"note": "x"},
    }
    for url, data in forms.items():
        forged = client.post(url, data=data, headers={"HX-Request": "true"})
        assert forged.status_code == 403, url
        wrong = client.post(url, data={**data, "csrf_token": "guess"})
        assert wrong.status_code == 403, url
    with db(stack) as session:
        assert session.get(Segment, first).version == 1
        assert session.get(Finding, finding.id).dismissed_at is None
        assert session.get(Article, article.article_id).state == ArticleState.IN_REVIEW


# --- findings, comments, suggestions -------------------------------------------------------


def test_dismissing_a_finding_shows_who_when_and_why(
    article: Made, stack: Stack, translator
) -> None:
    user, client = translator
    first = article.segment_ids[0]
    with db(stack) as session:
        finding = session.exec(select(Finding).where(Finding.segment_id == first)).one()
    dismissed = client.post(
        f"/segments/{first}/findings/{finding.id}/dismiss",
        data={"note": "House style keeps Kemhan."},
        headers=htmx(client),
    )
    assert dismissed.status_code == 200
    html = dismissed.text
    assert html.startswith(f'<div class="findings" id="findings-{first}"')
    assert f"Dismissed by {user.name}," in html and "House style keeps Kemhan." in html
    assert "/dismiss" not in html  # nothing left to dismiss
    with db(stack) as session:
        stored = session.get(Finding, finding.id)
    assert stored.dismissed_by_id == user.id and stored.dismiss_note == "House style keeps Kemhan."
    wrong = client.post(
        f"/segments/{article.segment_ids[1]}/findings/{finding.id}/dismiss",
        data={"note": ""},
        headers=htmx(client),
    )
    assert wrong.status_code == 404


def test_comments_are_listed_and_an_empty_one_is_refused(article: Made, translator) -> None:
    user, client = translator
    first = article.segment_ids[0]
    empty = client.post(f"/segments/{first}/comments", data={"body": "  "}, headers=htmx(client))
    assert empty.status_code == 422 and "Write a comment" in empty.text
    posted = client.post(
        f"/segments/{first}/comments",
        data={"body": "Cek nama wilayah: Ağdere = Aghdara."},
        headers=htmx(client),
    )
    assert posted.status_code == 200
    assert "Comments (1)" in posted.text and "Ağdere = Aghdara." in posted.text
    assert user.name in posted.text
    page = client.get(f"/articles/{article.article_id}").text
    assert "Cek nama wilayah: Ağdere = Aghdara." in page


def test_suggestions_show_fuzzy_matches_with_their_percentage(stack: Stack, translator) -> None:
    _, client = translator
    approved = "The governor of Zeytinburnu opened the new harbour bridge on Sunday."
    article_with_segments(
        stack.database_url,
        [[(approved, "Gubernur Zeytinburnu membuka jembatan pelabuhan baru pada hari Minggu.")]],
        state=ArticleState.APPROVED,
        segment_state=SegmentState.APPROVED,
    )
    near = article_with_segments(
        stack.database_url,
        [[(approved.replace("Sunday", "Monday"), "")], [("Unrelated words entirely.", "")]],
    )
    found = client.get(f"/segments/{near.segment_ids[0]}/suggestions")
    assert found.status_code == 200
    assert "Gubernur Zeytinburnu membuka jembatan pelabuhan baru pada hari Minggu." in found.text
    percent = int(re.search(r'<span class="match">(\d+)%</span>', found.text).group(1))
    assert 80 <= percent < 100
    assert "data-use-suggestion=" in found.text
    none = client.get(f"/segments/{near.segment_ids[1]}/suggestions")
    assert "No translation-memory matches." in none.text


# --- decisions -------------------------------------------------------------------------------


def test_approve_lists_what_blocks_it_then_approves(stack: Stack, translator, signed_in) -> None:
    _, client = translator
    made = article_with_segments(
        stack.database_url,
        [[("Talks resumed in Vienna.", "Perundingan dilanjutkan di Wina."), ("Aid arrived.", "")]],
        findings=[(0, "spacing", "Two spaces in a row.")],
    )
    drafted, empty = made.segment_ids
    url = f"/articles/{made.article_id}/approve"
    blocked = client.post(url, headers=htmx(client))
    assert blocked.status_code == 409
    html = blocked.text
    assert "Not ready to approve yet." in html
    assert f'data-focus-segment="{empty}">Aid arrived.</a>' in html
    assert f'data-focus-segment="{drafted}">Spacing</a>: Two spaces in a row.' in html

    assert save(client, empty, "Bantuan tiba.", 1).status_code == 200
    with db(stack) as session:
        for finding in session.exec(
            select(Finding).where(Finding.article_id == made.article_id)
        ).all():
            response = client.post(
                f"/segments/{finding.segment_id}/findings/{finding.id}/dismiss",
                data={"note": "ok"},
                headers=htmx(client),
            )
            assert response.status_code == 200
    approved = client.post(url, headers=htmx(client))
    assert approved.status_code == 200
    assert approved.headers["HX-Redirect"] == f"/articles/{made.article_id}"
    # An editor opening the article sees it approved, read-only.
    editor = signed_in(add_web_user(stack.database_url, Role.EDITOR))
    page = editor.get(f"/articles/{made.article_id}").text
    assert '<span class="state state-approved">approved</span>' in page
    assert "Approve article" not in page
    again = client.post(url, data={"csrf_token": csrf_of(client)}, follow_redirects=False)
    assert again.status_code == 409 and "The article is now" in again.text
    assert "<html" in again.text  # a plain form post gets the whole page


def test_reject_needs_a_note_and_sends_the_article_back(
    article: Made, stack: Stack, translator
) -> None:
    _, client = translator
    url = f"/articles/{article.article_id}/reject"
    missing = client.post(url, data={"note": " "}, headers=htmx(client))
    assert missing.status_code == 422 and "Write a note" in missing.text
    rejected = client.post(
        url, data={"note": "Wrong story: this is last year's."}, headers=htmx(client)
    )
    assert rejected.status_code == 200
    assert rejected.headers["HX-Redirect"] == f"/articles/{article.article_id}"
    page = client.get(f"/articles/{article.article_id}").text
    assert "state-rejected" in page and "Wrong story: this is last year&#39;s." in page
    with db(stack) as session:
        assert session.get(Article, article.article_id).state == ArticleState.REJECTED


# --- history and effort -------------------------------------------------------------------


def test_history_shows_each_version_with_a_word_diff(stack: Stack, translator) -> None:
    user, client = translator
    made = article_with_segments(
        stack.database_url, [[("The army said on Friday.", "[id] The army said on Friday.")]]
    )
    [segment_id] = made.segment_ids
    assert save(client, segment_id, "Tentara mengatakan.", 1, active_ms=3000).status_code == 200
    assert save(client, segment_id, "Tentara mengatakan pada Jumat.", 2).status_code == 200
    html = client.get(f"/articles/{made.article_id}/history").text
    assert html.count('class="version"') == 3
    assert '<p class="diff" lang="id">[id] The army said on Friday.</p>' in html
    assert "<del>[id] The army said on Friday.</del> <ins>Tentara mengatakan.</ins>" in html
    assert "<span>Tentara</span> <del>mengatakan.</del> <ins>mengatakan pada Jumat.</ins>" in html
    assert "active for 3.0 s" in html and user.name in html


def test_effort_is_summarised_on_the_page_and_downloadable_as_csv(stack: Stack, translator) -> None:
    _, client = translator
    made = article_with_segments(
        stack.database_url,
        [[("One.", "Satu."), ("Two.", "Dua."), ("Three.", "")]],
    )
    one, _two, three = made.segment_ids
    assert save(client, one, "Satu!", 1, active_ms=2500).status_code == 200
    assert save(client, three, "Tiga.", 1, active_ms=1500).status_code == 200
    page = client.get(f"/articles/{made.article_id}").text
    effort = re.search(r'<p class="effort-line".*?</p>', page, re.S).group(0)
    assert "6 characters changed" in effort  # "." → "!" and "Tiga." typed from nothing
    assert "(10% on average)" in effort  # 1 of 5 characters, and none
    assert "4.0 s of active editing" in effort and "1 of 2 drafts untouched" in effort
    csv_file = client.get(f"/articles/{made.article_id}/effort.csv")
    assert csv_file.status_code == 200
    assert csv_file.headers["content-type"].startswith("text/csv")
    lines = csv_file.text.splitlines()
    assert lines[0] == "segment_id,had_draft,edit_distance,edit_ratio,active_seconds,untouched"
    assert lines[1:] == [
        f"{one},True,1,0.2,2.5,False",
        f"{_two},True,0,0.0,0.0,True",
        f"{three},False,5,1.0,1.5,False",
    ]


def test_a_signed_out_browser_gets_the_sign_in_form(article: Made, client: TestClient) -> None:
    fresh = TestClient(client.app)
    response = fresh.get(f"/articles/{article.article_id}")
    assert response.status_code == 401 and 'action="/login"' in response.text


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0.0 s"), (4.25, "4.2 s"), (59.9, "59.9 s"), (125, "2 min 05 s"), (3780, "1 h 03 min")],
)
def test_editing_time_reads_naturally(seconds: float, shown: str) -> None:
    from api.web.editor_view import duration

    assert duration(seconds) == shown
