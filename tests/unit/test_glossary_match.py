"""Glossary matching: Turkish/English folding, suffixes, boundaries, and the corpus."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.match import Hit, Matcher, turkish_suffix_ok
from glossary.model import Entry, EntryType
from glossary.normalize import fold, fold_with_map, lower
from tests.glossary_corpus.corpus import load_glossary, load_sentences

# --- the corpus: recall and precision must both be 100%


@pytest.mark.parametrize("language", ["tr", "en"])
def test_corpus_recall_and_precision(language: str) -> None:
    entries, ids = load_glossary()
    key_of = {number: key for key, number in ids.items()}
    matcher = Matcher(entries, language)
    sentences = load_sentences(language)
    assert len(sentences) >= 150
    assert sum(not s.expected for s in sentences) >= 20  # near misses are part of the test
    expected_total = found_total = correct = 0
    wrong: list[str] = []
    for sentence in sentences:
        expected = set(sentence.expected)
        found = {
            (key_of[h.entry_id], h.start, h.end)
            for h in matcher.find(sentence.text)
            if h.type != EntryType.FORBIDDEN
        }
        expected_total += len(expected)
        found_total += len(found)
        correct += len(expected & found)
        for key, start, end in sorted(expected ^ found):
            kind = "missed" if (key, start, end) in expected else "extra"
            wrong.append(f"line {sentence.line}: {kind} {key} {sentence.text[start:end]!r}")
    recall = correct / expected_total
    precision = correct / found_total
    print(
        f"\nglossary corpus {language}: {len(sentences)} sentences, {expected_total} expected "
        f"matches, recall {recall:.2%}, precision {precision:.2%}"
    )
    assert not wrong, "\n".join(wrong)
    assert recall == 1.0 and precision == 1.0


def test_corpus_keys_exist() -> None:
    _, ids = load_glossary()
    for language in ("tr", "en"):
        for sentence in load_sentences(language):
            for key, _, _ in sentence.expected:
                assert key in ids, (language, sentence.line, key)


# --- folding


def test_turkish_lowercase_is_not_pythons() -> None:
    assert "İSTANBUL".lower() != "istanbul"  # the reason this module exists
    assert lower("İSTANBUL", "tr") == "istanbul"
    assert lower("ISPARTA", "tr") == "ısparta"
    assert lower("DIŞİŞLERİ", "tr") == "dışişleri"
    assert lower("İSTANBUL", "en") == "istanbul"
    assert lower("INFLATION", "en") == "inflation"


def test_fold_unifies_apostrophes_hyphens_spaces_and_circumflex() -> None:
    assert fold("Azerbaycan’a", "tr") == "azerbaycan'a"
    assert fold("Millî Savunma", "tr") == "milli savunma"
    assert fold("cease-fire", "en") == "cease fire"
    assert fold("BM\u00a0Güvenlik", "tr") == "bm güvenlik"
    assert fold("Erdoğan Çavuşoğlu", "en") == "erdogan cavusoglu"
    assert fold("Bangsa-Bangsa", "id") == "bangsa-bangsa"  # Indonesian keeps hyphens


def test_fold_map_points_back_to_original_offsets() -> None:
    decomposed = unicodedata.normalize("NFD", "Erdoğan'ın  ateşkes")  # ğ, ı stay; ş splits
    folded = fold_with_map(decomposed, "tr")
    assert folded.text == "erdoğan'ın ateşkes"
    start = folded.text.index("ateşkes")
    a, b = folded.span(start, start + len("ateşkes"))
    assert unicodedata.normalize("NFC", decomposed[a:b]) == "ateşkes"
    assert folded.original(len(folded.text)) == len(decomposed)


def test_fast_path_keeps_identity_map() -> None:
    assert fold_with_map("İSTANBUL'da ateşkes", "tr").offsets is None


# --- matching


def entry(
    number: int,
    tr: tuple[str, ...] = (),
    en: tuple[str, ...] = (),
    id_: tuple[str, ...] = (),
    type_: EntryType = EntryType.TERM,
    case_sensitive: bool = False,
) -> Entry:
    forms = {lang: f for lang, f in (("tr", tr), ("en", en), ("id", id_)) if f}
    return Entry(number, forms, type_, case_sensitive)


ENTRIES = [
    entry(1, ("ateşkes",), ("ceasefire", "cease-fire"), ("gencatan senjata",)),
    entry(2, ("BM Güvenlik Konseyi",), ("UN Security Council",), ("Dewan Keamanan PBB",)),
    entry(3, ("BM",), ("UN",), ("PBB",), case_sensitive=True),
    entry(4, ("AB",), ("EU",), ("Uni Eropa",), case_sensitive=True),
    entry(5, ("Milli Savunma Bakanlığı",), ("Ministry of Defense",), ("Kementerian Pertahanan",)),
    entry(6, ("Erdoğan",), ("Erdoğan",), type_=EntryType.KEEP, case_sensitive=True),
    entry(7, ("Başbakan",), ("Prime Minister",), ("Perdana Menteri",)),
    entry(8, ("büyükelçilik",), ("embassy",), ("kedutaan besar",)),
    entry(9, en=("ceasefire",), id_=("penghentian tembak-menembak",), type_=EntryType.FORBIDDEN),
]


def found(language: str, text: str) -> list[tuple[int, str]]:
    return [(h.entry_id, h.source_form) for h in Matcher(ENTRIES, language).find(text)]


def test_apostrophe_suffixes_ascii_and_typographic() -> None:
    text = "Erdoğan'ın açıklaması, BM Güvenlik Konseyi’nin kararı"
    assert found("tr", text) == [(6, "Erdoğan'ın"), (2, "BM Güvenlik Konseyi’nin")]


def test_turkish_inflection_glued_and_softened() -> None:
    assert found("tr", "ateşkesin ardından ateşkes çağrısında") == [
        (1, "ateşkesin"),
        (1, "ateşkes"),
    ]
    assert found("tr", "Büyükelçiliğin önünde") == [(8, "Büyükelçiliğin")]
    assert found("tr", "Milli Savunma Bakanlıkları") == [(5, "Milli Savunma Bakanlıkları")]


def test_turkish_derivations_are_other_words() -> None:
    assert found("tr", "Başbakanlık binası") == []
    assert found("tr", "Başbakanın açıklaması") == [(7, "Başbakanın")]


def test_acronyms_respect_word_boundaries() -> None:
    assert found("tr", "ABD'nin ve AB'nin") == [(4, "AB'nin")]
    assert found("en", "UNESCO had fun with the UN") == [(3, "UN")]
    assert found("tr", "BMW ile BM'ye") == [(3, "BM'ye")]


def test_case_sensitive_entries_match_only_their_case() -> None:
    assert found("en", "Let us hope the EU and the UN agree") == [(4, "EU"), (3, "UN")]
    assert found("tr", "erdoğan") == []


def test_english_plurals_and_possessives() -> None:
    assert found("en", "The embassies' staff") == [(8, "embassies'")]
    assert found("en", "the embassy's gate") == [(8, "embassy's")]
    assert found("en", "two cease-fires") == [(1, "cease-fires")]
    assert found("en", "Erdogan’s visit") == [(6, "Erdogan’s")]


def test_longest_match_wins_and_hits_do_not_overlap() -> None:
    hits = Matcher(ENTRIES, "tr").find("BM Güvenlik Konseyi ve BM")
    assert [(h.entry_id, h.source_form) for h in hits] == [
        (2, "BM Güvenlik Konseyi"),
        (3, "BM"),
    ]


def test_forbidden_hits_live_beside_term_hits() -> None:
    hits = Matcher(ENTRIES, "en").find("The ceasefire held")
    assert {(h.entry_id, h.type) for h in hits} == {(1, "term"), (9, "forbidden")}


def test_hit_fields_in_original_coordinates() -> None:
    text = "Dün  Millî Savunma Bakanlığına göre"  # two spaces: slow folding path
    (hit,) = Matcher(ENTRIES, "tr").find(text)
    assert hit == Hit(
        entry_id=5,
        start=5,
        end=5 + len("Millî Savunma Bakanlığına"),
        term_end=5 + len("Millî Savunma Bakanlığı"),
        source_form="Millî Savunma Bakanlığına",
        target_forms=("Kementerian Pertahanan",),
        type=EntryType.TERM,
    )


def test_keep_hit_accepts_the_spelling_written() -> None:
    (hit,) = Matcher(ENTRIES, "en").find("Erdogan said")
    assert hit.target_forms == ("Erdoğan", "Erdogan")


def test_many_thousand_entries_one_pass() -> None:
    many = [entry(100 + i, tr=(f"zqterim{i} xk{i}",)) for i in range(20000)] + ENTRIES
    matcher = Matcher(many, "tr")
    assert len(matcher) == 20000 + 9 - 1  # the forbidden entry has no Turkish form
    text = "zqterim123 xk123'ün ve ateşkesin"
    assert [(h.entry_id, h.source_form) for h in matcher.find(text)] == [
        (223, "zqterim123 xk123'ün"),
        (1, "ateşkesin"),
    ]


def test_empty_glossary_and_text() -> None:
    assert Matcher([], "tr").find("ateşkes") == []
    assert Matcher(ENTRIES, "tr").find("") == []


@pytest.mark.parametrize(
    ("suffix", "after_vowel", "ok"),
    [
        ("in", False, True),  # ateşkes-in
        ("lerinde", False, True),  # seçim-lerinde
        ("teki", False, True),  # ateşkes-teki
        ("tekinin", False, True),
        ("nca", True, True),  # Bankası-nca
        ("mızın", True, True),  # Cumhurbaşkanı-mızın
        ("yla", True, True),
        ("lık", False, False),  # Başbakan-lık
        ("lı", False, False),  # Azerbaycan-lı
        ("siz", False, False),  # faiz-siz
        ("an", False, False),  # savaş-an
        ("su", False, False),  # Akar-su
        ("ist", True, False),  # enflasyon-ist
    ],
)
def test_turkish_suffix_chains(suffix: str, after_vowel: bool, ok: bool) -> None:
    assert turkish_suffix_ok(suffix, after_vowel) is ok


# --- property: any text, well-formed hits

CORPUS_ENTRIES, _ = load_glossary()
MATCHERS = {language: Matcher(CORPUS_ENTRIES, language) for language in ("tr", "en")}
PIECES = st.sampled_from(
    [
        *("ateşkes", "BM", "AB", "D", "'", "’", "in", "s", " ", "  ", "İ", "I", "\u0307", "-"),
        *("NATO", "Güvenlik Konseyi", "Merkez Bankası", "ministry", "ies", "\u00a0", "ğı", "."),
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["tr", "en"]),
    st.one_of(st.text(max_size=60), st.lists(st.one_of(PIECES, st.text(max_size=2))).map("".join)),
)
def test_hits_are_well_formed_on_any_text(language: str, text: str) -> None:
    hits = MATCHERS[language].find(text)
    previous_end = 0
    for hit in (h for h in hits if h.type != EntryType.FORBIDDEN):
        assert 0 <= hit.start < hit.term_end <= hit.end <= len(text)
        assert hit.source_form == text[hit.start : hit.end]
        assert hit.start >= previous_end  # left to right, no overlaps
        previous_end = hit.end
