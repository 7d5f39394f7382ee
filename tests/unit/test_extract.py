"""Extraction: metadata, the body as ordered paragraphs, and no page furniture in it.

en_news_full.html and tr_news_full.html are WordPress-style news pages with
everything the example article shipped with (rating widget, comment section,
"error: Content is protected !!") plus nav, share bars, related lists, a
cookie banner and a newsletter box.
"""

from dataclasses import dataclass

import pytest
import trafilatura
from lxml.etree import Element, SubElement, _Element

from tests.support import PAGES
from worker import extract
from worker.errors import StageError
from worker.extract import extract_article


@dataclass(frozen=True)
class Page:
    file: str
    url: str
    paragraphs: list[str]
    metadata: dict[str, str]
    boilerplate: list[str]  # page furniture: none of it may reach a paragraph
    leaked_by_trafilatura: list[str]  # furniture that trafilatura.extract() keeps


ENGLISH = Page(
    file="en_news_full.html",
    url="https://www.dailyexample.com/world/turkey-indonesia-defense-deal?utm_source=x",
    paragraphs=[
        "ANKARA — Turkey and Indonesia signed a defense industry cooperation agreement on "
        "Tuesday, expanding the joint production of armored vehicles and naval drones, "
        "officials said.",
        "Foreign Minister Mevlüt Çavuşoğlu hosted his Indonesian counterpart Retno Marsudi in "
        "Ankara, where the two ministers chaired the first meeting of a new strategic dialogue.",
        "“Our cooperation is no longer limited to trade,” Çavuşoğlu told reporters after the "
        "talks. “We are building capabilities together.”",
        "Under the agreement, Indonesian engineers will train at facilities run by the Ministry "
        "of National Defense, and the first jointly built vehicles are expected to roll off the "
        "line in 2025.",
        "President Recep Tayyip Erdoğan is scheduled to visit Jakarta early next year, the "
        "ministry said in a statement, without giving a date.",
        "Trade between the two countries reached $2.6 billion last year, according to the "
        "Turkish Statistical Institute (TurkStat), and both governments aim to raise it to "
        "$10 billion.",
        "Marsudi said Indonesia welcomed Turkish investment in infrastructure and renewable "
        "energy, adding that talks on a free trade agreement would resume in March.",
        "Analysts say the deal reflects Ankara’s push to expand defense exports in Southeast "
        "Asia, where Turkish drones have drawn growing interest from several navies.",
    ],
    metadata={
        "title": "Turkey and Indonesia sign defense deal as Çavuşoğlu hosts Marsudi",
        "byline": "Jane Harrow",
        "published_at": "2024-11-12T10:30:00+03:00",  # as article:published_time gives it
        "site_name": "Daily Example",
        "lead_image_url": "https://cdn.dailyexample.com/2024/11/cavusoglu-marsudi-ankara.jpg",
        # rel=canonical, not og:url with its utm_ parameters
        "canonical_url": "https://www.dailyexample.com/world/turkey-indonesia-defense-deal",
    },
    boilerplate=[
        "We use cookies",
        "Accept",
        "Privacy",
        "Home",
        "Politics",
        "By Jane Harrow",
        "Share this",
        "Facebook",
        "WhatsApp",
        "Advertisement",
        "Read more",
        "Erdoğan plans Asia tour",
        "4.6",
        "votes",
        "Morning Brief",
        "newsletter",
        "Follow us",
        "Related Posts",
        "Indonesia eyes Turkish drones",
        "Subscribe",
        "Article Rating",
        "Rate this post",
        "★",
        "Comments",
        "Most Voted",
        "Inline Feedbacks",
        "View all comments",
        "Azhari",
        "long overdue",
        "Muhammad Nur",
        "Would love your thoughts",
        "error:",
        "Content is protected",
        "All rights reserved",
    ],
    leaked_by_trafilatura=[
        "Read more: Erdoğan plans Asia tour",
        "Sign up for our daily newsletter",
        "Follow us on Google News",
        "Rate this post",
        "This agreement is long overdue",
    ],
)

