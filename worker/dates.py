"""When the source published the article, as precisely as the source says it.

trafilatura (htmldate) picks the publication date and gives it as a date
alone, %Y-%m-%d. Where the page's publication markup gives that same day
with a time and a UTC offset ("2025-03-16T08:15:00+03:00"), the offset makes
the moment exact and is kept; the partner feed (core/syndication.py) takes
such a value as an RFC 3339 date-time. A time without an offset says nothing
exact (whose 08:15?), so the date alone is kept then, as it is when the page
gives only a date.
"""

from collections.abc import Iterator
from datetime import datetime

from htmldate.core import DATE_ATTRIBUTES, ITEMPROP_ATTRS_ORIGINAL
from htmldate.extractors import JSON_PUBLISHED
from lxml.html import HtmlElement

# The names htmldate reads a publication date from: meta name/property/itemprop values.
_PUBLICATION_NAMES = DATE_ATTRIBUTES | ITEMPROP_ATTRS_ORIGINAL
_NAMING_ATTRIBUTES = ("property", "name", "itemprop")
_JSON_LD = './/script[@type="application/ld+json"]'


def published_at(tree: HtmlElement, date: str | None) -> str | None:
    """`date` (trafilatura's pick, YYYY-MM-DD) with its time and offset, where the page has them.

    Only a value of that same day counts, read as written (not converted to UTC): a
    page's modified time, or a date htmldate rejected, says nothing about the day picked.
    """
    if not date:
        return None
    for value in _publication_values(tree):
        moment = _moment(value)
        if moment is not None and moment.date().isoformat() == date:
            # Seconds at most (fractions are noise and cost column width); UTC as +00:00.
            return moment.isoformat(timespec="seconds")
    return date


def _publication_values(tree: HtmlElement) -> Iterator[str]:
    """Publication date values in the order htmldate trusts them: meta, JSON-LD, markup."""
    for meta in tree.iterfind(".//meta"):
        if any(meta.get(name, "").lower() in _PUBLICATION_NAMES for name in _NAMING_ATTRIBUTES):
            yield meta.get("content") or meta.get("datetime") or ""
    for script in tree.iterfind(_JSON_LD):
        for match in JSON_PUBLISHED.finditer(script.text or ""):
            yield match.group(1) + (match.group(2) or "")
    for element in tree.xpath(".//*[@itemprop='datePublished'] | .//time[@datetime]"):
        yield element.get("datetime") or element.get("content") or ""


def _moment(value: str) -> datetime | None:
    """An ISO 8601 date-time with an offset ("Z" included), else None."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
