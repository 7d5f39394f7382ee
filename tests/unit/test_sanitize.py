"""The published body: escaped text, the credit line, and nh3's allowlist."""

from hypothesis import given
from hypothesis import strategies as st

from core.sanitize import body_html, clean_html, credit_text, plain_text
from core.snapshot import clean_headline, lede_headline
from tests.syndication_support import Markup, assert_inert

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<p onclick="alert(1)" style="position:fixed">teks</p>',
    "<iframe src=https://evil.example/></iframe>",
    '<a href="/relatif">r</a>',
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    "<svg onload=alert(1)><circle/></svg>",
    "<style>body{display:none}</style>",
    "<!-- komentar --><em>miring</em>",
]


def test_hostile_text_in_a_translation_stays_text() -> None:
    body = body_html(
        [f"Kutipan {snippet} di sini." for snippet in HOSTILE],
        credit_line="Sumber: Daily Sabah",
        original_url="https://www.dailysabah.com/world/x?a=1&b=2",
    )
    assert_inert(body)
    assert Markup(body).tags == ["p"] * len(HOSTILE) + ["p", "a"]
    # The reader still sees what the source quoted, as text.
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "Kutipan <script>alert(1)</script> di sini." in plain_text(body)


def test_the_credit_line_closes_the_body_with_a_link_to_the_original() -> None:
    body = body_html(
        ["Paragraf satu.", "Paragraf dua."],
        credit_line="Daily Sabah",
        original_url="https://www.dailysabah.com/world/x?a=1&b=2",
    )
    assert body.endswith(
        '<p><a href="https://www.dailysabah.com/world/x?a=1&amp;b=2" '
        'rel="noopener noreferrer">Sumber: Daily Sabah</a></p>'
    )
    assert body.startswith("<p>Paragraf satu.</p>\n<p>Paragraf dua.</p>")


def test_a_correction_note_is_visible_in_the_body() -> None:
    body = body_html(
        ["Isi."],
        credit_line="Sumber: AA",
        original_url="https://aa.com.tr/x",
        correction_note="Nama menteri <b>diperbaiki</b>.",
        version=3,
    )
    assert "<p><em>Koreksi (versi 3): Nama menteri &lt;b&gt;diperbaiki&lt;/b&gt;.</em></p>" in body


def test_a_non_web_original_url_gets_a_credit_without_a_link() -> None:
    body = body_html(["Isi."], credit_line="Sumber: AA", original_url="javascript:alert(1)")
    assert body.endswith("<p>Sumber: AA</p>")


def test_credit_text_says_sumber_once() -> None:
    assert credit_text("Sumber: Anadolu Agency") == "Sumber: Anadolu Agency"
    assert credit_text("Anadolu Agency") == "Sumber: Anadolu Agency"


def test_the_allowlist_keeps_news_markup_and_drops_the_rest() -> None:
    kept = (
        "<h2>Sub</h2><p><strong>Tebal</strong> <em>miring</em></p><ul><li>a</li></ul>"
        "<ol><li>b</li></ol><blockquote>kutipan</blockquote>"
    )
    assert clean_html(kept) == kept
    for snippet in HOSTILE:
        assert_inert(clean_html(snippet))
    assert clean_html(HOSTILE[0]) == ""
    assert clean_html(HOSTILE[5]) == '<a rel="noopener noreferrer">r</a>'


fragments = st.lists(
    st.sampled_from(
        [*HOSTILE, "<p>", "</p>", "<a href='https://x.org'>", "</a>", "<", ">", "&", '"', "teks "]
    ),
    max_size=12,
).map("".join)


@given(fragments)
def test_sanitising_is_idempotent_and_leaves_only_the_allowlist(fragment: str) -> None:
    once = clean_html(fragment)
    assert clean_html(once) == once
    assert_inert(once)


@given(st.lists(st.text(max_size=40), max_size=5))
def test_any_translated_text_makes_an_inert_body(paragraphs: list[str]) -> None:
    body = body_html(paragraphs, credit_line="Sumber: X", original_url="https://x.org/a")
    assert_inert(body)
    assert Markup(body).tags.count("a") == 1


def test_headlines_are_plain_text_without_angle_brackets() -> None:
    assert clean_headline("<script>alert(1)</script> Judul  <b>baru</b> a<b") == (
        "alert(1) Judul baru a b"
    )
    long = "Tentara Azerbaijan " + "membebaskan beberapa titik kritis " * 10 + ". Kalimat dua."
    cut = lede_headline([long])
    assert cut.endswith("…") and len(cut) <= 151 and "Kalimat" not in cut
    assert lede_headline(["Kalimat pendek. Kalimat dua."]) == "Kalimat pendek."
