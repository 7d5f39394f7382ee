"""Checks on machine output, and routing across installed packages."""

from pathlib import Path

from worker.mt.engine import route
from worker.mt.hygiene import repeated_phrases
from worker.mt.packages import InstalledPackage


def test_a_doubled_word_is_found() -> None:
    assert repeated_phrases("Hello", "Merhaba Merhaba") == ["Merhaba"]


def test_a_doubled_phrase_is_reported_once_as_the_phrase() -> None:
    assert repeated_phrases(
        "He went to the market today", "Dia pergi ke pasar ke pasar hari ini"
    ) == ["ke pasar"]


def test_repetition_the_source_has_is_not_a_defect() -> None:
    assert repeated_phrases("very very good", "sangat sangat baik") == ["sangat"]
    assert repeated_phrases("Bravo bravo!", "Bravo bravo!") == []


def test_indonesian_reduplication_is_one_word() -> None:
    assert repeated_phrases("children", "anak-anak pergi") == []
    assert repeated_phrases("Good.", "Ini baik.") == []


def _package(source: str, target: str) -> InstalledPackage:
    return InstalledPackage(source, target, "1.0", Path(f"/m/{source}_{target}"), "", 0)


def test_route_prefers_a_direct_package_then_an_english_pivot() -> None:
    en_id, tr_en, tr_de, de_id, tr_id = (
        _package("en", "id"),
        _package("tr", "en"),
        _package("tr", "de"),
        _package("de", "id"),
        _package("tr", "id"),
    )
    assert route([en_id, tr_en, tr_id], "tr", "id") == [tr_id]
    assert route([tr_de, de_id, en_id, tr_en], "tr", "id") == [tr_en, en_id]
    assert route([tr_de, de_id], "tr", "id") == [tr_de, de_id]
    assert route([en_id], "tr", "id") == []
