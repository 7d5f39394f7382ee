"""Extract the article from a page: metadata and the body as ordered paragraphs.

trafilatura finds the body. Around it Warta removes what trafilatura lets
through on news pages (rating widgets, comment plugins, share bars, related
links, newsletter boxes, copy-protection notices...): every such line in a
translated article costs a translator time, or ships to readers. Each rule
is named, and kept only where bench/extraction.py shows it does no harm.
"""

import re
from copy import deepcopy
from dataclasses import dataclass, field
from urllib.parse import urljoin

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document

from worker.errors import StageError

NO_CONTENT = "No article text was found on the page."


@dataclass
class ExtractedArticle:
    title: str | None
    byline: str | None
    published_at: str | None
    site_name: str | None
    lead_image_url: str | None
    canonical_url: str | None
    paragraphs: list[str] = field(default_factory=list)


def extract_article(content: str | bytes, url: str) -> ExtractedArticle:
    """The article in `content`: decoded, repaired HTML (str), or raw bytes."""
    tree = trafilatura.load_html(content)
    if tree is None:
        raise StageError("no_article_content", NO_CONTENT)
    # Metadata reads the whole page: bylines and dates often sit in pruned furniture.
    metadata = extract_metadata(deepcopy(tree), default_url=url)
    body = _extract_body(_prune_furniture(tree), url)
    paragraphs = _drop_boilerplate(_paragraphs(body, metadata.title))
    if not paragraphs:
        raise StageError("no_article_content", NO_CONTENT)
    return ExtractedArticle(
        title=metadata.title,
        byline=_clean_byline(metadata.author),
        published_at=metadata.date,
        site_name=metadata.sitename,
        lead_image_url=metadata.image,
        canonical_url=_canonical_link(tree, url) or metadata.url,
        paragraphs=paragraphs,
    )


# --- the body ------------------------------------------------------------------------------

# Below this many characters of text, precision mode has probably fastened on a teaser
# or a notice instead of the article ...
_SHORT_BODY = 500
# ... and a balanced run that finds this many times more text is taken instead.
_RECOVERY_FACTOR = 2


def _extract_body(tree: HtmlElement, url: str) -> _Element | None:
    # favor_precision: boilerplate costs a translator more than a lost caption does.
    body = _trafilatura_body(tree, url, favor_precision=True)
    if _length(body) < _SHORT_BODY:
        recovered = _trafilatura_body(tree, url, favor_precision=False)
        if _length(recovered) > _RECOVERY_FACTOR * _length(body):
            return recovered
    return body


def _trafilatura_body(tree: HtmlElement, url: str, favor_precision: bool) -> _Element | None:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=True,  # tables of results or figures are part of the story
        include_formatting=False,
    )
    return document.body if isinstance(document, Document) else None


def _length(body: _Element | None) -> int:
    return 0 if body is None else len(" ".join("".join(body.itertext()).split()))


# --- before extraction: drop page furniture by what the page calls it ----------------------

# Words in class, id, role and aria-label values that name furniture. Values are split at
# -, _, spaces and camelCase, so "kk-star-ratings" and "GoogleDfpAd" match by whole words
# and "commentary" or "shared" do not.
_FURNITURE_WORDS: dict[str, str] = {
    "comments": r"comments?|commentlist|wpdiscuz|wpd|disqus",
    "ratings": r"ratings?|stars?|votes?|kksr",
    "share": r"share|sharing|sharebar|sharedaddy|addtoany|a2a|social",
    "related": r"related|relatedposts|crp",
    "newsletter": r"newsletter|subscribe|subscription|signup",
    "cookies": r"cookies?|consent|gdpr",
    "ads": r"advert|advertisement|ads?|promo|sponsored",
    "copy protection": r"wpcp",
    "follow": r"follow",
}
_FURNITURE = re.compile("|".join(f"(?:{words})" for words in _FURNITURE_WORDS.values()))
_NAME_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")
_NAMING_ATTRIBUTES = ("class", "id", "role", "aria-label")
_LANDMARKS = {"html", "body", "main", "article"}
# A container with this share of the page's paragraph text is the article's own wrapper,
# whatever its class says ("Page-ad-margins", "post has-comments").
_WRAPPER_SHARE = 0.5


def _prune_furniture(tree: HtmlElement) -> HtmlElement:
    pruned = deepcopy(tree)
    page_text = _paragraph_text(pruned)
    doomed = [
        element
        for element in pruned.iter()
        if isinstance(element.tag, str)
        and element.tag not in _LANDMARKS
        and _names_furniture(element)
        and _paragraph_text(element) <= _WRAPPER_SHARE * page_text
    ]
    for element in doomed:
        _remove(element)
    return pruned


