"""Word counts as CAT tools make them, and the paragraphs a published body holds."""

import pytest

from core.preview import body_paragraphs, word_count
from core.sanitize import body_html


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("Kementerian Pertahanan mengatakan", 3),
        # Punctuation alone is no word; a token holding a letter or digit is one.
        ("Bentrokan — yang berlangsung 3,5 jam — berakhir .", 6),
        ("U.S. and 3.5 and [id] and 2026-12-04", 7),
        ("anti-korupsi, kata-kata", 2),
        ("İstanbul’da çatışma", 2),
        ("“ ” - … ...", 0),
    ],
)
def test_words_are_whitespace_tokens_with_a_letter_or_digit(text: str, words: int) -> None:
    assert word_count(text) == words


def test_a_body_gives_back_its_paragraphs_without_the_note_and_the_credit() -> None:
    paragraphs = ["Satu <b>dua</b> & tiga.", "Paragraf kedua."]
    fragment = body_html(
        paragraphs,
        credit_line="Daily Example",
        original_url="https://daily.example/world/1",
        correction_note="Nama diperbaiki.",
        version=2,
    )
    assert body_paragraphs(fragment) == paragraphs


def test_a_body_without_a_web_link_still_drops_only_the_credit() -> None:
    fragment = body_html(["Hanya satu."], credit_line="Sumber: Anadolu", original_url="")
    assert body_paragraphs(fragment) == ["Hanya satu."]
