"""Extraction: metadata, the body as ordered paragraphs, and no page furniture in it.

en_news_full.html and tr_news_full.html are WordPress-style news pages with
everything the example article shipped with (rating widget, comment section,
"error: Content is protected !!") plus nav, share bars, related lists, a
cookie banner and a newsletter box.
"""

from dataclasses import dataclass

import pytest
import trafilatura

from tests.support import PAGES
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
        "published_at": "2024-11-12",
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
        "published_at": "2024-11-12",
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


@pytest.mark.parametrize("wrapper", ["post has-comments", "Page-ad-margins", "commentary"])
def test_article_text_that_sounds_like_furniture_stays(wrapper: str) -> None:
    # Real sentences about comments, shares or sponsors are not widgets, and a wrapper
    # whose class mentions comments or ads still holds the article.
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
    assert article.published_at == "2020-10-02"
    assert article.site_name == "Daily Example"
    assert article.canonical_url == "https://news.example.org/world/azerbaijan-hills"
    assert article.lead_image_url == "https://static.example.org/img/lead-aghdara.jpg"
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("The Azerbaijani army has liberated")
    body = " ".join(article.paragraphs)
    assert "Home" not in body and "Copyright" not in body
