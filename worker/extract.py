"""Extract the article from a page: metadata and the body as ordered paragraphs.

trafilatura finds the body: precision mode first, its fallback extractors and
a balanced run only where that finds little, so Warta never gives up on a
page before trafilatura's defaults do. Around it Warta removes what
trafilatura lets through on news pages (comment and rating widgets, share
bars, related links, newsletter boxes, cookie banners, copy-protection
notices): every such line in a translated article costs a translator time,
or ships to readers. Each rule family is named; none may cost either corpus
of bench/extraction.py F1, and each helps on both or removes furniture
PRODUCT.md names.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document

from worker.dates import published_at
from worker.errors import StageError

NO_CONTENT = "No article text was found on the page."
# trafilatura falls back to whatever text a page has, a menu's "Home" included: fewer
# words than the shortest news brief is not an article.
_MIN_ARTICLE_WORDS = 10


@dataclass
class ExtractedArticle:
    title: str | None
    byline: str | None
    published_at: str | None  # "2025-03-16T08:15:00+03:00", or "2025-03-16" (worker/dates.py)
    site_name: str | None
    lead_image_url: str | None
    canonical_url: str | None
    paragraphs: list[str] = field(default_factory=list)


def extract_article(content: str | bytes, url: str) -> ExtractedArticle:
    """The article in `content`: decoded, repaired HTML (str), or raw bytes."""
    tree = trafilatura.load_html(content)
    if tree is None:
        raise StageError("no_article_content", NO_CONTENT)
    # Metadata first, from the whole page: bylines and dates often sit in furniture.
    # (extract_metadata leaves the tree as it found it; pruning then works in place.)
    metadata = extract_metadata(tree, default_url=url)
    canonical_url = _canonical_link(tree, url) or metadata.url
    published = published_at(tree, metadata.date)
    body = _extract_body(_prune_furniture(tree), url)
    paragraphs = _drop_boilerplate(_paragraphs(body, metadata.title))
    if sum(len(text.split()) for text in paragraphs) < _MIN_ARTICLE_WORDS:
        raise StageError("no_article_content", NO_CONTENT)
    return ExtractedArticle(
        title=metadata.title,
        byline=_clean_byline(metadata.author),
        published_at=published,
        site_name=metadata.sitename,
        lead_image_url=metadata.image,
        canonical_url=canonical_url,
        paragraphs=paragraphs,
    )


# --- the body ------------------------------------------------------------------------------

# Below this many characters of text, precision mode has probably fastened on a teaser,
# a notice or nothing at all instead of the article (a paywalled page that still carries
# the text, a layout its rules do not know) ...
_SHORT_BODY = 500
# ... and a balanced run that finds this many times more text is taken instead, if it
# finds as much as trafilatura itself calls an extraction (MIN_EXTRACTED_SIZE): less is
# a menu or a notice that balanced mode scraped off the page as a last resort.
_RECOVERY_FACTOR = 2
_RECOVERY_MINIMUM = 250


def _extract_body(tree: HtmlElement, url: str) -> _Element | None:
    """The body, asking trafilatura in three steps, each only when the last found little.

    1. Precision mode, fast: boilerplate costs a translator more than a lost caption.
    2. Precision mode with trafilatura's fallback extractors (readability, jusText):
       pages whose layout its own rules miss (WashingtonTimes on the Fundus corpus:
       nothing in step 1, the whole article here).
    3. Balanced mode, as trafilatura's defaults run (fallbacks, baseline, recall
       escalation): so Warta never gives up on a page before trafilatura does.
    Only short pages pay for steps 2 and 3 (bench/extraction.py: pages/s).
    """
    body = _trafilatura_body(tree, url, favor_precision=True, fast=True)
    if _length(body) >= _SHORT_BODY:
        return body
    body = _longer(body, _trafilatura_body(tree, url, favor_precision=True, fast=False))
    if _length(body) >= _SHORT_BODY:
        return body
    recovered = _trafilatura_body(tree, url, favor_precision=False, fast=False)
    if _words(body) < _MIN_ARTICLE_WORDS:
        # Precision found no article at all: whatever trafilatura's defaults find is
        # taken (a short brief, say), so Warta never gives up where they would not.
        return _longer(body, recovered)
    found = _length(recovered)
    if found >= _RECOVERY_MINIMUM and found > _RECOVERY_FACTOR * _length(body):
        return recovered
    return body


def _trafilatura_body(
    tree: HtmlElement, url: str, favor_precision: bool, fast: bool
) -> _Element | None:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=True,  # tables of results or figures are part of the story
        include_formatting=False,
        fast=fast,
    )
    return document.body if isinstance(document, Document) else None


def _longer(first: _Element | None, second: _Element | None) -> _Element | None:
    return second if _length(second) > _length(first) else first


def _words(body: _Element | None) -> int:
    return 0 if body is None else len("".join(body.itertext()).split())


def _length(body: _Element | None) -> int:
    return 0 if body is None else len(" ".join("".join(body.itertext()).split()))


# --- before extraction: drop page furniture by what the page calls it ----------------------

# Words in class, id, role and aria-label values that name furniture trafilatura lets
# through. Each family was switched off in turn on both corpora of bench/extraction.py
# (scrapinghub and Fundus). A family that costs either corpus F1 is dropped (ratings:
# a scrapinghub page lost its poll results). One stays if it helps on both (newsletter),
# or if it costs neither and removes furniture PRODUCT.md says must never reach an
# article (comment sections, related links, share buttons, cookie banners,
# copy-protection text), which the test pages pin. Dropped as tuned to one corpus or
# to none: ads (scrapinghub only), follow (neither).
_FURNITURE_WORDS: dict[str, str] = {
    "newsletter": r"newsletter|subscribe|subscription|signup",
    "comments": r"comments?|commentlist|wpdiscuz|wpd|disqus",
    "related": r"related|relatedposts|crp",
    "share": r"share|sharing|sharebar|sharedaddy|addtoany|a2a|social",
    "cookies": r"cookies?|consent|gdpr",
    "copy protection": r"wpcp",
}
# A listed word as a whole word of the name: bounded by start or end, "-", "_", whitespace
# or a camelCase step, so "newsletter-box" and "footerSignup" match and "commentary",
# "shared" or "subscribers" do not. Words match in any case; boundaries need the real case.
_FURNITURE = re.compile(
    r"(?:^|(?<=[-_\s])|(?<=[a-z])(?=[A-Z]))(?i:"
    + "|".join(_FURNITURE_WORDS.values())
    + r")(?=$|[-_\s]|(?<=[a-z])[A-Z])"
)
_NAMED = "//*[@class or @id or @role or @aria-label]"
_NAMING_ATTRIBUTES = ("class", "id", "role", "aria-label")
_LANDMARKS = {"html", "body", "main", "article"}
# A container with this share of the page's paragraph text is the article's own wrapper,
# whatever its class says ("subscription-content" on a metered page).
_WRAPPER_SHARE = 0.5


def _prune_furniture(tree: HtmlElement) -> HtmlElement:
    """The tree, changed in place, without the elements named as furniture."""
    page_text = _paragraph_text(tree)
    doomed = [
        element
        for element in tree.xpath(_NAMED)
        if element.tag not in _LANDMARKS
        and _names_furniture(element)
        and _paragraph_text(element) <= _WRAPPER_SHARE * page_text
    ]
    for element in doomed:
        _remove(element)
    return tree


def _names_furniture(element: HtmlElement) -> bool:
    return _is_furniture_name(" ".join(element.get(name, "") for name in _NAMING_ATTRIBUTES))


@lru_cache(maxsize=4096)
def _is_furniture_name(names: str) -> bool:
    # Cached: a page repeats the same few class names thousands of times.
    return _FURNITURE.search(names) is not None


def _paragraph_text(element: HtmlElement) -> int:
    """How much paragraph text is inside: where the article is, scripts not counted."""
    return sum(len(paragraph.text_content()) for paragraph in element.iter("p"))


def _remove(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # The text after the element belongs to its parent: keep it.
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# --- from trafilatura's tree to paragraphs ------------------------------------------------

# Elements of trafilatura's output that start a new paragraph. A line break (lb) does too:
# pages use <br><br> where they mean a new paragraph.
_BLOCKS = {"body", "div", "p", "head", "item", "list", "quote", "table", "row", "code", "lb"}
_CELL_SEPARATOR = " | "


def _paragraphs(body: _Element | None, title: str | None) -> list[str]:
    """Block texts in document order, loose text between blocks included."""
    paragraphs: list[str] = []
    if body is None:
        return paragraphs
    buffer: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text and text != title:  # the headline is metadata, not body
            paragraphs.append(text)

    def walk(element: _Element) -> None:
        block = element.tag in _BLOCKS
        if block:
            flush()
        if element.tag == "cell" and element.getprevious() is not None:
            buffer.append(_CELL_SEPARATOR)
        buffer.append(element.text or "")
        for child in element:
            walk(child)
            buffer.append(child.tail or "")
        if block:
            flush()

    walk(body)
    flush()
    return paragraphs


# --- after extraction: drop lines that are known furniture ---------------------------------

# Whole-paragraph patterns, tested on short paragraphs only: a real paragraph that
# mentions a newsletter or a related story is longer than the box that says so.
_SHORT = 160
# Same bar as the furniture words. Kept, costing neither corpus and named in PRODUCT.md:
# copy protection, rating, comments, share, cookies. Dropped: reading time, tags
# (scrapinghub only); ad label, paywall (neither).
_BOILERPLATE_LINES: dict[str, str] = {
    "copy protection": r"(?:error:\s*)?content\s+is\s+protected\s*!*",
    "rating": r"(?:rate\s+this\s+(?:post|article|story)|click\s+to\s+rate|article\s+rating"
    r"|bu\s+(?:haberi|içeriği)\s+değerlendirin).*"
    r"|.*\(?\d+\s+(?:votes?|oy),\s+(?:average|ortalama):.*"
    r"|[\d.,\s/()]*(?:votes?|ratings?|stars?|oy)\)?",
    "comments": r"(?:\d+\s+)?(?:comments?|yorum(?:lar)?|responses?)"
    r"|(?:notify\s+of|inline\s+feedbacks|view\s+all\s+comments|leave\s+a\s+(?:reply|comment)"
    r"|would\s+love\s+your\s+thoughts|yorum\s+yap).*",
    "share": r"(?:share|share\s+this|share\s+on\s+\w+|(?:haberi\s+)?paylaş)"
    r"(?:\s+(?:article|story|post))?:?"
    r"|.*\bshare\s+(?:it|this)\s+with\s+a\s+friend\b.*",
    "cookies": r".*\bwe\s+use\s+cookies\b.*|.*\bthis\s+(?:web)?site\s+uses\s+cookies\b.*"
    r"|.*\bçerez(?:ler)?\b.*\bkullan.*",
    "follow": r"follow\b.*\bon\s+(?:facebook|twitter|instagram|telegram|youtube|linkedin"
    r"|tiktok|google\s+news|x)\b.*|.*\bfollow\s+(?:us|him|her|them|me)\s+on\b.*"
    r"|bizi\b.*\btakip\s+edin\b.*",
    "related": r"(?:read\s+more|see\s+more|see\s+also|also\s+read|more|also|related(?:\s+post)?"
    r"|don.t\s+miss|ilgili\s+haber(?:ler)?|bunlar\s+da\s+ilginizi\s+çekebilir)\s*:.*"
    r"|\[related:.*|related(?:\s+(?:articles|posts|stories|news))?|you\s+may\s+also\s+like.*"
    r"|more\s+stories|ilgili\s+haberler|also\s+on\s+\S+\.\w+\s.*",
    "newsletter": r".*\b(?:subscrib\w*|sign\s+up|inbox)\b.*\bnewsletters?\b.*"
    r"|.*\bnewsletters?\b.*\b(?:subscrib\w*|sign\s+up)\b.*|.*\bbültenimize\b.*",
}
_BOILERPLATE = re.compile(
    "|".join(f"(?:{pattern})" for pattern in _BOILERPLATE_LINES.values()), re.IGNORECASE
)


def _drop_boilerplate(paragraphs: list[str]) -> list[str]:
    return [text for text in paragraphs if not _is_boilerplate(text)]


def _is_boilerplate(text: str) -> bool:
    return len(text) <= _SHORT and _BOILERPLATE.fullmatch(text) is not None


# --- metadata -----------------------------------------------------------------------------

_BY_PREFIX = re.compile(r"^(?:by|written\s+by|reporting\s+by|yazan)\b\s*:?\s*", re.IGNORECASE)
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ocak|şubat|mart|nisan|mayıs|haziran"
    r"|temmuz|ağustos|eylül|ekim|kasım|aralık"
)
_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    rf"|\b(?:{_MONTHS})\w*\.?\s+\d{{1,2}},?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}\s+(?:{_MONTHS})\w*\.?,?\s+\d{{4}}\b"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b",
    re.IGNORECASE,
)
# What a date leaves behind once trafilatura has split it off as a "name": "November".
_NOT_A_NAME = re.compile(rf"(?:(?:{_MONTHS})\w*\.?|[\W\d_]*)", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(r"\s*[;|]\s*")


def _clean_byline(author: str | None) -> str | None:
    """The authors' names alone: bylines come as "By Jane Doe, Oct 2, 2020 | 09:30"."""
    if not author:
        return None
    names = [_clean_name(part) for part in _AUTHOR_SEPARATOR.split(author)]
    kept = [name for name in dict.fromkeys(names) if not _NOT_A_NAME.fullmatch(name)]
    return "; ".join(kept) or None


def _clean_name(part: str) -> str:
    name = _DATE.sub(" ", _BY_PREFIX.sub("", part.strip()))
    return " ".join(name.split()).strip(" ,-–—/·")


def _canonical_link(tree: HtmlElement, url: str) -> str | None:
    for link in tree.iterfind(".//link[@rel][@href]"):
        href = link.get("href", "").strip()
        if href and "canonical" in link.get("rel", "").lower().split():
            return urljoin(url, href)  # relative hrefs are allowed
    return None
