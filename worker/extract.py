"""Extract the article from a page: metadata and the body as ordered paragraphs."""

from dataclasses import dataclass, field

import trafilatura

from worker.errors import StageError

# Elements of trafilatura's output tree that carry body text, in document order.
_TEXT_TAGS = ("p", "head", "item", "quote")


@dataclass
class ExtractedArticle:
    title: str | None
    byline: str | None
    published_at: str | None
    site_name: str | None
    lead_image_url: str | None
    canonical_url: str | None
    paragraphs: list[str] = field(default_factory=list)


def extract_article(content: bytes, url: str) -> ExtractedArticle:
    document = trafilatura.bare_extraction(
        content,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_formatting=False,
    )
    if document is None or document.body is None:
        raise StageError("no_article_content", "No article text was found on the page.")
    paragraphs = _paragraphs(document.body, document.title)
    if not paragraphs:
        raise StageError("no_article_content", "No article text was found on the page.")
    return ExtractedArticle(
        title=document.title,
        byline=document.author,
        published_at=document.date,
        site_name=document.sitename,
        lead_image_url=document.image,
        canonical_url=document.url,
        paragraphs=paragraphs,
    )


def _paragraphs(body, title: str | None) -> list[str]:
    result: list[str] = []
    for element in body.iter(*_TEXT_TAGS):
        if element.tag == "quote" and element.find("p") is not None:
            continue  # its <p> children come next in iteration
        text = " ".join("".join(element.itertext()).split())
        if not text or (element.tag == "head" and text == title):
            continue  # the headline is metadata, not a body paragraph
        result.append(text)
    return result
