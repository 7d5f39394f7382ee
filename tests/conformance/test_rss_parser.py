"""rss-parser, the npm feed reader Node importers use, reads the RSS and Atom feeds right.

Node runs clients/rss_parser.js (rss-parser as pinned in clients/package-lock.json,
installed by `scripts/setup --test` with npm ci) on the feed as served and prints
what rss-parser understood: the titles, the links, ids that survive a correction,
the dates, the byline, the lead image (RSS <enclosure>, Atom's enclosure link, and
a typed media:content), the body with its credit, and nothing of a withdrawn article.
"""

import json
import shutil
from pathlib import Path

import pytest

from tests.conformance.readers import FEEDS, run_reader, same_second, stored
from tests.syndication_support import assert_inert

pytestmark = [pytest.mark.integration, pytest.mark.conformance]

CLIENTS = Path(__file__).parent / "clients"


def rss_parser(document: bytes, tmp_path: Path) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is missing: run scripts/setup --test (Debian's nodejs and npm)"
    assert (CLIENTS / "node_modules" / "rss-parser").is_dir(), (
        f"rss-parser is missing from {CLIENTS}/node_modules: run scripts/setup --test"
    )
    return run_reader([node, str(CLIENTS / "rss_parser.js")], document, tmp_path)


@pytest.fixture(scope="module", params=list(FEEDS))
def read(request: pytest.FixtureRequest, conformance, tmp_path_factory) -> tuple[str, dict]:
    served = conformance.client.get(FEEDS[request.param], headers=conformance.headers)
    assert served.status_code == 200, served.text
    return request.param, rss_parser(served.content, tmp_path_factory.mktemp("rss-parser"))


def test_rss_parser_reads_every_live_article_with_its_lead_image(conformance, read) -> None:
    kind, feed = read
    assert feed["feedUrl"] == f"{conformance.base_url}{FEEDS[kind]}"
    assert feed["link"] == conformance.base_url
    items = {item["guid"]: item for item in feed["items"]}
    assert set(items) == {conformance.hostile["uri"], conformance.corrected["uri"]}
    assert conformance.killed["uri"] not in json.dumps(feed)

    for published in (conformance.hostile, conformance.corrected):
        item, row = items[published["uri"]], stored(conformance, published["public_id"])
        assert item["title"] == published["headline"]
        assert item["link"] == row.original_url  # this partner's licence: the original
        assert same_second(item["isoDate"], published["first_published_at"])
        assert item["creator"] == row.original_byline
        enclosure = item["enclosure"]
        assert (enclosure["url"], enclosure["type"]) == (row.lead_image_url, "image/jpeg")
        if kind == "rss":
            assert enclosure["length"] == "0"  # RSS 2.0 requires it; Warta never fetches it
        assert item["media"] == [
            {"url": row.lead_image_url, "type": "image/jpeg", "medium": "image"}
        ]
        assert "Sumber: Daily Example</a>" in item["content"]
        assert f'href="{row.original_url}"' in item["content"]
        assert item["version"] == str(published["version"])


def test_rss_parser_keeps_the_guid_across_a_correction(conformance, read) -> None:
    _, feed = read
    v1, v2 = conformance.corrected_v1, conformance.corrected
    assert (v1["uri"], v1["version"], v2["version"]) == (v2["uri"], 1, 2)
    [item] = [item for item in feed["items"] if item["guid"] == v1["uri"]]
    assert item["version"] == "2"
    assert "Koreksi (versi 2): Nama wilayah diperbaiki." in item["content"]
    assert same_second(item["isoDate"], v1["first_published_at"])


def test_rss_parser_gets_hostile_text_as_text(conformance, read) -> None:
    # rss-parser sanitises nothing: what it hands over is what an importer republishes.
    kind, feed = read
    [item] = [item for item in feed["items"] if item["guid"] == conformance.hostile["uri"]]
    assert_inert(item["content"])
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in item["content"]
    for kept in ("\u200fمرحبا\u200e", "🇮🇩 😀", "𝔚𝔞𝔯𝔱𝔞 𠀋"):
        assert kept in item["content"]
    if kind == "rss":  # <description> is HTML to RSS readers: the plain summary is escaped
        assert_inert(item["description"])
        assert "&lt;script&gt;alert('x')&lt;/script&gt;" in item["description"]
