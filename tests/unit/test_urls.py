import pytest

from core.urls import InvalidUrl, domain_of, normalize_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example.org/a?b=2&a=1#top", "https://news.example.org/a?a=1&b=2"),
        ("http://example.org:80/x?utm_source=tw&id=5", "http://example.org/x?id=5"),
        ("https://example.org", "https://example.org/"),
        ("  https://example.org/y?fbclid=abc  ", "https://example.org/y"),
        ("http://127.0.0.1:8080/p", "http://127.0.0.1:8080/p"),
        ("https://haber.örnek.com.tr/a", "https://haber.xn--rnek-4qa.com.tr/a"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "empty"),
        ("ftp://example.org/file", "http"),
        ("not a url", "spaces"),
        ("example.org/news", "http"),
        ("http:///path", "host"),
        ("http://user:pw@example.org/", "password"),
        ("http://example.org:99999/", "port"),
    ],
)
def test_malformed_urls_are_refused_with_a_reason(url: str, message: str) -> None:
    with pytest.raises(InvalidUrl, match=message):
        normalize_url(url)


def test_domain_drops_www() -> None:
    assert domain_of("https://www.dailysabah.com/politics/x") == "dailysabah.com"