def _names_furniture(element: HtmlElement) -> bool:
    names = " ".join(element.get(attribute, "") for attribute in _NAMING_ATTRIBUTES)
    return any(_FURNITURE.fullmatch(word.lower()) for word in _NAME_SPLIT.split(names) if word)


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
# mentions advertising or comments is longer than the widget that says so.
_SHORT = 160
_BOILERPLATE_LINES: dict[str, str] = {
    "copy protection": r"(?:error:\s*)?content\s+is\s+protected\s*!*",
    "ad label": r"advertisement|advertising|reklam|sponsored(?:\s+content)?|ad",
    "rating": r"(?:rate\s+this\s+(?:post|article|story)|click\s+to\s+rate|article\s+rating"
    r"|bu\s+(?:haberi|içeriği)\s+değerlendirin).*"
    r"|.*\(?\d+\s+votes?,\s+average:.*|[\d.,\s/()]*(?:votes?|ratings?|stars?|oy)\)?",
    "comments": r"(?:\d+\s+)?(?:comments?|yorum(?:lar)?|responses?)"
    r"|(?:notify\s+of|inline\s+feedbacks|view\s+all\s+comments|leave\s+a\s+(?:reply|comment)"
    r"|would\s+love\s+your\s+thoughts|yorum\s+yap).*",
    "share": r"(?:share|share\s+this|share\s+on\s+\w+|paylaş)(?:\s+(?:article|story|post|haberi?))?:?"
    r"|.*\bshare\s+(?:it|this)\s+with\s+a\s+friend\b.*",
    "follow": r"(?:follow|bizi)\b.*\b(?:on|takip\s+edin)\b.*"
    r"(?:facebook|twitter|instagram|telegram|youtube|linkedin|tiktok|google\s+news|\bx\b).*"
    r"|.*\bfollow\s+(?:us|him|her|them|me)\s+on\b.*|.*\bbizi\s+takip\s+edin\b.*",
    "related": r"(?:read\s+more|see\s+more|see\s+also|also\s+read|more|also|related(?:\s+post)?"
    r"|don.t\s+miss|ilgili\s+haber(?:ler)?|bunlar\s+da\s+ilginizi\s+çekebilir)\s*:.*"
    r"|\[related:.*|related(?:\s+(?:articles|posts|stories|news))?|you\s+may\s+also\s+like.*"
    r"|more\s+stories|ilgili\s+haberler|also\s+on\s+\S+\.\w+\s.*",
    "newsletter": r".*\b(?:subscrib\w*|sign\s+up|inbox)\b.*\bnewsletters?\b.*"
    r"|.*\bnewsletters?\b.*\b(?:subscrib\w*|sign\s+up)\b.*|.*\bbültenimize\b.*",
    "paywall": r".*\b(?:subscribe|log\s+in|sign\s+in)\s+to\s+continue\s+reading\b.*"
    r"|already\s+a\s+(?:subscriber|member)\b.*|okumaya\s+devam\s+etmek\s+için\b.*",
    "cookies": r".*\bwe\s+use\s+cookies\b.*|.*\bthis\s+(?:web)?site\s+uses\s+cookies\b.*"
    r"|.*\bçerez(?:ler)?\b.*\bkullan.*",
    "copyright": r"(?:©|\(c\)\s|copyright\b).*|.*\ball\s+rights\s+reserved\b.*"
    r"|.*\btüm\s+hakları\s+saklıdır\b.*",
    "reading time": r"(?:\d+\s+min(?:ute)?s?\s+read|reading\s+time|okuma\s+süresi"
    r"|tempo\s+de\s+leitura)\b.*",
    "tags": r"(?:filed\s+under|tags|etiketler)\s*:.*",
}
_BOILERPLATE = re.compile(
    "|".join(f"(?:{pattern})" for pattern in _BOILERPLATE_LINES.values()), re.IGNORECASE
)


def _drop_boilerplate(paragraphs: list[str]) -> list[str]:
    return [text for text in paragraphs if not _is_boilerplate(text)]


def _is_boilerplate(text: str) -> bool:
    return len(text) <= _SHORT and _BOILERPLATE.fullmatch(text) is not None


# --- metadata -----------------------------------------------------------------------------

_BY_PREFIX = re.compile(r"^\s*(?:by|written\s+by|yazan|haber)\s*:?\s+", re.IGNORECASE)
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


def _clean_byline(author: str | None) -> str | None:
    """The author's name alone: bylines come as "By Jane Doe, Oct 2, 2020 | 09:30"."""
    if not author:
        return None
    name = _DATE.sub(" ", _BY_PREFIX.sub("", author))
    name = " ".join(name.split()).strip(" ,;|-–—/·")
    return name or None


def _canonical_link(tree: HtmlElement, url: str) -> str | None:
    for link in tree.iterfind(".//link[@rel][@href]"):
        href = link.get("href", "").strip()
        if href and "canonical" in link.get("rel", "").lower().split():
            return urljoin(url, href)  # relative hrefs are allowed
    return None
