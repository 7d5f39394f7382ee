"""The UI's languages: English in the templates, Indonesian from a gettext catalog.

The catalog is kept as a `.po` file (reviewable text) and compiled in memory
at start with Babel, so there is no build step and no binary in the tree.
"""

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi import Request

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
# Language code → its name in that language, for the language menu.
LANGUAGES: dict[str, str] = {"en": "English", "id": "Bahasa Indonesia"}
DEFAULT = "en"


def po_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache
def translations(locale: str) -> gettext.NullTranslations:
    path = po_path(locale)
    if locale == DEFAULT or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def from_request(request: Request) -> str:
    """A visitor who is not signed in: the first supported Accept-Language."""
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in LANGUAGES:
            return code
    return DEFAULT
