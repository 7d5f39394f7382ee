"""Verification of Indonesian targets: accepted spellings, findings, and no false passes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.match import Hit, Matcher
from glossary.model import Entry, EntryType
from glossary.normalize import fold
from glossary.verify import (
    FORBIDDEN,
    MISSING,
    Check,
    count_satisfied,
    forbidden_entries,
    target_satisfied,
    verify,
)


def test_form_with_clitics_and_glued_prepositions() -> None:
    forms = ("Kementerian Pertahanan",)
    for text in [
        "Kementerian Pertahanan menyatakan",
        "juru bicara kementerian pertahanannya",
        "Kementerian Pertahanan-lah yang",
        "Kementerian Pertahananpun diam",
        "dikementerian pertahanan kemarin",
        "kekementerian pertahanan",
    ]:
        assert target_satisfied(text, forms, False) is not None, text


def test_returns_the_span_with_clitic() -> None:
    text = "Sikap PBB-nya jelas"
    assert target_satisfied(text, ("PBB",), True) == (6, 13)


def test_word_bounded() -> None:
    assert target_satisfied("PBBX dan XPBB", ("PBB",), False) is None
    assert target_satisfied("inflasinya naik", ("inflasi",), False) is not None
    assert target_satisfied("deflasinya naik", ("inflasi",), False) is None
    assert target_satisfied("inflasiku", ("inflasi",), False) is None  # not a listed clitic


def test_case_sensitivity() -> None:
    assert target_satisfied("pbb", ("PBB",), True) is None
    assert target_satisfied("pbb", ("PBB",), False) == (0, 3)
    assert target_satisfied("diPBB", ("PBB",), True) == (0, 5)


def test_whitespace_variants_count() -> None:
    assert target_satisfied("gencatan\u00a0 senjata", ("gencatan senjata",), False) == (0, 17)


ENTRIES = {
    1: Entry(1, {"tr": ("ateşkes",), "id": ("gencatan senjata",)}),
    2: Entry(2, {"tr": ("BM Güvenlik Konseyi",), "id": ("Dewan Keamanan PBB",)}),
    3: Entry(3, {"tr": ("BM",), "id": ("PBB",)}, case_sensitive=True),
    4: Entry(4, {"tr": ("Hulusi Akar",)}, EntryType.KEEP, case_sensitive=True),
    5: Entry(5, {"id": ("Persatuan Bangsa-Bangsa",)}, EntryType.FORBIDDEN),
    6: Entry(6, {"tr": ("ateşkes",), "id": ("penghentian tembak-menembak",)}, EntryType.FORBIDDEN),
}


def hits(text: str) -> list[Hit]:
    return Matcher(ENTRIES.values(), "tr").find(text)


def test_verify_satisfied_and_missing() -> None:
    source = "Hulusi Akar, ateşkesin korunmasını istedi."
    checks = verify(hits(source), "Hulusi Akar meminta gencatan senjata dijaga.", ENTRIES)
    assert [(c.entry_id, c.satisfied, c.code) for c in checks] == [(4, True, None), (1, True, None)]
    assert checks[1].source_span == (13, 22)
    assert checks[1].source_form == "ateşkesin"
    assert checks[1].target_form == "gencatan senjata"
    checks = verify(hits(source), "Akar meminta gencatan dijaga.", ENTRIES)
    assert checks == [
        Check(4, (0, 11), "Hulusi Akar", "Hulusi Akar", False, MISSING),
        Check(1, (13, 22), "ateşkesin", "gencatan senjata", False, MISSING),
    ]


def test_each_target_occurrence_vouches_for_one_hit() -> None:
    source = "BM Güvenlik Konseyi ve BM toplandı."
    only_council = verify(hits(source), "Dewan Keamanan PBB bersidang.", ENTRIES)
    assert [(c.entry_id, c.satisfied) for c in only_council] == [(2, True), (3, False)]
    both = verify(hits(source), "Dewan Keamanan PBB dan PBB bersidang.", ENTRIES)
    assert [c.satisfied for c in both] == [True, True]
    twice = hits("ateşkes, ateşkes")
    assert count_satisfied(twice, "gencatan senjata") == 1
    assert count_satisfied(twice, "gencatan senjata, gencatan senjata") == 2


AGENCY = {
    1: Entry(
        1,
        {"tr": ("Afet ve Acil Durum Yönetimi Başkanlığı", "AFAD"), "id": ("AFAD", "Badan Bencana")},
    ),
    2: Entry(2, {"tr": ("Birleşmiş Milletler",), "id": ("Perserikatan Bangsa-Bangsa", "PBB")}),
    3: Entry(3, {"tr": ("BM",), "id": ("PBB", "Perserikatan Bangsa-Bangsa")}, case_sensitive=True),
    4: Entry(4, {"tr": ("Recep Tayyip Erdoğan", "Erdoğan")}, EntryType.KEEP),
    5: Entry(5, {"tr": ("ateşkes",), "id": ("gencatan senjata",)}),
}


def agency_checks(source: str, target: str) -> list[tuple[int, str, bool]]:
    found = verify(Matcher(AGENCY.values(), "tr").find(source), target, AGENCY)
    return [(c.entry_id, c.source_form, c.satisfied) for c in found]


def test_a_name_kept_as_it_is_is_satisfied_by_any_occurrence() -> None:
    # The source names AFAD twice; the target keeps AFAD once and says "badan itu" after.
    source = "AFAD'ın açıklamasına göre AFAD ekipleri bölgede."
    target = "Menurut pernyataan AFAD, tim badan itu berada di wilayah tersebut."
    assert agency_checks(source, target) == [(1, "AFAD'ın", True), (1, "AFAD", True)]
    assert agency_checks(source, "Menurut badan itu, tim berada di sana.") == [
        (1, "AFAD'ın", False),
        (1, "AFAD", False),
    ]
    # A term translated into other words still needs one rendering per mention.
    assert agency_checks("ateşkes, ateşkes", "gencatan senjata")[1] == (5, "ateşkes", False)


def test_a_full_name_and_its_abbreviation_are_one_mention() -> None:
    source = "Afet ve Acil Durum Yönetimi Başkanlığı (AFAD), bölgeye ekip gönderdi."
    assert [ok for *_, ok in agency_checks(source, "AFAD mengirim tim.")] == [True, True]
    assert [ok for *_, ok in agency_checks(source, "Badan Bencana mengirim tim.")] == [True, True]
    # Two entries sharing an Indonesian form: "Birleşmiş Milletler (BM)" → "PBB".
    source = "Birleşmiş Milletler (BM), ateşkes çağrısı yaptı."
    assert agency_checks(source, "PBB menyerukan gencatan senjata.") == [
        (2, "Birleşmiş Milletler", True),
        (3, "BM", True),
        (5, "ateşkes", True),
    ]
    # Apart in the sentence, they are two mentions again.
    source = "Birleşmiş Milletler ve BM'nin ajansları ateşkes çağrısını yineledi."
    assert [ok for *_, ok in agency_checks(source, "PBB mengulang seruan gencatan senjata.")] == [
        True,
        False,
        True,
    ]


def test_a_missing_name_is_reported_in_the_variant_the_source_used() -> None:
    [check] = verify(Matcher(AGENCY.values(), "tr").find("Erdoğan'ın açıklaması"), "", AGENCY)
    assert (check.source_form, check.target_form, check.code) == ("Erdoğan'ın", "Erdoğan", MISSING)


def test_forbidden_global_and_source_bound() -> None:
    target = "Persatuan Bangsa-Bangsa dan penghentian tembak-menembak"
    # Entry 6 is only banned where its source term is in the segment.
    without = verify(hits("BM toplandı"), target, ENTRIES)
    assert [(c.entry_id, c.code) for c in without if c.code == FORBIDDEN] == [(5, FORBIDDEN)]
    with_term = verify(hits("ateşkes"), target, ENTRIES)
    forbidden = [c for c in with_term if c.code == FORBIDDEN]
    assert [(c.entry_id, c.source_form, c.target_form) for c in forbidden] == [
        (5, None, "Persatuan Bangsa-Bangsa"),
        (6, "ateşkes", "penghentian tembak-menembak"),
    ]
    assert all(not c.satisfied for c in forbidden)
    precomputed = forbidden_entries(ENTRIES)
    assert [e.id for e in precomputed] == [5, 6]
    assert verify(hits("ateşkes"), target, ENTRIES, precomputed) == with_term


def test_every_hit_gets_a_check() -> None:
    source = "Hulusi Akar, BM Güvenlik Konseyi'nde ateşkes çağrısı yaptı."
    source_hits = [h for h in hits(source) if h.type != EntryType.FORBIDDEN]
    checks = verify(source_hits, "", ENTRIES)
    assert len(checks) == len(source_hits) == 3
    assert all(c.code == MISSING and not c.satisfied for c in checks)


# --- property: never satisfied when the form is absent

WORDS = st.sampled_from(
    ["gencatan", "senjata", "PBB", "Dewan", "keamanan", "di", "ke", "nya", "-", " ", "  ", "pun"]
)
FORMS = st.lists(
    st.sampled_from(["gencatan senjata", "PBB", "Dewan Keamanan PBB", "senjata", "ke PBB"]),
    min_size=1,
    max_size=3,
)
TEXT = st.one_of(
    st.lists(WORDS, max_size=12).map("".join),
    st.text(max_size=40),
    st.lists(st.one_of(WORDS, st.text(max_size=3)), max_size=10).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(TEXT, FORMS, st.booleans())
def test_never_satisfied_without_the_form(text: str, forms: list[str], case: bool) -> None:
    span = target_satisfied(text, forms, case)
    present = [
        f for f in forms if fold(f, "id", keep_case=case) in fold(text, "id", keep_case=case)
    ]
    if not present:
        assert span is None
    if span is not None:
        written = fold(text[span[0] : span[1]], "id", keep_case=case)
        assert any(fold(f, "id", keep_case=case) in written for f in forms)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_verify_reports_missing_when_target_lacks_every_form(text: str) -> None:
    source_hits = hits("BM Güvenlik Konseyi ateşkes çağrısı yaptı")
    for check in verify(source_hits, text, ENTRIES):
        if check.code == FORBIDDEN:
            continue
        forms = ENTRIES[check.entry_id].forms["id"]
        absent = all(fold(f, "id") not in fold(text, "id") for f in forms)
        if absent:
            assert not check.satisfied and check.code == MISSING
        assert check.satisfied == (check.code is None)
