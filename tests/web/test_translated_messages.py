"""Findings, pipeline failures and MT notes in the reader's language: rebuilt from the
params a finding stores, or from the failure reason's known wording; stored English when
neither works."""

import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.web import i18n
from api.web.messages import failure_message, finding_message, mt_note_message
from core.db import get_engine
from core.models import Finding, Role, Segment
from core.qa import check_segment
from core.review import save_segment
from tests.support import Stack
from tests.web.conftest import WebUser
from tests.web.factories import article_row, article_with_segments

ID = i18n.translations("id").gettext
EN = i18n.translations("en").gettext


def finding(code: str, message: str, params: dict | None) -> SimpleNamespace:
    return SimpleNamespace(code=code, message=message, params=params)


def indonesian(source: str, target: str, language: str) -> list[str]:
    """Each QA finding on the pair, as the Indonesian desk reads it."""
    return [
        finding_message(finding(i.code, i.message, i.params), ID, "id")
        for i in check_segment(source, target, language)
    ]


# --- rebuilt messages, no server -------------------------------------------------------------


def test_english_readers_get_the_checks_own_words() -> None:
    cases = [
        (
            "Bakan Yerlikaya, Hatay'da 45 kişinin gözaltına alındığını açıkladı.",
            " Menteri  mengumumkan mengumumkan 46 orang ditahan.",
            "tr",
        ),
        ("Inflation rose to 3.5% in 2023.", "Inflasi naik menjadi 3.5% pada 2023.", "en"),
        (
            "The president said the talks would continue next week in the capital.",
            "Presiden berkata.",
            "en",
        ),
        ("The talks ended.", "The talks ended and the president said that they would go on.", "en"),
    ]
    for source, target, language in cases:
        for issue in check_segment(source, target, language):
            rebuilt = finding_message(finding(issue.code, issue.message, issue.params), EN)
            assert rebuilt == issue.message


def test_qa_findings_read_in_indonesian() -> None:
    numbers, dropped, repeated, spacing = indonesian(
        "Bakan Yerlikaya, Hatay'da 45 kişinin gözaltına alındığını açıkladı.",
        " Menteri  mengumumkan mengumumkan 46 orang ditahan.",
        "tr",
    )
    assert numbers == 'Sumber memuat "45", tetapi terjemahan memuat "46".'
    assert (
        dropped == 'Nama-nama "Yerlikaya" dan "Hatay" dari sumber tidak ditemukan dalam terjemahan.'
    )
    assert repeated == 'Terjemahan mengulang "mengumumkan" dua kali berturut-turut.'
    assert spacing == 'Terjemahan diawali spasi dan memuat spasi ganda setelah "Menteri".'
    [hint] = indonesian(
        "Inflation rose to 3.5% in 2023.", "Inflasi naik menjadi 3.5% pada 2023.", "en"
    )
    assert hint == (
        'Angka ditulis dengan gaya bahasa Inggris: dalam bahasa Indonesia tulis "3,5", bukan "3.5".'
    )
    [long] = indonesian(
        "Çatışmalar saatlerce sürdü.",
        "Bentrokan berlangsung berjam-jam lamanya, sangat lama, dan terus berlanjut hingga malam.",
        "tr",
    )
    assert re.fullmatch(  # 3,3 in Indonesian, not 3.3
        r"Terjemahan \d,\d kali lebih panjang dari sumbernya, jadi mungkin ada teks tambahan "
        r"atau berulang\.",
        long,
    )


def test_glossary_and_draft_findings_read_in_indonesian() -> None:
    term = finding(
        "glossary_missing",
        "“ateşkes” should be translated as “gencatan senjata”.",
        {"source": "ateşkes", "target": "gencatan senjata", "note": "", "kind": "term"},
    )
    assert finding_message(term, ID, "id") == (
        "“ateşkes” seharusnya diterjemahkan menjadi “gencatan senjata”."
    )
    forbidden = finding(
        "glossary_forbidden",
        "“kerajaan” must not be used in Warta's Indonesian (Malaysian Malay).",
        {"source": "hükümet", "target": "kerajaan", "note": "Malaysian Malay", "kind": "forbidden"},
    )
    assert finding_message(forbidden, ID, "id") == (
        "“kerajaan” tidak boleh dipakai dalam bahasa Indonesia Warta (Malaysian Malay)."
    )
    draft = finding("repeated_phrase", "…", {"phrase": "di Ankara"})
    assert finding_message(draft, ID, "id") == (
        "Draf mesin mengulang “di Ankara”, padahal sumbernya tidak."
    )