TURKISH = Page(
    file="tr_news_full.html",
    url="https://www.ornekhaber.com.tr/dunya/cavusoglu-marsudi-gorusmesi-2048",
    paragraphs=[
        "ANKARA (AA) - Dışişleri Bakanı Mevlüt Çavuşoğlu, Endonezya Dışişleri Bakanı Retno "
        "Marsudi ile Ankara'da bir araya geldi.",
        "Görüşmede iki ülke arasındaki savunma sanayii iş birliğinin geliştirilmesi ele alındı. "
        "Bakanlar, yeni stratejik diyalog mekanizmasının ilk toplantısına başkanlık etti.",
        'Çavuşoğlu, görüşmenin ardından düzenlenen ortak basın toplantısında, "İş birliğimiz '
        'artık yalnızca ticaretle sınırlı değil, birlikte kabiliyet inşa ediyoruz" dedi.',
        "Milli Savunma Bakanlığı'ndan yapılan yazılı açıklamada, Endonezyalı mühendislerin "
        "Türkiye'deki tesislerde eğitim alacağı ve ilk ortak üretim araçlarının 2025'te teslim "
        "edileceği bildirildi.",
        "Cumhurbaşkanı Recep Tayyip Erdoğan'ın gelecek yılın başında Cakarta'ya bir ziyaret "
        "gerçekleştirmesi bekleniyor.",
        "Türkiye İstatistik Kurumu (TÜİK) verilerine göre iki ülke arasındaki ticaret hacmi "
        "geçen yıl 2,6 milyar dolara ulaştı.",
        "Taraflar, ticaret hacmini 10 milyar dolara çıkarma hedefini yineledi. Serbest ticaret "
        "anlaşması müzakerelerinin mart ayında yeniden başlayacağı belirtildi.",
        "Uzmanlar, anlaşmanın Türkiye'nin Güneydoğu Asya'daki savunma ihracatını artırma "
        "çabasının bir parçası olduğunu değerlendiriyor.",
    ],
    metadata={
        "title": "Çavuşoğlu, Endonezya Dışişleri Bakanı Marsudi ile görüştü",
        "byline": "Ayşe Demir",  # the page says "Yazan: Ayşe Demir - 12 Kasım 2024"
        "published_at": "2024-11-12T13:45:00+03:00",
        "site_name": "Örnek Haber",
        "lead_image_url": "https://cdn.ornekhaber.com.tr/uploads/2024/11/cavusoglu-marsudi.jpg",
        # a relative rel=canonical, resolved against the page's URL
        "canonical_url": "https://www.ornekhaber.com.tr/dunya/cavusoglu-marsudi-gorusmesi-2048",
    },
    boilerplate=[
        "çerez",
        "Kabul Et",
        "Anasayfa",
        "Gündem",
        "Yazan",
        "Paylaş",
        "paylaş",
        "Facebook",
        "Reklam",
        "İlgili Haberler",
        "Endonezya'ya ihracatta yeni rekor",
        "Akar, Cakarta'da",
        "değerlendirin",
        "★",
        "oy, ortalama",
        "bültenimize",
        "takip edin",
        "Yorum",
        "Mehmet Yılmaz",
        "Çok önemli bir anlaşma",
        "Zeynep Kaya",
        "Tüm hakları saklıdır",
        "error:",
        "Content is protected",
    ],
    leaked_by_trafilatura=[
        "İlgili Haberler: Endonezya'ya ihracatta yeni rekor",
        "Bu haberi değerlendirin",
        "(12 oy, ortalama: 4,50 / 5)",
        "bültenimize abone olun",
        "Bizi Twitter'da takip edin",
        "Çok önemli bir anlaşma",
    ],
)

NEWS_PAGES = [pytest.param(ENGLISH, id="en"), pytest.param(TURKISH, id="tr")]


def _html(page: Page) -> str:
    return (PAGES / page.file).read_text(encoding="utf-8")


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("page", NEWS_PAGES)
def test_every_body_paragraph_is_extracted_in_order(page: Page) -> None:
    assert extract_article(_html(page), page.url).paragraphs == page.paragraphs


@pytest.mark.parametrize("page", NEWS_PAGES)
def test_no_page_furniture_reaches_a_paragraph(page: Page) -> None:
    paragraphs = extract_article(_html(page), page.url).paragraphs
    leaks = [(text, p) for text in page.boilerplate for p in paragraphs if text in p]
    assert leaks == []


@pytest.mark.parametrize("page", NEWS_PAGES)
def test_metadata_is_exact(page: Page) -> None:
    article = extract_article(_html(page), page.url)
    assert {field: getattr(article, field) for field in page.metadata} == page.metadata


