"""RSS 2.0, Atom and JSON Feed 1.1 for one partner.

feedgen writes RSS and Atom: it knows their required elements, date formats
(RFC 822 / RFC 3339), escaping, `content:encoded` and media:content, and its
extension hook lets us add what it lacks (RFC 6721 tombstones, our version
element) without post-processing XML. JSON Feed is a plain dict: feedgen has
no JSON output, and json.dumps is all the format needs.

Every entry's id is the publication's `urn:uuid:` and never changes: feed
importers de-duplicate by it, so a correction updates the article they have.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from core.models import Partner, Publication, PubStatus
from core.syndication import link_for, uri_of, utc

TOMBSTONES_NS = "http://purl.org/atompub/tombstones/1.0"
WARTA_NS = "urn:warta:syndication:1"
GENERATOR = "Warta"


@dataclass(frozen=True)
class FeedContext:
    partner: Partner
    base_url: str
    self_url: str
    updated: datetime


class _WartaFeed(BaseExtension):
    """Feed level: RFC 6721 at:deleted-entry for every withdrawn article."""

    def __init__(self) -> None:
        self.deleted: list[Publication] = []

    def extend_ns(self) -> dict[str, str]:
        return {"at": TOMBSTONES_NS, "warta": WARTA_NS}

    def extend_atom(self, feed):
        for publication in self.deleted:
            tombstone = xml_elem(
                f"{{{TOMBSTONES_NS}}}deleted-entry",
                feed,
                ref=uri_of(publication.public_id),
                when=utc(publication.killed_at or publication.version_at).isoformat(),
            )
            if publication.kill_reason:
                xml_elem(f"{{{TOMBSTONES_NS}}}comment", tombstone).text = publication.kill_reason
        return feed


class _WartaEntry(BaseEntryExtension):
    """Entry level: the version, so a reader of any feed can tell a correction; Atom's
    rel="via" link to the original (feedgen 1.0 drops the rel of entry links)."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.via: str | None = None

    def extend_rss(self, entry):
        if self.version is not None:
            xml_elem(f"{{{WARTA_NS}}}version", entry).text = str(self.version)
        return entry

    def extend_atom(self, entry):
        if self.via:
            xml_elem("link", entry, href=self.via, rel="via")
        return self.extend_rss(entry)


def _generator(context: FeedContext) -> FeedGenerator:
    feed = FeedGenerator()
    feed.register_extension("warta", _WartaFeed, _WartaEntry)
    feed.load_extension("media")
    feed.load_extension("dc")
    feed.id(f"urn:warta:feed:partner:{context.partner.id}")
    feed.title(f"Warta — {context.partner.name}")
    feed.subtitle("Berita terjemahan bahasa Indonesia, dengan atribusi sumber.")
    feed.description("Berita terjemahan bahasa Indonesia, dengan atribusi sumber.")
    feed.link(href=context.self_url, rel="self")
    feed.link(href=context.base_url, rel="alternate")  # RSS takes the last link as <link>
    feed.author({"name": GENERATOR})
    feed.language("id")
    feed.generator(GENERATOR)
    feed.updated(context.updated)
    feed.lastBuildDate(context.updated)
    return feed


def _add(
    feed: FeedGenerator, publication: Publication, context: FeedContext, content_type: str
) -> None:
    entry = feed.add_entry(order="append")
    entry.id(uri_of(publication.public_id))
    entry.guid(uri_of(publication.public_id), permalink=False)
    entry.title(publication.headline)
    entry.link(href=link_for(publication, context.partner, context.base_url), rel="alternate")
    entry.description(publication.summary or publication.headline)
    # RSS: raw HTML in CDATA (content:encoded); Atom: escaped HTML, type="html".
    entry.content(publication.body_html, type=content_type)
    entry.published(utc(publication.first_published_at))
    entry.updated(utc(publication.version_at))
    entry.author({"name": publication.original_byline or publication.source_name})
    for name in publication.translators or []:
        entry.contributor({"name": name})
    entry.dc.dc_creator(publication.original_byline or publication.source_name)
    if publication.lead_image_url:
        entry.media.content(url=publication.lead_image_url, medium="image")
    entry.warta.version, entry.warta.via = publication.version, publication.original_url


def rss(publications: list[Publication], context: FeedContext) -> bytes:
    feed = _generator(context)
    for publication in publications:
        if publication.status == PubStatus.USABLE:
            _add(feed, publication, context, "CDATA")
    return feed.rss_str(pretty=False)


def atom(publications: list[Publication], context: FeedContext) -> bytes:
    feed = _generator(context)
    for publication in publications:
        if publication.status == PubStatus.USABLE:
            _add(feed, publication, context, "html")
        else:
            feed.warta.deleted.append(publication)
    return feed.atom_str(pretty=False)


def json_feed(publications: list[Publication], context: FeedContext) -> bytes:
    items = [
        {
            "id": uri_of(p.public_id),
            "url": link_for(p, context.partner, context.base_url),
            "external_url": p.original_url,
            "title": p.headline,
            "content_html": p.body_html,
            "summary": p.summary or None,
            "image": p.lead_image_url,
            "date_published": utc(p.first_published_at).isoformat(),
            "date_modified": utc(p.version_at).isoformat(),
            "authors": [{"name": p.original_byline or p.source_name}],
            "language": "id",
            "_warta": {
                "version": p.version,
                "correction_note": p.correction_note,
                "source": p.source_name,
                "original_url": p.original_url,
                "translators": list(p.translators or []),
            },
        }
        for p in publications
        if p.status == PubStatus.USABLE
    ]
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Warta — {context.partner.name}",
        "home_page_url": context.base_url,
        "feed_url": context.self_url,
        "language": "id",
        "items": [{k: v for k, v in item.items() if v is not None} for item in items],
    }
    return json.dumps(document, ensure_ascii=False).encode()
