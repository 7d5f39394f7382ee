"""Text repair: decode by the real encoding, then undo mojibake.

Source pages lie about their charset (UTF-8 bytes served as
`charset=iso-8859-1`) and sometimes carry mojibake in the text itself, like
the "Mevlüt ÇavuÅŸoÄŸlu" of a scraped article: short, partly garbled runs
that `ftfy.fix_text` leaves alone. Turkish letters must come out intact.
"""

import codecs
import contextlib
import html
import re
import unicodedata
from typing import TYPE_CHECKING

import ftfy
from charset_normalizer import from_bytes

from core.text import xml_safe

if TYPE_CHECKING:
    from worker.extract import ExtractedArticle

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """Decode page bytes by what they are, not only by what the server declares.

    Control characters XML cannot carry are cleaned out of the page (a vertical tab
    becomes a space, not glued words) before the extractor sees it; C1 characters stay
    for mojibake repair, which cleans them out of the extracted text.
    """
    return xml_safe(_decode(content, content_type), keep_c1=True)


def _decode(content: bytes, content_type: str | None) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            return content.decode(encoding, errors="replace")
    # Valid UTF-8 with non-ASCII bytes is almost never anything else, whatever
    # the header says; this is the "UTF-8 served as iso-8859-1" case.
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for declared in _declared_charsets(content, content_type):
        if declared not in ("utf-8", "utf8"):
            try:
                return content.decode(_cp1252_for_latin1(declared))
            except (LookupError, UnicodeDecodeError):
                continue
    return _decode_undeclared(content)


# Bytes where windows-1254 (Turkish) and windows-1252 differ: ğ İ ş ı ... in
# Turkish, Icelandic ð Ý þ ý in Western. Statistical detectors cannot tell the
# Latin code pages apart on a short page; a Warta source writing them is Turkish.
_TURKISH_BYTES = re.compile(rb"[\xd0\xdd\xde\xf0\xfd\xfe]")


def _decode_undeclared(content: bytes) -> str:
    best = from_bytes(content).best()
    if best is not None and not _mostly_latin(str(best)):
        return str(best)  # Cyrillic, Greek, Arabic …: the detector knows those
    encoding = "cp1254" if _TURKISH_BYTES.search(content) else "cp1252"
    return content.decode(encoding, errors="replace")


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha() and not c.isascii()]
    if not letters:
        return True
    latin = sum("LATIN" in unicodedata.name(c, "") for c in letters)
    return latin >= len(letters) / 2


def _declared_charsets(content: bytes, content_type: str | None) -> list[str]:
    found = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        found.append(match.group(1).lower())
    if match := _META_CHARSET.search(content[:4096]):
        found.append(match.group(1).decode("ascii", "ignore").lower())
    return found


def _cp1252_for_latin1(encoding: str) -> str:
    # Browsers read latin-1 as windows-1252 (WHATWG): so must we, or curly
    # quotes and the euro sign become control characters.
    return "cp1252" if encoding in ("iso-8859-1", "latin-1", "latin1", "us-ascii") else encoding


# --- mojibake runs -------------------------------------------------------------


def _continuation_chars() -> str:
    """Characters that a UTF-8 continuation byte (0x80–0xBF) becomes when misread."""
    chars = set()
    for byte in range(0x80, 0xC0):
        chars.add(chr(byte))  # read as latin-1 (C1 controls included)
        with contextlib.suppress(UnicodeDecodeError):
            chars.add(bytes([byte]).decode("cp1252"))
    return "".join(sorted(chars))


_CONT = f"[{re.escape(_continuation_chars())}]"
# A UTF-8 lead byte read as latin-1/cp1252, followed by as many continuation
# characters as that lead announces.
_MOJIBAKE_RUN = re.compile(
    f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}"
)


def _to_bytes(run: str) -> bytes:
    out = bytearray()
    for char in run:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            out += char.encode("latin-1")  # C1 controls cp1252 leaves undefined
    return bytes(out)


def _plausible(char: str) -> bool:
    # What news mojibake decodes to: Latin letters with diacritics (Turkish
    # ş ğ ı İ included) and typographic punctuation. Anything else means the
    # run was real text, e.g. "GÜÇ»" must not become "GÜǻ".
    code = ord(char)
    return 0xA0 <= code <= 0x17F or 0x2010 <= code <= 0x20AC


def _redecode(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        decoded = _to_bytes(run).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run  # not mojibake after all: leave it
    return decoded if all(_plausible(c) for c in decoded) else run


def fix_mojibake_runs(text: str) -> str:
    return _MOJIBAKE_RUN.sub(_redecode, text)


# Mojibake of UTF-8 read as a Latin code page always shows a lead character
# (Â–ô) followed by a continuation one; text without such a pair has nothing
# for ftfy to fix, and ftfy costs ~0.5 ms per kilobyte (bench/pipeline.py).
_SUSPECT = re.compile(f"[\u00c2-\u00f4]{_CONT}")


def repair_text(text: str) -> str:
    """ftfy, then the short runs it leaves, entities decoded, NFC, XML-safe (core.text)."""
    # Separators become spaces before ftfy, which would drop them and glue the words.
    text = xml_safe(text, keep_c1=True)
    if _SUSPECT.search(text):
        # Keep typographic quotes: they are the outlet's, and translators see them.
        fixed = ftfy.fix_text(text, unescape_html=True, uncurl_quotes=False)
        # ftfy guesses; in English and Turkish news a guess that brings in letters
        # outside Latin and punctuation ("”Ç" → "ӂ") was wrong.
        if all(c.isascii() or _plausible(c) for c in set(fixed) - set(text)):
            text = fixed
    text = fix_mojibake_runs(html.unescape(text))
    # Last: repair reads C1 characters as bytes, and entities may decode to controls.
    return xml_safe(unicodedata.normalize("NFC", text))


def repair_extracted(article: "ExtractedArticle") -> None:
    """Repair every text field of an extracted article in place; every field ends up
    XML-safe, since each may reach partners' feeds."""
    for name in ("title", "byline", "site_name"):
        value = getattr(article, name)
        if value:
            setattr(article, name, repair_text(value))
    for name in ("published_at", "lead_image_url", "canonical_url"):  # not text to repair
        value = getattr(article, name)
        if value:
            setattr(article, name, xml_safe(value).strip() or None)
    article.paragraphs = [text for p in article.paragraphs if (text := repair_text(p).strip())]
