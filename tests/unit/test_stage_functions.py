"""The stage functions on their own (fetching has its own module, test_fetch.py)."""

import pytest

from tests.support import PAGES
from worker.detect import detect_language
from worker.errors import StageError
from worker.extract import extract_article


def test_detect_reads_the_body_and_is_deterministic() -> None:
    english = extract_article((PAGES / "en_article.html").read_bytes(), "http://x/").paragraphs
    turkish = extract_article((PAGES / "tr_article.html").read_bytes(), "http://x/").paragraphs
    assert [detect_language(english) for _ in range(5)] == ["en"] * 5
    assert [detect_language(turkish) for _ in range(5)] == ["tr"] * 5


def test_detect_names_an_unsupported_language() -> None:
    german = extract_article((PAGES / "de_article.html").read_bytes(), "http://x/").paragraphs
    with pytest.raises(StageError) as caught:
        detect_language(german)
    assert caught.value.code == "unsupported_language"
    assert "German (de)" in caught.value.reason
