"""Extract the article from a page: metadata and the body as ordered paragraphs.

trafilatura finds the body; around it Warta removes what trafilatura's
defaults let through on news pages (rating widgets, comment plugins, share
bars, related lists, copy-protection notices...), because every such line
in a translated article is work for a translator and an embarrassment in
print. Rules are kept only where bench/extraction.py shows they pay off.
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
    """The article in `content`: decoded and repaired HTML (str), or raw bytes."""
    tree = trafilatura.load_html(content)
    if tree is None:
        raise StageError("no_article_content", NO_CONTENT)
    metadata = extract_metadata(deepcopy(tree), default_url=url)
    body = _extract_body(_prune_boilerplate(tree), url)
    paragraphs = _drop_boilerplate(_paragraphs(body, metadata.title)) if body is not None else []
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


def _extract_body(tree: HtmlElement, url: str) -> _Element | None:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        favor_precision=True,
    )
    return document.body if isinstance(document, Document) else None


# --- before extraction: drop page furniture by what the page calls it ----------------------

# Pieces of class/id names (split at -, _, spaces and camelCase) that name furniture
# trafilatura's own lists miss: WordPress rating and comment plugins (kk-star-ratings,
# wpDiscuz), copy-protection notices (wpcp), share, related and newsletter boxes.
_FURNITURE_PIECES = re.compile(
    r"^(?:comments?|commentlist|wpdiscuz|wpd|disqus|ratings?|rating|stars?|votes?|kksr"
    r"|share|sharing|sharebar|sharedaddy|social|related|relatedposts|newsletter|cookies?"
    r"|consent|gdpr|advert|advertisement|ads?|promo|subscribe|subscription|wpcp|follow)$"
)
_NAME_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")
_LANDMARKS = {"html", "body", "main", "article"}
# A container holding this share of the page's paragraph text is the article's own
# wrapper, whatever its class says ("Page-ad-margins", "post has-comments").
_WRAPPER_SHARE = 0.5


def _prune_boilerplate(tree: HtmlElement) -> HtmlElement:
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
    names = " ".join(
        element.get(attribute, "") for attribute in ("class", "id", "role", "aria-label")
    )
    return any(_FURNITURE_PIECES.match(piece.lower()) for piece in _NAME_SPLIT.split(names))


def _paragraph_text(element: HtmlElement) -> int:
    """How much paragraph text is inside: the measure of where the article is."""
    return sum(len(paragraph.text_content()) for paragraph in element.iter("p"))


def _remove(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return  # already gone with an ancestor
    # Keep the text that follows the element: it belongs to the parent.
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# --- from trafilatura's tree to paragraphs ------------------------------------------------

# Elements of trafilatura's output that start a new paragraph; a line break (lb) does too,
# because pages use <br><br> where they mean a new paragraph.
_BLOCKS = {"p", "head", "item", "quote", "list", "table", "row", "code", "lb", "div", "body"}


def _paragraphs(body: _Element, title: str | None) -> list[str]:
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text and text != title:
            paragraphs.append(text)  # the headline is metadata, not body

    def walk(element: _Element) -> None:
        block = element.tag in _BLOCKS
        if block:
            flush()
        if element.tag == "cell" and element.getprevious() is not None:
            buffer.append(" | ")
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

# Only short paragraphs are tested: a real paragraph that mentions "advertisement" stays.
_SHORT = 160
_BOILERPLATE = re.compile(
    r"""^(?:
        error:\s*content\s+is\s+protected.*
      | .*\bcontent\s+is\s+protected\s*!+
      | advertisement | advertising | reklam | sponsored | ad
      | (?:rate\s+this\s+(?:post|article|story)|click\s+to\s+rate|article\s+rating).*
      | .*\b(?:votes?|oy),?\s+(?:average|ortalama).*
      | [\d.,\s/]*(?:votes?|ratings?|stars?)
      | (?:\d+\s+)?(?:comments?|yorum(?:lar)?|responses?)\s*
      | (?:notify\s+of|inline\s+feedbacks|view\s+all\s+comments|leave\s+a\s+(?:reply|comment)).*
      | (?:share|share\s+this|share\s+on\s+\w+|paylaş)(?:\s*(?:article|story|post|haberi?))?:?
      | follow\s+us\s+on\b.* | bizi\s+takip\s+edin.*
      | (?:read\s+more|related|related\s+(?:articles|posts|stories|news)|you\s+may\s+also\s+like
         |more\s+stories|also\s+read|ilgili\s+haberler|bunlar\s+da\s+ilginizi\s+çekebilir).*
      | .*\b(?:subscribe|sign\s+up)\b.*\bnewsletter\b.* | .*\bnewsletter\b.*\b(?:subscribe|sign\s+up)\b.*
      | .*\b(?:subscribe|log\s+in|sign\s+in)\s+to\s+continue\s+reading.*
      | .*\bwe\s+use\s+cookies\b.* | .*\bthis\s+(?:web)?site\s+uses\s+cookies\b.*
      | .*\bçerez(?:ler)?\b.*\bkullan.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def _drop_boilerplate(paragraphs: list[str]) -> list[str]:
    return [text for text in paragraphs if not _is_boilerplate(text)]


def _is_boilerplate(text: str) -> bool:
    return len(text) <= _SHORT and _BOILERPLATE.match(text) is not None


# --- metadata -----------------------------------------------------------------------------

_BY_PREFIX = re.compile(r"^\s*(?:by|written\s+by|yazan|haber)\s*:?\s+", re.IGNORECASE)
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ocak|şubat|mart|nisan|mayıs|haziran"
    r"|temmuz|ağustos|eylül|ekim|kasım|aralık"
)
_DATE = re.compile(
    rf"""(?:
        \d{{4}}-\d{{2}}-\d{{2}}(?:[T\s][\d:.+\-Z]*)?
      | \d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}
      | (?:{_MONTHS})[a-zığüşöç]*\.?\s+\d{{1,2}},?\s+\d{{4}}
      | \d{{1,2}}\s+(?:{_MONTHS})[a-zığüşöç]*\.?,?\s+\d{{4}}
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def _clean_byline(author: str | None) -> str | None:
    """The author's name alone: bylines come as "By Jane Doe, Oct 2, 2020 | 09:30"."""
    if not author:
        return None
    name = _DATE.sub(" ", _BY_PREFIX.sub("", author))
    name = re.sub(r"\b\d{1,2}:\d{2}\b", " ", name)  # a time left behind by the date
    name = " ".join(name.split()).strip(" ,;|-–—/")
    return name or None


def _canonical_link(tree: HtmlElement, url: str) -> str | None:
    for link in tree.iterfind(".//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split() and link.get("href", "").strip():
            return urljoin(url, link.get("href").strip())  # relative hrefs are allowed
    return None
