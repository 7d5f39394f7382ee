"""The stage functions on their own: fetch against a local site, extract, detect, split."""

from collections.abc import Iterator

import pytest

from core.config import Settings
from tests.support import PAGES, SourceSite
from worker.detect import detect_language
from worker.errors import StageError, TransientError
from worker.extract import extract_article
from worker.fetch import MAX_BYTES, fetch_page
from worker.segment import split_sentences


@pytest.fixture(scope="module")
def local_site() -> Iterator[SourceSite]:
    server = SourceSite()
    yield server
    server.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(fetch_timeout=1.0)


def test_fetch_keeps_raw_bytes_and_final_url(local_site: SourceSite, settings: Settings) -> None:
    url = local_site.add_file("/en", "en_article.html")
    page = fetch_page(url, settings)
    assert page.content == local_site.pages["/en"].body
    assert page.final_url == url
    assert page.content_type.startswith("text/html")


@pytest.mark.parametrize(
    ("page", "error", "code", "words"),
    [
        ({"status": 404}, StageError, "http_error", "404"),
        ({"status": 503}, TransientError, "http_error", "503"),
        ({"content_type": "application/pdf"}, StageError, "not_html", "application/pdf"),
        ({"delay": 1.5}, TransientError, "timeout", "in time"),
    ],
)
def test_fetch_failures_have_codes_and_reasons(
    local_site: SourceSite, settings: Settings, page: dict, error: type, code: str, words: str
) -> None:
    url = local_site.add(f"/bad-{code}-{len(local_site.pages)}", "<p>x</p>", **page)
    with pytest.raises(error) as caught:
        fetch_page(url, settings)
    assert caught.value.code == code
    assert words in caught.value.reason


def test_fetch_refuses_pages_over_the_size_cap(local_site: SourceSite, settings: Settings) -> None:
    url = local_site.add("/huge", b"<p>" + b"a" * (MAX_BYTES + 10))
    with pytest.raises(StageError) as caught:
        fetch_page(url, settings)
    assert caught.value.code == "too_large"


def test_fetch_transient_when_nothing_listens(settings: Settings) -> None:
    from cli.services import free_port

    with pytest.raises(TransientError) as caught:
        fetch_page(f"http://127.0.0.1:{free_port()}/", settings)
    assert caught.value.code == "connection_failed"


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


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "Dr. Smith met U.N. officials at 3.5 p.m. on Friday. Talks ended late.",
            ["Dr. Smith met U.N. officials at 3.5 p.m. on Friday.", "Talks ended late."],
        ),
        (
            "tr",
            "Çatışmalar 3,5 saat sürdü. Dr. Ahmet Kaya açıklamayı değerlendirdi.",
            ["Çatışmalar 3,5 saat sürdü.", "Dr. Ahmet Kaya açıklamayı değerlendirdi."],
        ),
    ],
)
def test_sentences_do_not_split_on_abbreviations_or_numbers(
    language: str, text: str, expected: list[str]
) -> None:
    assert split_sentences(language, text) == expected