def test_without_usable_params_the_stored_english_is_shown() -> None:
    old = finding("names_dropped", 'The source name "Yalova" cannot be found in the target.', None)
    assert finding_message(old, ID, "id") == old.message
    odd = finding("names_dropped", "stored", {"unexpected": 1})
    assert finding_message(odd, ID, "id") == "stored"
    unknown = finding("a_new_check", "Something new.", {"x": 1})
    assert finding_message(unknown, ID, "id") == "Something new."


def test_failure_reasons_and_mt_notes_read_in_indonesian() -> None:
    assert (
        failure_message("http_error", "The source site answered HTTP 404 (Not Found).", ID)
        == "Situs sumber menjawab dengan HTTP 404 (Not Found)."
    )
    assert failure_message(
        "unsupported_language",
        "The article appears to be in German (de); Warta translates English and Turkish. "
        "If the detection is wrong, an editor can set the language.",
        ID,
    ).startswith("Artikel ini tampaknya berbahasa Jerman (de); Warta hanya menerjemahkan")
    assert (
        failure_message(
            "stage_timeout", "The translate stage took longer than 300 s and was stopped.", ID
        )
        == "Tahap translate berjalan lebih dari 300 detik dan dihentikan."
    )
    # Worded some other way (an older worker): as stored, never blank.
    assert failure_message("http_error", "The server answered 404 Not Found.", ID) == (
        "The server answered 404 Not Found."
    )
    assert failure_message(None, None, ID) == ""
    note = (
        "No machine translation model is installed for tr→id; translators start from the "
        "source text. An operator can install one (warta models install tr id) and retry the "
        "article."
    )
    assert mt_note_message(note, ID).startswith("Belum ada model terjemahan mesin untuk tr→id;")
    assert mt_note_message(note, EN) == note
    assert mt_note_message("en → id", ID) == "en → id"


# --- through the app -------------------------------------------------------------------------


@pytest.mark.integration
def test_the_indonesian_desk_reads_findings_and_failures_in_indonesian(
    stack: Stack, signed_in: Callable[[WebUser], TestClient], web_user
) -> None:
    source = "The ship sank in the Sea of Marmara near Yalova."
    made = article_with_segments(
        stack.database_url, [[(source, "Kapal itu tenggelam di Laut Marmara.")]]
    )
    [issue] = check_segment(source, "Kapal itu tenggelam di Laut Marmara.", "en")
    with Session(get_engine(stack.database_url)) as session:
        session.add(
            Finding(
                segment_id=made.segment_ids[0],
                article_id=made.article_id,
                code=issue.code,
                message=issue.message,
                params=issue.params,
            )
        )
        session.commit()
    translator = signed_in(web_user(Role.TRANSLATOR, locale="id"))
    page = translator.get(f"/articles/{made.article_id}").text
    assert "Nama &#34;Yalova&#34; dari sumber tidak ditemukan dalam terjemahan." in page
    assert "cannot be found" not in page
    failed = article_row(
        stack.database_url,
        "failed",
        failure_code="http_error",
        failure_reason="The source site answered HTTP 410 (Gone).",
        failed_stage="fetching",
    )
    editor = signed_in(web_user(Role.EDITOR, locale="id"))
    row = editor.get(f"/dashboard/articles/{failed}", headers={"HX-Request": "true"}).text
    assert "Situs sumber menjawab dengan HTTP 410 (Gone)." in row
    assert "answered" not in row


@pytest.mark.integration
def test_a_save_stores_the_params_the_desk_translates_from(stack: Stack, web_user) -> None:
    made = article_with_segments(stack.database_url, [[("Talks in Ankara ended.", "")]])
    translator = web_user(Role.TRANSLATOR)
    with Session(get_engine(stack.database_url)) as session:
        segment = session.get(Segment, made.segment_ids[0])
        save_segment(
            session=session,
            segment=segment,
            target="Pembicaraan itu berakhir.",
            version=segment.version,
            user_id=translator.id,
        )
        [stored] = session.exec(select(Finding).where(Finding.segment_id == segment.id)).all()
    assert stored.code == "names_dropped" and stored.params == {"names": ["Ankara"]}
