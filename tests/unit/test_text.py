"""Text made XML-safe where it enters Warta (issue 11: a pasted vertical tab broke feeds)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from api.schemas import CommentIn, GlossaryEntryIn, RejectNote, SegmentSave
from api.syndication_schemas import KillIn, PublishIn, ReopenIn
from core.text import xml_safe
from glossary.io import GlossaryImportError, read_csv
from worker.extract import ExtractedArticle
from worker.repair import decode_html, repair_extracted, repair_text

# What XML 1.0 forbids, what it discourages (DEL, C1), and what must stay.
FORBIDDEN = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
FORBIDDEN += ["\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff"]
NONCHARACTERS = ["\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]
C1 = [chr(c) for c in range(0x7F, 0xA0)]
SEPARATORS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"]
KEPT = "\t\n\r Ayşe 😀 𝔘𝔫𝔦 \U0010fffd \u200f\u202eعربى\u202c \u2028 \ufdcf \ufffd \xa0 \xad"

# Any Unicode string, with the troublesome characters drawn often (hypothesis's default
# alphabet leaves out surrogates and rarely picks a control character).
any_text = st.text(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(FORBIDDEN + C1 + NONCHARACTERS + list(KEPT)),
    )
)


def xml_accepts(text: str) -> bool:
    try:
        etree.Element("a").text = text
        etree.fromstring(etree.tostring(etree.Element("a", b=text)))
    except ValueError:
        return False
    return True


@given(any_text)
def test_any_text_made_xml_safe_is_accepted_by_lxml_and_cleaning_is_idempotent(s: str) -> None:
    cleaned = xml_safe(s)
    assert xml_accepts(cleaned)
    assert xml_safe(cleaned) == cleaned
    # Nothing is added except the spaces that stand for separators.
    assert len(cleaned) <= len(s)


def noncharacter(char: str) -> bool:
    return 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE


valid_text = st.text(
    st.characters(exclude_categories=("Cc", "Cs")).filter(lambda c: not noncharacter(c))
    | st.sampled_from("\t\n\r")
)


@given(valid_text)
def test_valid_text_comes_back_unchanged(s: str) -> None:
    assert xml_safe(s) is s


def test_what_is_kept() -> None:
    assert xml_safe(KEPT) is KEPT
    assert xml_accepts(KEPT)


@pytest.mark.parametrize("char", FORBIDDEN)
def test_each_character_xml_forbids_is_cleaned(char: str) -> None:
    assert not xml_accepts(f"a{char}b")
    assert xml_safe(f"a{char}b") in ("ab", "a b")


@pytest.mark.parametrize("char", C1)
def test_del_and_c1_controls_are_cleaned_too(char: str) -> None:
    assert xml_safe(f"a{char}b") in ("ab", "a b")


@pytest.mark.parametrize("char", NONCHARACTERS)
def test_noncharacters_are_cleaned(char: str) -> None:
    # XML 1.0 discourages them and feed validators flag them; no text needs them.
    assert xml_safe(f"a{char}b") == "ab"


@pytest.mark.parametrize("char", SEPARATORS)
def test_separators_become_spaces_so_words_are_not_glued(char: str) -> None:
    # Word pastes a vertical tab for Shift+Enter and a form feed for a page break.
    assert xml_safe(f"kata{char}kata") == "kata kata"


def test_keep_c1_leaves_mojibake_bytes_for_repair() -> None:
    assert xml_safe("Ã\x81\x00\x0b", keep_c1=True) == "Ã\x81 "
    assert xml_safe("a\x85b", keep_c1=True) == "a\x85b"


# --- the API's input models -----------------------------------------------------------

DIRTY = "Tentara\x0bmaju\x00 ke\x0cbukit\ufffe."
CLEAN = "Tentara maju ke bukit."


def test_review_inputs_are_cleaned() -> None:
    assert SegmentSave(target=DIRTY, version=1).target == CLEAN
    assert RejectNote(note=DIRTY).note == CLEAN
    assert CommentIn(body=DIRTY).body == CLEAN


def test_publishing_inputs_are_cleaned() -> None:
    published = PublishIn(headline=DIRTY, correction_note=DIRTY)
    assert (published.headline, published.correction_note) == (CLEAN, CLEAN)
    assert PublishIn().headline is None
    assert KillIn(reason=DIRTY).reason == CLEAN
    assert ReopenIn(note=DIRTY).note == CLEAN


@pytest.mark.parametrize(
    "make",
    [
        lambda: KillIn(reason="\x00\x01"),
        lambda: CommentIn(body="\x00"),
        lambda: CommentIn(body=" \x0b "),
        lambda: RejectNote(note="\ufffe"),
    ],
)
def test_text_of_control_characters_alone_is_empty(make) -> None:
    with pytest.raises(ValueError):
        make()


def test_length_limits_keep_their_usual_message() -> None:
    with pytest.raises(ValueError, match="at most 300 characters"):
        PublishIn(headline="x" * 301)


def test_glossary_input_is_cleaned() -> None:
    entry = GlossaryEntryIn(forms={"en": ["cease\x0bfire\x00"], "id": ["gencatan"]}, note="a\x07")
    assert entry.forms.en == ["cease fire"] and entry.note == "a"


# --- text from pages and files --------------------------------------------------------


def test_pages_are_decoded_without_controls_and_words_stay_apart() -> None:
    page = "<p>Satu\x0bdua\x00tiga ÇavuÅŸoÄŸlu</p>".encode()
    assert decode_html(page, "text/html; charset=utf-8") == "<p>Satu duatiga ÇavuÅŸoÄŸlu</p>"


def test_repair_still_reads_c1_mojibake_and_then_cleans() -> None:
    # "Á" as UTF-8 read as latin-1: the C1 character is half of the letter.
    assert repair_text("\u00c3\u0081rbol\x0bverde") == "Árbol verde"
    assert repair_text("bell\x07 &#11;tab\x9f") == "bell tab"


@given(any_text)
def test_repaired_text_is_xml_safe(s: str) -> None:
    assert xml_accepts(repair_text(s))


def test_every_extracted_field_is_xml_safe() -> None:
    article = ExtractedArticle(
        title="Judul\x0b",
        byline="Ayşe\x00 Yılmaz",
        published_at="2024-05-01\x00",
        site_name="Daily\x0cSabah",
        lead_image_url="https://x.example/a.jpg\x00",
        canonical_url="https://x.example/a\x01",
        paragraphs=["Satu\x0bdua.", "\x00\x0b"],
    )
    repair_extracted(article)
    assert (article.title, article.byline, article.site_name) == (
        "Judul ",
        "Ayşe Yılmaz",
        "Daily Sabah",
    )
    assert article.published_at == "2024-05-01"
    assert article.lead_image_url == "https://x.example/a.jpg"
    assert article.canonical_url == "https://x.example/a"
    assert article.paragraphs == ["Satu dua."]


@settings(max_examples=300)
@given(any_text, any_text)
def test_a_glossary_csv_import_never_stores_what_xml_refuses(form: str, note: str) -> None:
    # The import lists control characters as problems to fix (line by line) or cleans
    # them (spaces in forms); either way nothing unsafe reaches the glossary.
    cell = form.replace('"', '""')
    text = f'en,id,note\n"{cell}",gencatan,"{note.replace(chr(34), 2 * chr(34))}"\n'
    try:
        entries = read_csv(text)
    except GlossaryImportError:
        return
    for entry in entries:
        assert all(xml_accepts(form) for forms in entry.forms.values() for form in forms)
        assert xml_accepts(entry.note)
