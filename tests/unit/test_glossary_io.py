"""Glossary import and export: the CSV editors upload, and TBX-Basic for other tools."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from glossary.io import (
    GlossaryImportError,
    clean_form,
    decode_csv,
    read_csv,
    read_starter,
    validate_entry,
    write_csv,
)
from glossary.model import LANGUAGES, Entry, EntryType
from glossary.tbx import CASE_NOTE, KEEP_NOTE, read_tbx, write_tbx

# Hand-written subset of TBX-Basic (see the comment at its top): no official schema ships
# in a package the project can install, and the official Schematron needs XSLT 2.
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parents[1] / "schemas" / "tbx_basic.rng")))
TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEADER = "tr,en,id,type,case_sensitive,note\n"


def make_entry(
    entry_id: int = 1,
    *,
    tr: tuple[str, ...] = (),
    en: tuple[str, ...] = (),
    target: tuple[str, ...] = (),
    kind: EntryType = EntryType.TERM,
    case_sensitive: bool = False,
    note: str = "",
) -> Entry:
    forms = {lang: forms for lang, forms in zip(LANGUAGES, (tr, en, target), strict=True) if forms}
    return Entry(entry_id, forms, kind, case_sensitive, note)


def import_errors(text: str) -> list[tuple[int, str]]:
    with pytest.raises(GlossaryImportError) as caught:
        read_csv(text)
    return caught.value.errors


def parse_tbx(text: str) -> etree._Element:
    # lxml refuses str input that carries an encoding declaration: give it the bytes served.
    return etree.fromstring(text.encode("utf-8"))


# Reading CSV


def test_reads_variants_with_the_first_preferred() -> None:
    text = HEADER + (
        "Milli Savunma Bakanlığı|Savunma Bakanlığı,Ministry of Defense|Ministry of National "
        "Defense,Kementerian Pertahanan,term,false,House style\n"
    )
    assert read_csv(text) == [
        make_entry(
            tr=("Milli Savunma Bakanlığı", "Savunma Bakanlığı"),
            en=("Ministry of Defense", "Ministry of National Defense"),
            target=("Kementerian Pertahanan",),
            note="House style",
        )
    ]


def test_columns_may_come_in_any_order_and_optional_ones_may_be_missing() -> None:
    text = "Note,ID,en\nUN agency,Badan Pengungsi PBB,UN Refugee Agency\n"
    assert read_csv(text) == [
        make_entry(en=("UN Refugee Agency",), target=("Badan Pengungsi PBB",), note="UN agency")
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        *[("", False), ("false", False), ("no", False), ("0", False), ("FALSE", False)],
        *[("true", True), ("yes", True), ("1", True), ("TRUE", True), (" Yes ", True)],
    ],
)
def test_case_sensitive_accepts_spreadsheet_spellings(cell: str, expected: bool) -> None:
    (entry,) = read_csv(HEADER + f"ABD,US,AS,term,{cell},\n")
    assert entry.case_sensitive is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", EntryType.TERM),
        ("term", EntryType.TERM),
        ("Keep", EntryType.KEEP),
        (" forbidden ", EntryType.FORBIDDEN),
    ],
)
def test_type_defaults_to_term(cell: str, expected: EntryType) -> None:
    (entry,) = read_csv(HEADER + f"NATO,NATO,NATO,{cell},,\n")
    assert entry.type is expected


def test_byte_order_mark_and_windows_line_ends_are_ignored() -> None:
    text = "\ufeff" + HEADER.replace("\n", "\r\n") + "ateşkes,ceasefire,gencatan senjata,,,\r\n"
    (entry,) = read_csv(text)
    assert entry.source_forms("tr") == ("ateşkes",)
    assert entry.note == ""


def test_decode_csv_strips_the_byte_order_mark_and_names_the_line_that_is_not_utf8() -> None:
    assert decode_csv("\ufeffen\nAnadolu Agency\n".encode()) == "en\nAnadolu Agency\n"
    latin = "tr,en\nDışişleri,Foreign\n".encode() + "Güvenlik,Security\n".encode("latin-1")
    with pytest.raises(GlossaryImportError) as caught:
        decode_csv(latin)
    assert caught.value.errors[0][0] == 3
    assert "not UTF-8" in str(caught.value)


def test_semicolon_separated_files_from_turkish_excel_are_read() -> None:
    text = "tr;en;id;type\nHazine ve Maliye Bakanlığı;Ministry of Treasury and Finance;x;term\n"
    (entry,) = read_csv(text)
    assert entry.forms["en"] == ("Ministry of Treasury and Finance",)


def test_blank_rows_are_skipped_and_ids_follow_row_order() -> None:
    text = HEADER + "\nNATO,NATO,,keep,,\n,,,,,\n  ,  ,,,,\nReuters,Reuters,,keep,,\n"
    assert [(entry.id, entry.forms["en"]) for entry in read_csv(text)] == [
        (1, ("NATO",)),
        (2, ("Reuters",)),
    ]


def test_forms_are_stored_in_nfc_with_single_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Dışişleri  Bakanlığı")
    (entry,) = read_csv(HEADER + f"{decomposed} | Hariciye ,, ,keep,,\n")
    assert entry.forms["tr"] == ("Dışişleri Bakanlığı", "Hariciye")


def test_a_quoted_note_may_span_lines_and_keeps_later_line_numbers_right() -> None:
    text = HEADER + 'NATO,NATO,,keep,,"first line\nsecond, line"\nx,,,kep,,\n'
    assert import_errors(text) == [(4, "type must be term, keep or forbidden, not 'kep'")]
    (entry,) = read_csv(text.replace("x,,,kep,,\n", ""))
    assert entry.note == "first line\nsecond, line"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "ateşkes,ceasefire,gencatan senjata,kep,,",
            "type must be term, keep or forbidden, not 'kep'",
        ),
        ("ateşkes,ceasefire,,term,,", "a term needs an id form"),
        (",,gencatan senjata,term,,", "needs at least one of tr, en"),
        (",,Anadolu Agency,keep,,", "needs at least one of tr, en"),
        (
            "ateşkes,ceasefire,,forbidden,,",
            "a forbidden entry needs the id form that must not appear",
        ),
        (
            "NATO,NATO,,keep,maybe,",
            "case_sensitive must be true or false (or yes/no, 1/0), not 'maybe'",
        ),
        (
            "NATO,NATO||OTAN,,keep,,",
            "en has an empty variant in 'NATO||OTAN'; remove the extra '|'",
        ),
        ("NATO,NATO|,,keep,,", "en has an empty variant in 'NATO|'; remove the extra '|'"),
        ("NATO,NATO|NATO,,keep,,", "en lists 'NATO' twice"),
        ("NATO,NATO|Nato,,keep,,", "en lists 'Nato' twice (matching ignores case)"),
        # The message shows the invisible character escaped, so the editor can find it.
        (
            "ate\u00adşkes,,gencatan senjata,,,",
            r"tr form 'ate\xadşkes' contains the invisible character U+00AD",
        ),
        ("NATO,NATO,,keep,,bell\u0007", "note contains the control character U+0007"),
        ("NATO,NATO,,keep,,,surplus", "has 7 cells but the header has 6"),
        (
            '"NATO,NATO,,keep,,',
            "is not valid CSV (unexpected end of data); check the quotes in this row",
        ),
    ],
)
def test_each_bad_row_is_reported_with_its_line_number(row: str, message: str) -> None:
    assert import_errors(HEADER + "Reuters,Reuters,,keep,,\n" + row + "\n") == [(3, message)]


def test_trailing_empty_cells_are_not_extra_columns() -> None:
    assert len(read_csv(HEADER + "NATO,NATO,,keep,,,,,\n")) == 1


def test_one_row_can_have_several_problems() -> None:
    assert import_errors(HEADER + ",,,kep,perhaps,\n") == [
        (2, "type must be term, keep or forbidden, not 'kep'"),
        (2, "case_sensitive must be true or false (or yes/no, 1/0), not 'perhaps'"),
    ]


def test_every_bad_row_is_reported_at_once_and_nothing_is_imported() -> None:
    text = HEADER + "\n".join(
        [
            "ateşkes,ceasefire,gencatan senjata,,,",  # 2: good
            "Reuters,Reuters,,kep,,",  # 3
            "enflasyon,inflation,inflasi,,,",  # 4: good
            "seçim,election,,,,",  # 5
            ",,inflasi,,,",  # 6
            "ATEŞKES,,gencatan senjata,,,",  # 7: duplicate of line 2
        ]
    )
    errors = import_errors(text + "\n")
    assert errors == [
        (3, "type must be term, keep or forbidden, not 'kep'"),
        (5, "a term needs an id form"),
        (6, "needs at least one of tr, en"),
        (7, "tr form 'ATEŞKES' is already on line 2"),
    ]
    report = str(GlossaryImportError(errors))
    assert report.startswith("4 problems in the glossary file:\n")
    assert "line 5: a term needs an id form" in report.splitlines()


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("İSTANBUL,,x", "istanbul,,y", "tr form 'istanbul' is already on line 2"),
        ("IRAK,,x", "ırak,,y", "tr form 'ırak' is already on line 2"),
        (
            ",Security Council,x",
            ",security council,y",
            "en form 'security council' is already on line 2",
        ),
        ("NATO,NATO,x", "AB,NATO,y", "en form 'NATO' is already on line 2"),
    ],
)
def test_a_source_form_may_belong_to_one_row_only(first: str, second: str, message: str) -> None:
    text = HEADER + f"{first},,,\n{second},,,\n"
    assert import_errors(text) == [(3, message)]


def test_turkish_dotted_and_dotless_i_are_different_letters() -> None:
    assert len(read_csv(HEADER + "sığ,,x,,,\nsig,,y,,,\n")) == 2


def test_forbidden_rows_may_repeat_a_terms_source_form_to_scope_the_ban() -> None:
    term = "ateşkes,ceasefire,gencatan senjata,term,,\n"
    ban = "ateşkes,ceasefire,genjatan senjata,forbidden,,\n"
    text = HEADER + term + ban
    assert [entry.type for entry in read_csv(text)] == [EntryType.TERM, EntryType.FORBIDDEN]


def test_case_sensitive_rows_may_differ_only_in_case() -> None:
    both = HEADER + ",US,AS,term,true,\n,Us,Us,keep,true,\n"
    assert len(read_csv(both)) == 2
    one = HEADER + ",US,AS,term,true,\n,Us,Us,keep,false,\n"
    assert import_errors(one) == [(3, "en form 'Us' is already on line 2")]


@pytest.mark.parametrize("text", ["", "\ufeff", "\n \n", ",,,\n"])
def test_an_empty_file_asks_for_the_header(text: str) -> None:
    assert import_errors(text) == [
        (1, "the file is empty; the first line must be the header " + HEADER.strip())
    ]


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("ateşkes,ceasefire\n", [(1, "the first line must be the header " + HEADER.strip())]),
        ("\n\nateşkes,ceasefire\n", [(3, "the first line must be the header " + HEADER.strip())]),
        (
            "tr,en,target\n",
            [(1, "unknown column 'target'; use tr, en, id, type, case_sensitive, note")],
        ),
        ("tr,en,TR\n", [(1, "column 'tr' appears twice")]),
        ("tr,,en\n", [(1, "column 2 has no name")]),
        ("id,type,note\n", [(1, "the header needs a tr or an en column")]),
    ],
)
def test_header_problems_stop_the_import(text: str, errors: list[tuple[int, str]]) -> None:
    assert import_errors(text + "ateşkes,ceasefire,x\n") == errors


def test_a_header_alone_is_an_empty_glossary() -> None:
    assert read_csv(HEADER) == []


# Writing CSV


_WORD = st.text(
    st.characters(categories=("L", "M", "N", "P", "S"), exclude_characters="|"),
    min_size=1,
    max_size=6,
)
_NOTE = st.text(
    st.characters(categories=("L", "M", "N", "P", "S", "Zs"), include_characters="\n\t"),
    max_size=24,
).map(lambda note: unicodedata.normalize("NFC", note).strip())


@st.composite
def glossaries(draw: st.DrawFn, min_size: int = 0) -> list[Entry]:
    """Valid glossaries: every entry follows its type's rules and no source form repeats."""
    entries = []
    for number in range(1, draw(st.integers(min_size, 6)) + 1):
        kind = draw(st.sampled_from(EntryType))
        languages = set(draw(st.sets(st.sampled_from(LANGUAGES), min_size=1)))
        if kind != EntryType.KEEP:
            languages.add("id")
        if kind != EntryType.FORBIDDEN and not languages & {"tr", "en"}:
            languages.add(draw(st.sampled_from(("tr", "en"))))
        forms = {}
        for lang in LANGUAGES:
            if lang in languages:
                count = draw(st.integers(1, 3))
                # The last word makes each form unique, so random text never collides.
                forms[lang] = tuple(
                    clean_form(" ".join(draw(st.lists(_WORD, min_size=1, max_size=3))))
                    + f" q{number}v{variant}"
                    for variant in range(count)
                )
        entries.append(Entry(number, forms, kind, draw(st.booleans()), draw(_NOTE)))
    return entries


