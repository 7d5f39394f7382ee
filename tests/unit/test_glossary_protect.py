"""Protecting `keep` spans with stand-in words, and restoring them exactly."""

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.match import Hit, Matcher
from glossary.model import Entry, EntryType
from glossary.normalize import fold
from glossary.protect import STAND_INS, Placeholder, protect, restore, stand_ins
from tests.glossary_corpus.corpus import load_glossary

ENTRIES = [
    Entry(1, {"tr": ("Hulusi Akar",), "en": ("Hulusi Akar",)}, EntryType.KEEP, True),
    Entry(2, {"tr": ("Anadolu Ajansı",), "id": ("Anadolu Agency",)}, EntryType.KEEP, True),
    Entry(3, {"tr": ("NATO",), "en": ("NATO",)}, EntryType.KEEP, True),
    Entry(4, {"tr": ("ateşkes",), "id": ("gencatan senjata",)}),
]


def keep_hit(start: int, term_end: int, end: int, targets: tuple[str, ...] = ()) -> Hit:
    return Hit(0, start, end, term_end, "", targets, EntryType.KEEP)


def test_keep_spans_become_stand_ins_and_come_back() -> None:
    text = "Hulusi Akar'ın NATO'daki ateşkes açıklaması"
    hits = Matcher(ENTRIES, "tr").find(text)
    protected, placeholders = protect(text, hits)
    assert protected == "Zorvex'ın Quendar'daki ateşkes açıklaması"
    assert [(p.stand_in, p.original, p.target) for p in placeholders] == [
        ("Zorvex", "Hulusi Akar", "Hulusi Akar"),
        ("Quendar", "NATO", "NATO"),
    ]
    assert restore(protected, placeholders) == text
    assert restore("Pernyataan Zorvex tentang gencatan senjata Quendar", placeholders) == (
        "Pernyataan Hulusi Akar tentang gencatan senjata NATO"
    )


def test_glued_suffix_gets_an_apostrophe_that_restore_removes() -> None:
    text = "Anadolu Ajansına konuşan yetkili"
    hits = Matcher(ENTRIES, "tr").find(text)
    protected, placeholders = protect(text, hits)
    assert protected == "Zorvex'na konuşan yetkili"
    assert placeholders[0].glued
    assert restore(protected, placeholders) == "Anadolu Agencyna konuşan yetkili"
    # The target form differs from the source, so identity gives the target back:
    assert restore("kepada Zorvex", placeholders) == "kepada Anadolu Agency"


def test_model_case_changes_and_clitics() -> None:
    placeholders = [Placeholder("Zorvex", "NATO", "NATO", False)]
    assert restore("ZORVEX dan zorvex", placeholders) == "NATO dan NATO"
    assert restore("anggota Zorvexnya", placeholders) == "anggota NATO-nya"
    assert restore("Zorvex-lah", placeholders) == "NATO-lah"
    assert restore("Zorvex's", placeholders) == "NATO's"
    assert restore("Zorvexian", placeholders) == "NATOian"  # not a clitic: left glued


def test_stand_in_already_in_text_is_skipped() -> None:
    text = "Zorvex and zorvex met NATO"
    hits = Matcher(ENTRIES, "en").find(text)
    protected, placeholders = protect(text, hits)
    assert placeholders[0].stand_in != "Zorvex"
    assert restore(protected, placeholders) == text


def test_stand_ins_are_distinct_and_none_contains_another() -> None:
    words = list(itertools.islice(stand_ins(), 3000))
    assert len(words) == 3000
    lowered = [w.lower() for w in words]
    assert len(set(lowered)) == len(lowered)
    curated = [w.lower() for w in STAND_INS]
    for word in lowered:
        assert word.isascii() and word.isalpha()
        assert not set(word) & set("iks")  # letters with Unicode case look-alikes
        assert not any(word != c and (word in c or c in word) for c in curated)
    assert all(w[0].isupper() for w in words)
    # Generated words share one length, so they cannot contain each other either.
    assert {len(w) for w in words[len(STAND_INS) :]} == {6}


def test_stand_ins_are_not_glossary_forms() -> None:
    entries, _ = load_glossary()
    forms = {fold(f, "en") for e in entries for fs in e.forms.values() for f in fs}
    words = {fold(w, "en") for w in itertools.islice(stand_ins(), 200)}
    assert not any(w in f for f in forms for w in words)


def test_many_keeps_in_one_segment() -> None:
    text = " ".join(f"NATO{i % 10}" if i % 2 else "NATO" for i in range(60))
    hits = [h for h in Matcher(ENTRIES, "en").find(text)]
    glued = [keep_hit(m.start(), m.start() + 4, m.end()) for m in re.finditer(r"NATO\d", text)]
    protected, placeholders = protect(text, hits + glued)
    assert len(placeholders) == 60
    assert "NATO" not in protected
    assert restore(protected, placeholders) == text


def test_non_keep_and_empty_hits_are_ignored() -> None:
    text = "ateşkes"
    hits = Matcher(ENTRIES, "tr").find(text)
    assert protect(text, hits) == (text, [])
    assert protect("abc", [keep_hit(1, 1, 1)]) == ("abc", [])


@st.composite
def text_and_hits(draw: st.DrawFn) -> tuple[str, list[Hit]]:
    alphabet = st.one_of(
        st.characters(),
        st.sampled_from(list("zorvexZORVEXquendarQUENDAR'’İıKkſ -nyaNATO")),
    )
    text = draw(st.text(alphabet, max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    hits = []
    for a, b, c in zip(cuts[::3], cuts[1::3], cuts[2::3], strict=False):
        targets = draw(st.sampled_from([(), (text[a:b],), ("x", text[a:b])]))
        hits.append(keep_hit(a, b, c, targets))
    return text, hits


@settings(max_examples=1500, deadline=None)
@given(text_and_hits())
def test_protect_restore_round_trips_any_text(case: tuple[str, list[Hit]]) -> None:
    text, hits = case
    protected, placeholders = protect(text, hits)
    assert restore(protected, placeholders) == text
    for placeholder in placeholders:
        assert placeholder.stand_in.lower() not in text.lower()
