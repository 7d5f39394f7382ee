"""A glossary entry: one concept, its forms per language, and how to treat it."""

from dataclasses import dataclass, field
from enum import StrEnum

LANGUAGES = ("tr", "en", "id")


class EntryType(StrEnum):
    TERM = "term"  # translate as given
    KEEP = "keep"  # do not translate (names, agency names)
    FORBIDDEN = "forbidden"  # an Indonesian rendering that must not appear


@dataclass(frozen=True)
class Entry:
    """Forms per language: several variants allowed, the first is the preferred one.

    For `keep`, the source form is also the target form. For `forbidden`, the
    `id` forms are the renderings that must not appear; source forms, if any,
    limit the ban to segments whose source has the term.
    """

    id: int
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    type: EntryType = EntryType.TERM
    case_sensitive: bool = False
    note: str = ""

    def source_forms(self, language: str) -> tuple[str, ...]:
        return self.forms.get(language, ())

    def target_forms(self, source_language: str) -> tuple[str, ...]:
        if self.type == EntryType.KEEP:
            return self.forms.get("id") or self.source_forms(source_language)
        return self.forms.get("id", ())


def split_forms(cell: str | None) -> tuple[str, ...]:
    """Variants stored or written as "a|b" → ("a", "b"), blanks dropped."""
    return tuple(form.strip() for form in (cell or "").split("|") if form.strip())


def join_forms(forms: tuple[str, ...]) -> str:
    return "|".join(forms)


def entry_from_columns(
    entry_id: int,
    tr: str | None,
    en: str | None,
    id_: str | None,
    type_: str,
    case_sensitive: bool,
    note: str | None,
) -> Entry:
    """An Entry from the flat columns a database row or CSV line holds."""
    forms = {lang: split_forms(cell) for lang, cell in (("tr", tr), ("en", en), ("id", id_))}
    return Entry(
        id=entry_id,
        forms={k: v for k, v in forms.items() if v},
        type=EntryType(type_),
        case_sensitive=case_sensitive,
        note=note or "",
    )