@given(glossaries())
def test_write_csv_round_trips_through_read_csv(entries: list[Entry]) -> None:
    assert read_csv(write_csv(entries)) == entries


def test_write_csv_writes_the_header_and_one_line_per_entry() -> None:
    entry = make_entry(tr=("ateşkes",), en=("ceasefire", "truce"), target=("gencatan senjata",))
    assert write_csv([entry]) == (
        "tr,en,id,type,case_sensitive,note\r\n"
        "ateşkes,ceasefire|truce,gencatan senjata,term,false,\r\n"
    )


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ("NATO|OTAN", "contains '|', which separates variants"),
        (" NATO", "has extra spaces or non-NFC letters"),
        ("NA\x00TO", "contains the invisible character U+0000"),
        ("", "en has an empty form"),
    ],
)
def test_exports_refuse_forms_that_would_not_read_back(form: str, problem: str) -> None:
    entry = make_entry(en=(form,), kind=EntryType.KEEP)
    for export in (write_csv, write_tbx):
        with pytest.raises(ValueError, match="cannot be exported") as caught:
            export([entry])
        assert problem in str(caught.value)


def test_validate_entry_gives_the_same_rules_to_the_api() -> None:
    assert validate_entry(make_entry(tr=("ateşkes",))) == ["a term needs an id form"]
    assert validate_entry(make_entry(kind=EntryType.FORBIDDEN, en=("x",))) == [
        "a forbidden entry needs the id form that must not appear"
    ]
    assert validate_entry(make_entry(tr=("ateşkes",), target=("gencatan senjata",))) == []