@pytest.mark.parametrize("page", NEWS_PAGES)
def test_cleans_up_what_trafilatura_defaults_leave_in(page: Page) -> None:
    plain = trafilatura.extract(_html(page)) or ""
    body = "\n".join(extract_article(_html(page), page.url).paragraphs)
    for text in page.leaked_by_trafilatura:
        assert text in plain  # the reason for Warta's cleanup: still true of trafilatura?
        assert text not in body


@pytest.mark.parametrize("page", NEWS_PAGES)
def test_str_and_bytes_give_the_same_article(page: Page) -> None:
    html = _html(page)
    assert extract_article(html.encode("utf-8"), page.url) == extract_article(html, page.url)


def test_a_paywall_notice_is_no_article() -> None:
    html = _page(
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
        "<main><article><h1>Ministers meet in Ankara</h1>"
        "<div class='paywall-notice'><p>Subscribe to continue reading.</p>"
        "<p>Already a subscriber? Log in.</p></div></article></main>"
        "<footer><p>© 2024 Daily Example</p></footer>",
        head="<title>Ministers meet in Ankara</title>",
    )
    with pytest.raises(StageError) as caught:
        extract_article(html, "https://www.dailyexample.com/world/ministers")
    assert caught.value.code == "no_article_content"


def test_a_page_without_text_is_no_article() -> None:
    with pytest.raises(StageError) as caught:
        extract_article(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "http://x/")
    assert caught.value.code == "no_article_content"


BODY = [
    "The ministry declined to comment on the report, which was published on Monday.",
    "Share prices of defense companies rose 3% in Istanbul after the announcement.",
    "More than 200 delegates attended the opening session of the two-day conference.",
    "Sponsored by the foreign ministry, the program has trained 400 diplomats since 2015.",
]


@pytest.mark.parametrize(
    "wrapper", ["post has-comments", "Page-ad-margins", "commentary", "subscription-content"]
)
def test_article_text_that_sounds_like_furniture_stays(wrapper: str) -> None:
    # Real sentences about comments, shares or sponsors are not widgets, and a wrapper
    # whose class names furniture still holds the article.
    paragraphs = "".join(f"<p>{text}</p>" for text in BODY)
    html = _page(f"<article><div class='{wrapper}'>{paragraphs}</div></article>")
    assert extract_article(html, "https://x.example/a").paragraphs == BODY


@pytest.mark.parametrize(
    ("author", "byline"),
    [
        ("By Jane Harrow", "Jane Harrow"),
        ("By Jane Harrow, November 12, 2024", "Jane Harrow"),
        ("Jane Harrow | 12.11.2024 10:30", "Jane Harrow"),
        ("Yazan: Ayşe Demir - 12 Kasım 2024", "Ayşe Demir"),
        ("Jane Harrow 2024-11-12T10:30:00+03:00", "Jane Harrow"),
        ("By Jane Harrow and Ali Kaya", "Jane Harrow; Ali Kaya"),
    ],
)
def test_byline_is_names_without_by_or_dates(author: str, byline: str) -> None:
    html = _page(
        "<article>" + "".join(f"<p>{text}</p>" for text in BODY) + "</article>",
        head=f'<meta name="author" content="{author}">',
    )
    assert extract_article(html, "https://x.example/a").byline == byline


def test_english_article_metadata_and_body() -> None:
    article = extract_article((PAGES / "en_article.html").read_bytes(), "https://x.example/a")
    assert (
        article.title == "Azerbaijan says army retakes strategic hills as clashes enter sixth day"
    )
    assert article.byline == "Ayşe Yılmaz"
    assert article.published_at == "2020-10-02T09:30:00+03:00"
    assert article.site_name == "Daily Example"
    assert article.canonical_url == "https://news.example.org/world/azerbaijan-hills"
    assert article.lead_image_url == "https://static.example.org/img/lead-aghdara.jpg"
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("The Azerbaijani army has liberated")
    body = " ".join(article.paragraphs)
    assert "Home" not in body and "Copyright" not in body


# --- when precision mode finds little: trafilatura's fallbacks, then a balanced run ----------

