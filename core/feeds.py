"""RSS 2.0, Atom and JSON Feed 1.1 for one partner.

feedgen writes RSS and Atom: it knows their required elements, date formats
(RFC 822 / RFC 3339), escaping and `content:encoded`, and its extension hook
lets us add what it lacks without post-processing XML: RFC 6721 tombstones,
our version element, the lead image, and Atom links with a rel (feedgen 1.0
drops the rel and type of entry links). The lead image is written by that
hook too: feedgen's media extension wraps every media:content in a
media:group, which Media RSS allows only around alternatives of one object.
JSON Feed is a plain dict: feedgen has no JSON output, and json.dumps is all
the format needs.

Every entry's id is the publication's `urn:uuid:` and never changes: feed
importers de-duplicate by it, so a correction updates the article they have.

Each renderer is safe on its own, whatever the database holds: every string
goes through `clean()` (core.text.xml_safe, as text entering Warta does)
before feedgen or lxml sees it. lxml refuses control characters and U+FFFE
outright, and XML 1.0 has no way to carry them; one in a headline, a body, a
name or a URL would otherwise turn the whole feed into a 500.
A namespace is declared only in a document that uses it.
"""

import html
import json
import mimetypes
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from core.models import Partner, Publication, PubStatus
from core.sanitize import is_web_url
from core.syndication import link_for, uri_of, utc
from core.text import xml_safe

TOMBSTONES_NS = "http://purl.org/atompub/tombstones/1.0"
WARTA_NS = "urn:warta:syndication:1"
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
GENERATOR = "Warta"
DESCRIPTION = "Berita terjemahan bahasa Indonesia, dengan atribusi sumber."
# Warta never downloads the image, so its size is unknown: RSS 2.0 requires the
# attribute, and "0" is what the W3C validator asks for when the length is unknown.
UNKNOWN_LENGTH = "0"
FALLBACK_IMAGE_TYPE = "image/jpeg"
UNTITLED = "(tanpa judul)"

# Characters kept as they are in a URL; anything else (a space, non-ASCII) is %-encoded.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
_URL_TO_QUOTE = re.compile(r"[^A-Za-z0-9_.\-!#$%&'()*+,/:;=?@\[\]~]")
# Text made only of these needs no cleaning: the check is an order of magnitude
# cheaper than xml_safe's own (whose class holds the noncharacters of every plane),
# and feeds are rendered from rows that were cleaned on the way in.
_PLAIN = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]")
# The standard library's own table: the same answer on every machine, unlike /etc/mime.types.
_MIME_TYPES = mimetypes.MimeTypes()


def clean(text: str | None) -> str:
    """Text that any XML serializer accepts and validators do not flag (core.text)."""
    if not text:
        return ""
    return xml_safe(text) if _PLAIN.search(text) else text


def clean_line(text: str | None) -> str:
    """One line of text (a title, a name): cleaned, runs of whitespace made one space."""
    return " ".join(clean(text).split())


def clean_url(url: str | None) -> str:
    """A URL as an attribute or element value: cleaned, and %-encoded where it must be.

    Tabs and line breaks go, as a browser's URL parser drops them."""
    url = clean(url).translate({9: None, 10: None, 13: None}).strip()
    return quote(url, safe=_URL_SAFE) if _URL_TO_QUOTE.search(url) else url