# The starter glossary


STARTER = read_starter()


def test_starter_glossary_loads_with_80_to_150_entries_of_every_type() -> None:
    assert 80 <= len(STARTER) <= 150
    assert {entry.type for entry in STARTER} == set(EntryType)
    assert [entry.id for entry in STARTER] == list(range(1, len(STARTER) + 1))


def test_starter_glossary_has_no_source_form_twice() -> None:
    seen: dict[tuple[str, str], int] = {}
    for entry in STARTER:
        if entry.type == EntryType.FORBIDDEN:
            continue
        for lang in ("tr", "en"):
            for form in entry.source_forms(lang):
                folded = form.replace("İ", "i").replace("I", "ı") if lang == "tr" else form
                key = (lang, form if entry.case_sensitive else folded.casefold())
                assert key not in seen, f"{form!r} in entries {seen[key]} and {entry.id}"
                seen[key] = entry.id


def _starter_entry(lang: str, form: str) -> Entry:
    return next(
        entry
        for entry in STARTER
        if form in entry.source_forms(lang) and entry.type != EntryType.FORBIDDEN
    )


@pytest.mark.parametrize(
    ("lang", "form", "target"),
    [
        ("en", "ceasefire", "gencatan senjata"),
        ("tr", "ateşkes", "gencatan senjata"),
        ("en", "Ministry of Defense", "Kementerian Pertahanan"),
        ("tr", "Milli Savunma Bakanlığı", "Kementerian Pertahanan"),
        ("en", "OSCE Minsk Group", "Grup Minsk OSCE"),
        ("tr", "AGİT Minsk Grubu", "Grup Minsk OSCE"),
        ("en", "UN Security Council", "Dewan Keamanan PBB"),
        ("tr", "BM Güvenlik Konseyi", "Dewan Keamanan PBB"),
        ("tr", "Dışişleri Bakanlığı", "Kementerian Luar Negeri"),
        ("en", "United Nations", "Perserikatan Bangsa-Bangsa"),
        ("en", "Anadolu Agency", "Anadolu Agency"),
        ("tr", "Hulusi Akar", "Hulusi Akar"),
        ("tr", "NATO", "NATO"),
        ("en", "inflation", "inflasi"),
    ],
)
def test_starter_glossary_has_the_desks_renderings(lang: str, form: str, target: str) -> None:
    assert _starter_entry(lang, form).target_forms(lang)[0] == target


