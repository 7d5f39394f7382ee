"""The published body as HTML: translated paragraphs, a correction note, the credit line.

Segment targets are plain text (a translator's "<b>" is two characters of a
sentence, and a source quoting "<img onerror=…>" must reach readers as text),
so they are escaped. The assembled fragment then goes through nh3 with a
small allowlist anyway: whatever a future caller builds, a partner's page
never receives scripts, event handlers, styles or non-http(s) links.
"""

import html
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "a", "em", "strong", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "br"}
)
_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={"a": {"href"}},
    url_schemes={"http", "https"},
    # A relative link would point into the partner's own site.
    url_relative="deny",
    # Links leave the partner's page for the source: no referrer, no opener.
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_html(fragment: str) -> str:
    """Reduce an HTML fragment to the allowlist; idempotent."""
    return _cleaner.clean(fragment)


def is_web_url(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def credit_text(credit_line: str) -> str:
    """The visible credit, "Sumber: Anadolu Agency", whether or not the source's line says it."""
    line = credit_line.strip()
    return line if line.lower().startswith("sumber") else f"Sumber: {line}"


def body_html(
    paragraphs: list[str],
    *,
    credit_line: str,
    original_url: str,
    correction_note: str | None = None,
    version: int = 1,
) -> str:
    """The body partners republish: one <p> per paragraph, then correction and credit."""
    parts = [f"<p>{html.escape(text)}</p>" for text in paragraphs if text.strip()]
    if correction_note:
        # Importers drop custom fields: a correction must show in the text itself.
        note = html.escape(correction_note.strip())
        parts.append(f"<p><em>Koreksi (versi {version}): {note}</em></p>")
    credit = html.escape(credit_text(credit_line))
    if is_web_url(original_url):
        link = html.escape(original_url, quote=True)
        parts.append(f'<p><a href="{link}">{credit}</a></p>')
    else:
        parts.append(f"<p>{credit}</p>")
    return clean_html("\n".join(parts))


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, for summaries (entities decoded, tags dropped)."""
    return html.unescape(nh3.clean(fragment, tags=set())).strip()
