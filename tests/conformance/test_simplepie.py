"""SimplePie, the PHP feed reader inside WordPress, reads the RSS and Atom feeds right.

SimplePie is the copy Debian's wordpress package ships, extracted (not
installed) by `scripts/setup --test` into .cache/conformance; PHP runs
clients/simplepie.php on the feed as served, which prints what SimplePie
understood. A partner's WordPress would import exactly that: the titles,
the links, ids that survive a correction, the dates, the byline, the lead
image, the body with its credit, and nothing of a withdrawn article.
"""

import json
import shutil
from pathlib import Path

import pytest

from tests.conformance.readers import FEEDS, run_reader, same_second, stored
from tests.syndication_support import assert_inert

pytestmark = [pytest.mark.integration, pytest.mark.conformance]

ROOT = Path(__file__).resolve().parents[2]
CLIENT = Path(__file__).parent / "clients" / "simplepie.php"
WORDPRESS = ROOT / ".cache" / "conformance" / "wordpress" / "usr" / "share" / "wordpress"


def simplepie(document: bytes, tmp_path: Path) -> dict:
    php = shutil.which("php")
    assert php, "PHP is missing: run scripts/setup --test (Debian's php-cli and php-xml)"
    assert (WORDPRESS / "wp-includes" / "class-simplepie.php").is_file(), (
        f"SimplePie is missing from {WORDPRESS}: run scripts/setup --test"
    )
    return run_reader([php, str(CLIENT), str(WORDPRESS)], document, tmp_path)


@pytest.fixture(scope="module", params=list(FEEDS))
def read(request: pytest.FixtureRequest, conformance, tmp_path_factory) -> tuple[str, dict]:
    served = conformance.client.get(FEEDS[request.param], headers=conformance.headers)
    assert served.status_code == 200, served.text
    return request.param, simplepie(served.content, tmp_path_factory.mktemp("simplepie"))


def test_simplepie_reads_every_live_article(conformance, read) -> None:
    kind, feed = read
    assert feed["type"] == kind
    assert feed["self"] == f"{conformance.base_url}{FEEDS[kind]}"
    items = {item["id"]: item for item in feed["items"]}
    assert set(items) == {conformance.hostile["uri"], conformance.corrected["uri"]}
    assert conformance.killed["uri"] not in json.dumps(feed)

    for published in (conformance.hostile, conformance.corrected):
        item, row = items[published["uri"]], stored(conformance, published["public_id"])
        assert item["title"] == published["headline"]
        assert item["permalink"] == row.original_url  # this partner's licence: the original
        assert same_second(item["date"], published["first_published_at"])
        if kind == "atom":
            assert same_second(item["updated"], published["version_at"])
            assert item["contributors"] == row.translators
        assert item["authors"] == [row.original_byline]
        # The lead image: every enclosure SimplePie found is the one image, typed.
        assert item["enclosures"]
        for enclosure in item["enclosures"]:
            assert (enclosure["link"], enclosure["type"]) == (row.lead_image_url, "image/jpeg")
        assert any(enclosure["medium"] == "image" for enclosure in item["enclosures"])
        assert "Sumber: Daily Example</a>" in item["content"]
        assert f'href="{row.original_url}"' in item["content"]
        assert item["version"] == str(published["version"])


def test_simplepie_keeps_the_id_across_a_correction(conformance, read) -> None:
    _, feed = read
    v1, v2 = conformance.corrected_v1, conformance.corrected
    assert (v1["uri"], v1["version"], v2["version"]) == (v2["uri"], 1, 2)
    [item] = [item for item in feed["items"] if item["id"] == v1["uri"]]
    assert item["version"] == "2"
    assert "Kalimat yang diperbaiki tentang Aghdara." in item["content"]
    assert "Koreksi (versi 2): Nama wilayah diperbaiki." in item["content"]
    # First published with version 1: the date an importer sorts by does not move.
    assert same_second(item["date"], v1["first_published_at"])


def test_simplepie_shows_hostile_text_as_text(conformance, read) -> None:
    kind, feed = read
    [item] = [item for item in feed["items"] if item["id"] == conformance.hostile["uri"]]
    assert_inert(item["content"])
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in item["content"]
    for kept in ("\u200fمرحبا\u200e", "🇮🇩 😀", "𝔚𝔞𝔯𝔱𝔞 𠀋"):
        assert kept in item["content"]
    if kind == "rss":  # <description> is HTML to RSS readers: the plain summary is escaped
        assert_inert(item["description"])
        assert "&lt;script&gt;alert('x')&lt;/script&gt;" in item["description"]
