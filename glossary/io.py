"""Glossary import and export: CSV for editors' spreadsheets, TBX-Basic for other tools.

Pure functions on strings. The API and CLI read the upload or the file, and the
database assigns the real entry ids; the ids made here are 1..n in file order.
"""

import csv
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from glossary.model import LANGUAGES, Entry, EntryType

COLUMNS = ("tr", "en", "id", "type", "case_sensitive", "note")
SOURCE_LANGUAGES = ("tr", "en")
VARIANT_SEPARATOR = "|"
STARTER_GLOSSARY = Path(__file__).with_name("data") / "news.csv"

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0", ""})


class GlossaryImportError(ValueError):
    """Every problem in an import file at once, so an editor fixes the file in one pass."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = sorted(errors, key=lambda error: error[0])
        super().__init__(self.errors)

    def __str__(self) -> str:
        lines = "\n".join(f"line {line}: {message}" for line, message in self.errors)
        count = len(self.errors)
        return f"{count} problem{'s' if count != 1 else ''} in the glossary file:\n{lines}"


def clean_form(text: str) -> str:
    """A form as stored: NFC, single spaces, no surrounding whitespace."""
    # NFC because some spreadsheets export decomposed letters (s + U+0327 for ş) that never
    # match text from the web; single spaces because a doubled space is a typo, not a term.
    return " ".join(unicodedata.normalize("NFC", text).split())


def validate_entry(entry: Entry) -> list[str]:
    """What is wrong with an entry, as messages for an editor (empty when it is usable)."""
    return _content_problems(entry) + _rule_problems(entry)


def decode_csv(data: bytes) -> str:
    """An uploaded CSV as text: UTF-8, with or without a byte order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GlossaryImportError(
            [(line, "is not UTF-8; save the file as 'CSV UTF-8' and upload it again")]
        ) from None


def read_csv(text: str) -> list[Entry]:
    """Entries from CSV text; raises GlossaryImportError listing every bad row, or returns all."""
    # Excel on Windows writes CRLF; one newline convention keeps line numbers honest.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    records = _records(text)
    if not records:
        _fail(1, "the file is empty; the first line must be the header " + ",".join(COLUMNS))
    header_line, header = records[0]
    columns = _columns(header_line, header)
    errors: list[tuple[int, str]] = []
    entries: list[Entry] = []
    first_seen: dict[tuple[str, str], tuple[int, str, bool]] = {}
    for line, row in records[1:]:
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            errors.append((line, f"has {len(row)} cells but the header has {len(columns)}"))
            continue
        cells = dict.fromkeys(COLUMNS, "") | dict(zip(columns, row, strict=False))
        entry, problems = _parse_row(cells, len(entries) + 1)
        problems += _duplicates(entry, line, first_seen)
        errors.extend((line, problem) for problem in problems)
        entries.append(entry)
    if errors:
        raise GlossaryImportError(errors)
    return entries


def read_starter() -> list[Entry]:
    """The news-domain glossary shipped with Warta, loaded on first start."""
    return read_csv(STARTER_GLOSSARY.read_text(encoding="utf-8"))


def write_csv(entries: Iterable[Entry]) -> str:
    """CSV that read_csv reads back to the same entries (ids renumbered 1..n)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, what spreadsheets expect
    writer.writerow(COLUMNS)
    for entry in entries:
        check_exportable(entry)
        forms = [VARIANT_SEPARATOR.join(entry.forms.get(lang, ())) for lang in LANGUAGES]
        flag = "true" if entry.case_sensitive else "false"
        writer.writerow([*forms, str(entry.type), flag, entry.note])
    return out.getvalue()


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on (a quoted cell may span lines)."""
    first_line = text.lstrip("\n").split("\n", 1)[0]
    # Excel in Turkish and Indonesian locales separates with ';' (the comma is decimal).
    delimiter = next((d for d in (",", ";", "\t") if d in first_line), ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    records = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):  # spreadsheets leave rows of empty cells
                records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        _fail(start, f"is not valid CSV ({exc}); check the quotes in this row")
    return records


def _columns(line: int, header: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in header]
    if not set(names) & set(COLUMNS):
        _fail(line, "the first line must be the header " + ",".join(COLUMNS))
    errors = []
    for position, name in enumerate(names):
        if not name:
            errors.append((line, f"column {position + 1} has no name"))
        elif name not in COLUMNS:
            known = ", ".join(COLUMNS)
            errors.append((line, f"unknown column {header[position].strip()!r}; use {known}"))
        elif names.index(name) != position:
            errors.append((line, f"column {name!r} appears twice"))
    if not set(names) & set(SOURCE_LANGUAGES):
        errors.append((line, "the header needs a tr or an en column"))
    if errors:
        raise GlossaryImportError(errors)
    return names


