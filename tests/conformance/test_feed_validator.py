"""The RSS and Atom feeds pass the W3C Feed Validator: VALID, and no warning we can fix.

The validator is the one behind validator.w3.org/feed (vendored in
shared/conformance, run through its `validate-feed` script). Each feed is
validated as served (the partner's, with a live hostile article, a corrected
one and a killed one), at the URL it was served from: the self link has to
match it, with the key in the URL and with the key in the header. A second
check renders core.feeds directly from publications full of control
characters, so the renderers are safe without the cleaning done on input.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from lxml import etree

from core import feeds
from core.models import CanonicalLink, Partner, Publication, PubStatus
from tests.conformance.readers import FEEDS, NOT_OURS, TYPES, validate

pytestmark = [pytest.mark.integration, pytest.mark.conformance]


@pytest.mark.parametrize("kind", FEEDS)
@pytest.mark.parametrize("key_in", ["header", "url"])
def test_the_served_feeds_are_valid(conformance, kind: str, key_in: str, tmp_path: Path) -> None:
    path = FEEDS[kind]
    if key_in == "header":
        served = conformance.client.get(path, headers=conformance.headers)
        url = f"{conformance.base_url}{path}"
    else:
        query = {"key": conformance.partner["api_key"]}
        served = conformance.client.get(path, params=query)
        url = f"{conformance.base_url}{path}?{urlencode(query)}"
    assert served.status_code == 200, served.text
    messages = validate(served.content, url, served.headers["content-type"], tmp_path)
    assert set(messages) <= NOT_OURS, messages

    # What the validator was told to look at is there: the lead image as an enclosure
    # and a single typed media:content, the withdrawn article only as a tombstone.
    root = etree.fromstring(served.content)
    ns = {
        "atom": "http://www.w3.org/2005/Atom",
        "media": feeds.MEDIA_NS,
        "at": feeds.TOMBSTONES_NS,
    }
    self_link = root.xpath("//atom:link[@rel='self']/@href", namespaces=ns)
    assert self_link == [url]
    killed = conformance.killed["uri"]
    if kind == "rss":
        assert root.xpath("//item/enclosure[@type='image/jpeg'][@length='0']/@url")
        assert "at" not in root.nsmap  # tombstones are Atom's
        assert killed not in root.xpath("//item/guid/text()")
    else:
        assert root.xpath(
            "//atom:entry/atom:link[@rel='enclosure'][@type='image/jpeg']", namespaces=ns
        )
        assert root.xpath("//at:deleted-entry/@ref", namespaces=ns) == [killed]
        assert killed not in root.xpath("//atom:entry/atom:id/text()", namespaces=ns)
    assert not root.xpath("//media:group", namespaces=ns)
    assert root.xpath("//media:content[@type='image/jpeg'][@medium='image']", namespaces=ns)


# Every C0 control (XML keeps only tab, newline and carriage return), DEL and the C1
# controls, and the noncharacters: what lxml refuses outright or validators flag.
CONTROLS = "".join(chr(c) for c in range(0x20)) + "\x7f\x85\x9f\ufffe\uffff"
BASE = "https://warta.example"


def dirty(text: str) -> str:
    return f"{CONTROLS}{text}{CONTROLS}"


def publication(n: int, status: PubStatus = PubStatus.USABLE) -> Publication:
    at = datetime(2025, 5, 1, 8, 0, tzinfo=UTC) + timedelta(hours=n)
    return Publication(
        article_id=n,
        public_id=f"5f0c6f0e-0d1a-4a57-9a43-7f3b1d3c2a1{n}",
        version=2,
        status=status,
        source_id=1,
        headline=dirty(f"Judul {n}"),
        summary=dirty("Ringkasan."),
        body_html=f'<p>{dirty("Isi")}</p><p><a href="https://news.example.org/{n}">'
        f"{dirty('Sumber: Daily Example')}</a></p>",
        correction_note=dirty("Nama wilayah diperbaiki."),
        source_name=dirty("Daily Example"),
        credit_line=dirty("Daily Example"),
        original_url=f"https://news.example.org/{n}{CONTROLS}",
        original_byline=dirty("Ayşe Yılmaz"),
        lead_image_url=f"https://static.example.org/{n}.png{CONTROLS}",
        translators=[dirty("Budi")],
        first_published_at=at,
        version_at=at + timedelta(minutes=5),
        killed_at=at + timedelta(minutes=9) if status == PubStatus.CANCELED else None,
        kill_reason=dirty("Hak dicabut.") if status == PubStatus.CANCELED else None,
    )


@pytest.mark.parametrize("kind", FEEDS)
def test_the_renderers_are_safe_on_their_own(kind: str, tmp_path: Path) -> None:
    partner = Partner(id=7, name=dirty("Mitra"), canonical_link=CanonicalLink.ORIGINAL)
    url = f"{BASE}{FEEDS[kind]}"
    context = feeds.FeedContext(
        partner=partner,
        base_url=BASE,
        self_url=url,
        updated=datetime(2025, 5, 1, 12, 0, tzinfo=UTC),
    )
    rows = [publication(1), publication(2), publication(3, PubStatus.CANCELED)]
    document = getattr(feeds, kind)(rows, context)
    assert set(validate(document, url, TYPES[kind], tmp_path)) <= NOT_OURS

    text = document.decode()
    assert not any(c in text for c in CONTROLS if c not in "\t\n\r")
    root = etree.fromstring(document)
    titles = [t.text for t in root.iter("title", "{http://www.w3.org/2005/Atom}title")]
    assert titles == ["Warta — Mitra", "Judul 1", "Judul 2"]
    assert "https://static.example.org/1.png" in text and "Ayşe Yılmaz" in text
    assert "image/png" in text


@pytest.mark.parametrize("path", [*FEEDS.values(), "/feeds/feed.json"])
def test_the_self_link_is_where_the_reader_fetched_the_feed(conformance, path: str) -> None:
    """A reader with the key in the URL is subscribed to that URL (and readers re-subscribe
    to the self link); a key sent in the header never appears in the body."""
    key = conformance.partner["api_key"]
    plain = f"{conformance.base_url}{path}"
    keyed = f"{plain}?{urlencode({'key': key})}"
    client = conformance.client
    for _ in range(2):  # the second answer of each comes from the rendered-feed cache
        by_header = client.get(path, headers=conformance.headers)
        by_url = client.get(path, params={"key": key})
        assert key not in by_header.text and plain in by_header.text
        assert keyed in by_url.text
        assert by_header.headers["etag"] != by_url.headers["etag"]
        # The other variant's ETag is not this one's: no 304 for a body with another URL.
        crossed = client.get(
            path, params={"key": key}, headers={"If-None-Match": by_header.headers["etag"]}
        )
        assert crossed.status_code == 200 and keyed in crossed.text
