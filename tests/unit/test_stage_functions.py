"""The stage functions on their own (fetching has its own module, test_fetch.py)."""

import pytest

from tests.support import PAGES
from worker.detect import detect_language
from worker.errors import StageError
from worker.extract import extract_article


def test_extract_english_article_metadata_and_body() -> None:
    article = extract_article((PAGES / "en_article.html").read_bytes(), "https://x.example/a")
    assert (
        article.title == "Azerbaijan says army retakes strategic hills as clashes enter sixth day"
    )
    assert article.byline == "Ayşe Yılmaz"
    assert article.published_at == "2020-10-02"
    assert article.site_name == "Daily Example"
    assert article.canonical_url == "https://news.example.org/world/azerbaijan-hills"
    assert article.lead_image_url == "https://static.example.org/img/lead-aghdara.jpg"
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("The Azerbaijani army has liberated")
    body = " ".join(article.paragraphs)
    assert "Home" not in body and "Copyright" not in body


def test_extract_refuses_a_page_without_text() -> None:
    with pytest.raises(StageError) as caught:
        extract_article(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "http://x/")
    assert caught.value.code == "no_article_content"


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