def test_starter_glossary_bans_known_misrenderings() -> None:
    banned = {
        form for entry in STARTER if entry.type == EntryType.FORBIDDEN for form in entry.forms["id"]
    }
    assert {"genjatan senjata", "Menteri Pertahanan Nasional", "Majlis Keselamatan"} <= banned


def test_starter_glossary_round_trips_through_csv() -> None:
    assert read_csv(write_csv(STARTER)) == STARTER


# TBX-Basic


def test_starter_glossary_exports_as_valid_tbx_basic() -> None:
    document = parse_tbx(write_tbx(STARTER))
    assert SCHEMA.validate(document), SCHEMA.error_log
    assert document.tag == f"{TBX}tbx"
    assert (document.get("type"), document.get("style"), document.get(XML_LANG)) == (
        "TBX-Basic",
        "dca",
        "en",
    )


def test_tbx_has_every_form_under_its_language_with_its_status() -> None:
    document = parse_tbx(write_tbx(STARTER))
    concepts = document.findall(f".//{TBX}conceptEntry")
    assert [concept.get("id") for concept in concepts] == [f"c{entry.id}" for entry in STARTER]
    for entry, concept in zip(STARTER, concepts, strict=True):
        found = {
            lang_sec.get(XML_LANG): tuple(term.text for term in lang_sec.iter(f"{TBX}term"))
            for lang_sec in concept.findall(f"{TBX}langSec")
        }
        assert found == entry.forms
        for lang_sec in concept.findall(f"{TBX}langSec"):
            statuses = [note.text for note in lang_sec.iter(f"{TBX}termNote")]
            if entry.type == EntryType.FORBIDDEN and lang_sec.get(XML_LANG) == "id":
                assert set(statuses) == {"deprecatedTerm-admn-sts"}
            else:
                assert statuses[0] == "preferredTerm-admn-sts"
                assert set(statuses[1:]) <= {"admittedTerm-admn-sts"}