def _parse_row(cells: dict[str, str], entry_id: int) -> tuple[Entry, list[str]]:
    problems = []
    forms = {}
    for lang in LANGUAGES:
        raw = cells[lang].strip()
        variants = [clean_form(variant) for variant in raw.split(VARIANT_SEPARATOR)] if raw else []
        if "" in variants:
            problems.append(f"{lang} has an empty variant in {raw!r}; remove the extra '|'")
        if kept := tuple(variant for variant in variants if variant):
            forms[lang] = kept
    raw_type = cells["type"].strip()
    kind = raw_type.lower() or EntryType.TERM
    if kind not in set(EntryType):
        problems.append(f"type must be term, keep or forbidden, not {raw_type!r}")
    raw_flag = cells["case_sensitive"].strip()
    if raw_flag.lower() not in _TRUE | _FALSE:
        problems.append(f"case_sensitive must be true or false (or yes/no, 1/0), not {raw_flag!r}")
    entry = Entry(
        id=entry_id,
        forms=forms,
        type=EntryType(kind) if kind in set(EntryType) else EntryType.TERM,
        case_sensitive=raw_flag.lower() in _TRUE,
        note=unicodedata.normalize("NFC", cells["note"]).strip(),
    )
    problems += _content_problems(entry)
    if kind in set(EntryType):  # the rules depend on the type: skip them when it is unknown
        problems += _rule_problems(entry)
    return entry, problems


def _duplicates(
    entry: Entry, line: int, first_seen: dict[tuple[str, str], tuple[int, str, bool]]
) -> list[str]:
    """Source forms another row already claims: the matcher could not tell which target wins."""
    # Forbidden rows may repeat a term's source form: that is how a ban is scoped to it.
    if entry.type == EntryType.FORBIDDEN:
        return []
    problems = []
    for lang in SOURCE_LANGUAGES:
        for form in entry.source_forms(lang):
            key = (lang, _fold(form, lang))
            if key not in first_seen:
                first_seen[key] = (line, form, entry.case_sensitive)
                continue
            other_line, other_form, other_case_sensitive = first_seen[key]
            if other_line == line:  # a repeat within the cell, which _content_problems reports
                continue
            # Two case-sensitive rows may differ only in case ("US" the country, "Us" a name).
            if not (entry.case_sensitive and other_case_sensitive and form != other_form):
                problems.append(f"{lang} form {form!r} is already on line {other_line}")
    return problems


# Checks shared by import and export


def _content_problems(entry: Entry) -> list[str]:
    """What would not survive a CSV or TBX round trip, or would never match running text."""
    problems = []
    for lang, forms in entry.forms.items():
        if lang not in LANGUAGES:
            problems.append(f"unknown language {lang!r}; use {', '.join(LANGUAGES)}")
            continue
        seen: dict[str, str] = {}
        for form in forms:
            key = form if entry.case_sensitive else _fold(form, lang)
            if not form:
                problems.append(f"{lang} has an empty form")
            elif VARIANT_SEPARATOR in form:
                problems.append(f"{lang} form {form!r} contains '|', which separates variants")
            elif form != clean_form(form):
                problems.append(f"{lang} form {form!r} has extra spaces or non-NFC letters")
            elif hidden := _hidden_character(form, in_note=False):
                problems.append(f"{lang} form {form!r} contains the invisible character {hidden}")
            elif key in seen:
                hint = "" if form == seen[key] else " (matching ignores case)"
                problems.append(f"{lang} lists {form!r} twice{hint}")
            seen.setdefault(key, form)
    if hidden := _hidden_character(entry.note, in_note=True):
        problems.append(f"note contains the control character {hidden}")
    return problems


def _rule_problems(entry: Entry) -> list[str]:
    has_source = any(entry.source_forms(lang) for lang in SOURCE_LANGUAGES)
    has_target = bool(entry.forms.get("id"))
    problems = []
    if entry.type == EntryType.TERM and not has_target:
        problems.append("a term needs an id form")
    if entry.type in (EntryType.TERM, EntryType.KEEP) and not has_source:
        problems.append("needs at least one of tr, en")
    if entry.type == EntryType.FORBIDDEN and not has_target:
        problems.append("a forbidden entry needs the id form that must not appear")
    return problems


def _hidden_character(text: str, *, in_note: bool) -> str | None:
    # Control characters cannot be written in XML at all; format characters (soft hyphen,
    # zero-width space) come in with copy-paste and would make a term silently never match.
    banned = ("Cc", "Cs") if in_note else ("Cc", "Cf", "Cs")
    for char in text:
        if in_note and char in "\n\t":
            continue
        if unicodedata.category(char) in banned or char in "\ufffe\uffff":
            return f"U+{ord(char):04X}"
    return None


def _fold(form: str, lang: str) -> str:
    # Turkish pairs İ/i and I/ı; casefold() alone would fold "İ" into "i̇" and "I" into "i".
    if lang == "tr":
        form = form.replace("İ", "i").replace("I", "ı")
    return form.casefold()


def check_exportable(entry: Entry) -> None:
    if problems := _content_problems(entry):
        raise ValueError(f"glossary entry {entry.id} cannot be exported: {'; '.join(problems)}")


def _fail(line: int, message: str) -> NoReturn:
    raise GlossaryImportError([(line, message)])


# TBX
