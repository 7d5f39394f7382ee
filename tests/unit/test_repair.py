"""Decoding by the real charset and mojibake repair, without harming correct text."""

import unicodedata

import ftfy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.repair import decode_html, fix_mojibake_runs, repair_text

TURKISH = "Mevlüt Çavuşoğlu, İstanbul'da Milli Savunma Bakanlığı ile görüştü; ılımlı bir açıklama."


def test_utf8_served_as_latin1_is_read_as_utf8() -> None:
    page = f"<p>{TURKISH} “Ateşkes” — €5</p>".encode()
    text = decode_html(page, "text/html; charset=iso-8859-1")
    assert TURKISH in text and "“Ateşkes” — €5" in text
    assert "Ã" not in text and "Å" not in text


@pytest.mark.parametrize("encoding", ["cp1254", "iso-8859-9"])
def test_turkish_legacy_encodings_declared_or_not(encoding: str) -> None:
    page = f"<html><body><p>{TURKISH}</p></body></html>".encode(encoding)
    assert TURKISH in decode_html(page, f"text/html; charset={encoding}")
    assert TURKISH in decode_html(page, None)  # no charset anywhere
    meta = f'<meta charset="{encoding}"><p>{TURKISH}</p>'.encode(encoding)
    assert TURKISH in decode_html(meta, "text/html")


def test_windows_1252_declared_as_latin1_keeps_curly_quotes() -> None:
    page = "<p>The café’s “special” costs €5</p>".encode("cp1252")
    assert "The café’s “special” costs €5" in decode_html(page, "text/html; charset=ISO-8859-1")


def test_cyrillic_without_charset_is_left_to_the_detector() -> None:
    text = "Министр иностранных дел России Сергей Лавров заявил в четверг."
    assert text in decode_html(f"<p>{text}</p>".encode("cp1251"))


@pytest.mark.parametrize(
    ("garbled", "fixed"),
    [
        ("Mevlüt ÇavuÅŸoÄŸlu", "Mevlüt Çavuşoğlu"),
        ("Recep Tayyip ErdoÄŸan", "Recep Tayyip Erdoğan"),
        ("Ã‡avuÅŸoÄŸlu", "Çavuşoğlu"),
        ("BM GÃ¼venlik Konseyi'nin", "BM Güvenlik Konseyi'nin"),
        ("Ä°stanbul KÄ±zÄ±lay", "İstanbul Kızılay"),
        ("itâ€™s", "it’s"),
        ("AT&amp;T &quot;deal&quot;", 'AT&T "deal"'),
    ],
)
def test_mojibake_is_repaired(garbled: str, fixed: str) -> None:
    assert repair_text(garbled) == fixed


def test_the_example_articles_runs_need_more_than_ftfy() -> None:
    # ftfy alone leaves these short, partly garbled runs as they are.
    assert ftfy.fix_text("Mevlüt ÇavuÅŸoÄŸlu") == "Mevlüt ÇavuÅŸoÄŸlu"
    assert fix_mojibake_runs("Mevlüt ÇavuÅŸoÄŸlu") == "Mevlüt Çavuşoğlu"


@pytest.mark.parametrize(
    "correct",
    [
        "Ünlü İstanbul",
        "São Paulo",
        "naïve café résumé",
        "Straße",
        "«GÜÇ» ve “GÜÇ”",
        "100 °C",
        "ÇAĞDAŞ ŞİİR",
        "Ça¿ ne",
        TURKISH,
    ],
)
def test_correct_text_is_untouched(correct: str) -> None:
    assert repair_text(correct) == correct


def test_repair_normalises_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Çavuşoğlu")
    assert repair_text(decomposed) == "Çavuşoğlu"


_words = st.text(
    alphabet="abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ'’“”«» .,;0123456789",
    max_size=60,
)


@given(_words)
def test_correct_turkish_text_survives_and_repair_is_idempotent(text: str) -> None:
    once = repair_text(text)
    assert repair_text(once) == once
    assert once == unicodedata.normalize("NFC", text)