def test_tbx_marks_keep_and_case_sensitive_entries_with_notes() -> None:
    keep = make_entry(
        7, tr=("Fed",), en=("Fed",), kind=EntryType.KEEP, case_sensitive=True, note="x"
    )
    (concept,) = parse_tbx(write_tbx([keep])).iter(f"{TBX}conceptEntry")
    assert [note.text for note in concept.findall(f"{TBX}note")] == [KEEP_NOTE, CASE_NOTE, "x"]


def test_tbx_puts_the_source_language_first() -> None:
    entry = make_entry(tr=("ateşkes",), en=("ceasefire",), target=("gencatan senjata",))
    for source, order in (("tr", ["tr", "en", "id"]), ("en", ["en", "tr", "id"])):
        document = parse_tbx(write_tbx([entry], source_language=source))
        assert [lang_sec.get(XML_LANG) for lang_sec in document.iter(f"{TBX}langSec")] == order
    with pytest.raises(ValueError, match="source_language"):
        write_tbx([entry], source_language="id")


def test_tbx_of_an_empty_glossary_is_refused_because_tbx_basic_needs_a_concept() -> None:
    with pytest.raises(ValueError, match="at least one entry"):
        write_tbx([])


def test_tbx_refuses_two_entries_with_one_id() -> None:
    entry = make_entry(tr=("ateşkes",), target=("gencatan senjata",))
    with pytest.raises(ValueError, match="share the id 1"):
        write_tbx([entry, entry])


@given(glossaries(min_size=1))
def test_tbx_is_valid_and_reads_back_to_the_same_entries(entries: list[Entry]) -> None:
    text = write_tbx(entries)
    assert SCHEMA.validate(parse_tbx(text)), SCHEMA.error_log
    assert read_tbx(text) == entries


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("preferredTerm-admn-sts", "forbiddenTerm-admn-sts"),
        ('type="administrativeStatus"', 'type="status"'),
        ('type="TBX-Basic"', 'type="TBX-Min"'),
        ('style="dca"', 'style="dct"'),
        ('<langSec xml:lang="tr">', "<langSec>"),
        ('id="c1"', 'id="1"'),
        ("<term>ateşkes</term>", "<term></term>"),
        ("<note>x</note>", '<note>x</note><termNote type="partOfSpeech">noun</termNote>'),
        ("<note>x</note>", '<note>x</note><x:extra xmlns:x="urn:example"/>'),
    ],
)
def test_the_schema_rejects_what_tbx_basic_does_not_allow(good: str, bad: str) -> None:
    entry = make_entry(tr=("ateşkes",), target=("gencatan senjata",), note="x")
    text = write_tbx([entry])
    assert SCHEMA.validate(parse_tbx(text))
    assert good in text
    assert not SCHEMA.validate(parse_tbx(text.replace(good, bad, 1)))