ASIDE_URL = "https://www.dailyexample.com/politics/revised-budget"
ASIDE_PARAGRAPHS = [
    "JAKARTA — Indonesia’s parliament passed a revised state budget on Friday after a night "
    "of negotiations over school funding, clearing the way for the president to sign it "
    "within days.",
    "Lawmakers from the governing coalition added about 300 trillion rupiah for public "
    "schools after teachers’ unions warned that an expanded voucher program would leave "
    "state schools short.",
    "The final vote came shortly after 2:30 a.m., when both chambers approved the two-year "
    "plan largely along party lines.",
    "The finance minister told reporters that the budget would fund new regional development "
    "grants and end the textbook fees that families now pay.",
    "Opposition members said the deal had been rushed and that several provisions were added "
    "without public hearings.",
]


def test_a_story_precision_mode_misses_is_found_by_the_fallback_extractors() -> None:
    # Modeled on WashingtonTimes (Fundus corpus): the story sits in an <aside>.
    html = (PAGES / "en_article_in_aside.html").read_text(encoding="utf-8")
    fast = trafilatura.extract(html, fast=True, favor_precision=True, include_comments=False)
    assert not fast  # the reason for the fallback: still true of trafilatura?
    article = extract_article(html, ASIDE_URL)
    assert article.paragraphs == ASIDE_PARAGRAPHS
    assert article.published_at == "2024-11-15T06:40:00+07:00"


ARTICLE = " ".join(BODY + BODY)  # 643 characters: over _SHORT_BODY
TEASER = BODY[0]  # 78
THREE = " ".join(BODY[:3])  # 236: over twice the teaser, under _RECOVERY_MINIMUM
FOUR = " ".join(BODY)  # 321: over _RECOVERY_MINIMUM, under twice THREE

Step = tuple[bool, bool]  # (favor_precision, fast)
PRECISION_FAST, PRECISION_FALLBACKS, BALANCED = (True, True), (True, False), (False, False)


def _trafilatura_finds(monkeypatch: pytest.MonkeyPatch, found: dict[Step, str]) -> list[Step]:
    """Each step of the cascade finds the given text (or nothing); the steps asked, in order."""
    asked: list[Step] = []

    def body(tree: object, url: str, favor_precision: bool, fast: bool) -> _Element | None:
        asked.append((favor_precision, fast))
        text = found.get((favor_precision, fast))
        if text is None:
            return None
        element = Element("body")
        SubElement(element, "p").text = text
        return element

    monkeypatch.setattr(extract, "_trafilatura_body", body)
    return asked


def _paragraphs() -> list[str]:
    return extract_article(
        _page("<p>Whatever the page says.</p>"), "https://x.example/a"
    ).paragraphs


def test_a_full_article_in_precision_mode_asks_no_more(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _trafilatura_finds(monkeypatch, {PRECISION_FAST: ARTICLE})
    assert _paragraphs() == [ARTICLE]
    assert asked == [PRECISION_FAST]  # the fallbacks cost time: only short pages pay it


def test_the_fallback_extractors_come_next(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _trafilatura_finds(monkeypatch, {PRECISION_FALLBACKS: ARTICLE})
    assert _paragraphs() == [ARTICLE]
    assert asked == [PRECISION_FAST, PRECISION_FALLBACKS]


def test_a_balanced_run_replaces_a_teaser(monkeypatch: pytest.MonkeyPatch) -> None:
    found = {PRECISION_FAST: TEASER, PRECISION_FALLBACKS: TEASER, BALANCED: ARTICLE}
    asked = _trafilatura_finds(monkeypatch, found)
    assert _paragraphs() == [ARTICLE]
    assert asked == [PRECISION_FAST, PRECISION_FALLBACKS, BALANCED]


def test_where_precision_finds_no_article_a_short_balanced_find_is_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A news brief under _RECOVERY_MINIMUM that only balanced mode finds: trafilatura's
    # defaults would return it, so Warta must not answer no_article_content.
    _trafilatura_finds(monkeypatch, {BALANCED: THREE})
    assert _paragraphs() == [THREE]


@pytest.mark.parametrize(
    ("precise", "balanced"),
    [(TEASER, THREE), (THREE, FOUR)],
    ids=["a notice-sized scrap", "not twice as much"],
)
def test_a_balanced_run_must_find_clearly_more(
    monkeypatch: pytest.MonkeyPatch, precise: str, balanced: str
) -> None:
    # Balanced mode scrapes menus and notices off a page as a last resort.
    _trafilatura_finds(monkeypatch, {PRECISION_FAST: precise, BALANCED: balanced})
    assert _paragraphs() == [precise]