def image_type(url: str) -> str:
    """The image's media type, guessed from the URL's extension (Warta never fetches it)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    guessed, _ = _MIME_TYPES.guess_type(path, strict=False)
    return guessed if guessed and guessed.startswith("image/") else FALLBACK_IMAGE_TYPE


@dataclass(frozen=True)
class FeedContext:
    partner: Partner
    base_url: str
    self_url: str
    updated: datetime


@dataclass(frozen=True)
class _Image:
    url: str
    type: str


@dataclass(frozen=True)
class _Entry:
    """One publication as the feeds show it, every string already cleaned."""

    uri: str
    link: str
    title: str
    summary: str
    body_html: str
    published: datetime
    updated: datetime
    author: str
    translators: list[str]
    image: _Image | None
    version: int
    correction_note: str | None
    source_name: str
    original_url: str
    killed_at: datetime
    kill_reason: str


def _entry(publication: Publication, context: FeedContext) -> _Entry:
    lead_image = clean_url(publication.lead_image_url)
    original_url = clean_url(publication.original_url)
    return _Entry(
        uri=clean(uri_of(publication.public_id)),
        link=clean_url(link_for(publication, context.partner, context.base_url)),
        # Atom requires a title: a headline that was nothing but control characters.
        title=clean_line(publication.headline) or UNTITLED,
        summary=clean(publication.summary),
        body_html=clean(publication.body_html),
        published=utc(publication.first_published_at),
        updated=utc(publication.version_at),
        author=clean_line(publication.original_byline or publication.source_name),
        translators=[name for name in map(clean_line, publication.translators or []) if name],
        image=_Image(lead_image, image_type(lead_image)) if is_web_url(lead_image) else None,
        version=publication.version,
        correction_note=clean(publication.correction_note) or None,
        source_name=clean_line(publication.source_name),
        original_url=original_url,
        killed_at=utc(publication.killed_at or publication.version_at),
        kill_reason=clean(publication.kill_reason),
    )


class _WartaFeed(BaseExtension):
    """Feed level: the namespaces this document uses; RFC 6721 at:deleted-entry (Atom)."""

    def __init__(self) -> None:
        self.namespaces: dict[str, str] = {}
        self.deleted: list[_Entry] = []

    def extend_ns(self) -> dict[str, str]:
        return self.namespaces

    def extend_atom(self, feed):
        for gone in self.deleted:
            tombstone = xml_elem(
                f"{{{TOMBSTONES_NS}}}deleted-entry",
                feed,
                ref=gone.uri,
                when=gone.killed_at.isoformat(),
            )
            if gone.kill_reason:
                xml_elem(f"{{{TOMBSTONES_NS}}}comment", tombstone).text = gone.kill_reason
        return feed


class _WartaEntry(BaseEntryExtension):
    """Entry level: the version, so a reader of any feed can tell a correction; the lead
    image (RSS enclosure, Atom enclosure link, one typed media:content); dc:creator in RSS
    (whose <author> must be an e-mail address); Atom's links with their rel: alternate,
    via (the original) and enclosure."""

    def __init__(self) -> None:
        self.entry: _Entry | None = None

    def extend_rss(self, item):
        entry = self.entry
        if entry is None:
            return item
        if entry.author:
            xml_elem(f"{{{DC_NS}}}creator", item).text = entry.author
        if entry.image:
            xml_elem(
                "enclosure",
                item,
                url=entry.image.url,
                length=UNKNOWN_LENGTH,
                type=entry.image.type,
            )
            self._media_content(item)
        xml_elem(f"{{{WARTA_NS}}}version", item).text = str(entry.version)
        return item

    def extend_atom(self, atom_entry):
        entry = self.entry
        if entry is None:
            return atom_entry
        # No type: for a partner whose licence links to Warta, it is the pull API's item.
        xml_elem("link", atom_entry, href=entry.link, rel="alternate")
        if is_web_url(entry.original_url):
            xml_elem("link", atom_entry, href=entry.original_url, rel="via")
        if entry.image:
            xml_elem(
                "link", atom_entry, href=entry.image.url, rel="enclosure", type=entry.image.type
            )
            self._media_content(atom_entry)
        xml_elem(f"{{{WARTA_NS}}}version", atom_entry).text = str(entry.version)
        return atom_entry

    def _media_content(self, parent) -> None:
        image = self.entry.image
        xml_elem(
            f"{{{MEDIA_NS}}}content",
            parent,
            url=image.url,
            type=image.type,
            medium="image",
        )


def _generator(context: FeedContext, self_type: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.register_extension("warta", _WartaFeed, _WartaEntry)
    name = clean_line(context.partner.name)
    feed.id(f"urn:warta:feed:partner:{context.partner.id}")
    feed.title(f"Warta — {name}" if name else "Warta")
    feed.subtitle(DESCRIPTION)
    feed.description(DESCRIPTION)
    feed.link(href=clean_url(context.self_url), rel="self", type=self_type)
    # RSS takes the last link as <link>.
    feed.link(href=clean_url(context.base_url), rel="alternate")
    feed.author({"name": GENERATOR})
    feed.language("id")
    feed.generator(GENERATOR)
    feed.updated(context.updated)
    feed.lastBuildDate(context.updated)
    return feed


def _add(feed: FeedGenerator, entry: _Entry, rss: bool) -> None:
    item = feed.add_entry(order="append")
    item.id(entry.uri)
    item.guid(entry.uri, permalink=False)
    item.title(entry.title)
    if rss:  # Atom's, with its rel, comes from _WartaEntry
        item.link(href=entry.link, rel="alternate")
        # RSS readers take <description> as HTML: the plain-text summary is escaped for it.
        item.description(html.escape(entry.summary or entry.title, quote=False))
        # Raw HTML in CDATA (content:encoded), which cannot hold "]]>"; in HTML text or
        # an attribute, "]]&gt;" reads the same.
        item.content(entry.body_html.replace("]]>", "]]&gt;"), type="CDATA")
    else:
        item.content(entry.body_html, type="html")  # escaped HTML
    item.published(entry.published)
    item.updated(entry.updated)
    item.author({"name": entry.author})
    for name in entry.translators:
        item.contributor({"name": name})
    item.warta.entry = entry


def _namespaces(entries: list[_Entry], rss: bool) -> dict[str, str]:
    used = {}
    if entries:
        used["warta"] = WARTA_NS
        if rss:
            used["dc"] = DC_NS
    if any(entry.image for entry in entries):
        used["media"] = MEDIA_NS
    return used


def rss(publications: list[Publication], context: FeedContext) -> bytes:
    feed = _generator(context, "application/rss+xml")
    live = [_entry(p, context) for p in publications if p.status == PubStatus.USABLE]
    for entry in live:
        _add(feed, entry, rss=True)
    feed.warta.namespaces = _namespaces(live, rss=True)
    return feed.rss_str(pretty=False)


def atom(publications: list[Publication], context: FeedContext) -> bytes:
    feed = _generator(context, "application/atom+xml")
    live, gone = [], []
    for publication in publications:
        entry = _entry(publication, context)
        (live if publication.status == PubStatus.USABLE else gone).append(entry)
    for entry in live:
        _add(feed, entry, rss=False)
    feed.warta.deleted = gone
    feed.warta.namespaces = _namespaces(live, rss=False) | ({"at": TOMBSTONES_NS} if gone else {})
    return feed.atom_str(pretty=False)


def json_feed(publications: list[Publication], context: FeedContext) -> bytes:
    entries = [_entry(p, context) for p in publications if p.status == PubStatus.USABLE]
    items = [
        {
            "id": entry.uri,
            "url": entry.link,
            "external_url": entry.original_url,
            "title": entry.title,
            "content_html": entry.body_html,
            "summary": entry.summary or None,
            "image": entry.image.url if entry.image else None,
            "date_published": entry.published.isoformat(),
            "date_modified": entry.updated.isoformat(),
            "authors": [{"name": entry.author}],
            "language": "id",
            "_warta": {
                "version": entry.version,
                "correction_note": entry.correction_note,
                "source": entry.source_name,
                "original_url": entry.original_url,
                "translators": entry.translators,
            },
        }
        for entry in entries
    ]
    name = clean_line(context.partner.name)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Warta — {name}" if name else "Warta",
        "home_page_url": clean_url(context.base_url),
        "feed_url": clean_url(context.self_url),
        "language": "id",
        "items": [{k: v for k, v in item.items() if v is not None} for item in items],
    }
    return json.dumps(document, ensure_ascii=False).encode()
