"""published_at: the day trafilatura picked, with the time and offset the page gives for it."""

import pytest
from lxml.html import HtmlElement, document_fromstring

from core.models import Article
from worker.dates import published_at
from worker.extract import extract_article

BODY = "<article><h1>Ministers meet</h1><p>The ministers met in Ankara on Sunday.</p></article>"


def _tree(head: str = "", body: str = BODY) -> HtmlElement:
    return document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def _meta(value: str, name: str = "article:published_time") -> str:
    return f'<meta property="{name}" content="{value}">'


def _json_ld(value: str) -> str:
    return (
        '<script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "datePublished": "{value}"}}</script>'
    )


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (_meta("2025-03-16T08:15:00+03:00"), "2025-03-16T08:15:00+03:00"),
        (_meta("2025-03-16T08:15:00-0500"), "2025-03-16T08:15:00-05:00"),
        # "Z" is an offset: written +00:00 like any other; fractions of a second dropped
        (_meta("2025-03-16T05:15:00Z"), "2025-03-16T05:15:00+00:00"),
        (_meta("2025-03-16T05:15:00.556Z"), "2025-03-16T05:15:00+00:00"),
        (_json_ld("2025-03-16T08:15:00+03:00"), "2025-03-16T08:15:00+03:00"),
        (
            '<meta itemprop="datePublished" content="2025-03-16T08:15+03:00">',
            "2025-03-16T08:15:00+03:00",
        ),
    ],
    ids=["meta", "basic offset", "Z", "fraction", "json-ld", "itemprop"],
)
def test_a_time_with_an_offset_is_kept(head: str, expected: str) -> None:
    assert published_at(_tree(head), "2025-03-16") == expected


def test_a_time_element_gives_the_time() -> None:
    body = (
        '<article><time datetime="2025-03-16T08:15:00+03:00">16 March</time><p>Text.</p></article>'
    )
    assert published_at(_tree(body=body), "2025-03-16") == "2025-03-16T08:15:00+03:00"


@pytest.mark.parametrize(
    "head",
    [
        _meta("2025-03-16"),
        # A time without an offset is no exact moment: the date alone is what is known.
        _meta("2025-03-16T08:15:00"),
        _meta("2025-03-16 08:15:00 UTC"),  # not ISO 8601
        "",
    ],
    ids=["date only", "no offset", "not iso", "no markup"],
)
def test_without_an_offset_the_date_alone(head: str) -> None:
    assert published_at(_tree(head), "2025-03-16") == "2025-03-16"


def test_a_date_only_meta_gives_way_to_json_ld_with_the_time() -> None:
    head = _meta("2025-03-16") + _json_ld("2025-03-16T08:15:00+03:00")
    assert published_at(_tree(head), "2025-03-16") == "2025-03-16T08:15:00+03:00"


@pytest.mark.parametrize(
    "head",
    [
        # Another day than the one trafilatura picked (from the URL, say): not this date.
        _meta("2025-03-17T01:15:00+03:00"),
        # Read as written: 2025-03-15T23:15:00-05:00 is the 16th in UTC, still the 15th here.
        _json_ld("2025-03-15T23:15:00-05:00"),
        # The modified time is no publication time, whatever its day.
        _meta("2025-03-16") + _meta("2025-03-16T20:00:00+03:00", "article:modified_time"),
    ],
    ids=["other day", "as written", "modified"],
)
def test_a_mismatched_time_is_ignored(head: str) -> None:
    assert published_at(_tree(head), "2025-03-16") == "2025-03-16"


def test_no_date_picked_is_no_date() -> None:
    assert published_at(_tree(_meta("2025-03-16T08:15:00+03:00")), None) is None


def test_extraction_keeps_the_offset_and_fits_the_column() -> None:
    html = (
        f"<html><head>{_meta('2025-03-16T08:15:00+03:00')}</head><body><article>"
        + "<p>The ministers met in Ankara on Sunday and agreed to meet again next month.</p>" * 3
        + "</article></body></html>"
    )
    value = extract_article(html, "https://x.example/news/ministers").published_at
    assert value == "2025-03-16T08:15:00+03:00"
    assert value is not None and len(value) <= Article.__table__.c.published_at.type.length
