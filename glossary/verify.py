"""Check a translation against the glossary hits of its source segment.

Every term/keep hit becomes a Check that is satisfied only if one of the
entry's Indonesian forms is in the target, and each target occurrence can
vouch for one hit only (two "ateşkes" need two "gencatan senjata"; the "PBB"
inside "Dewan Keamanan PBB" does not also satisfy a separate "UN"). Forbidden
renderings found in the target are Checks too. Nothing is dropped silently:
a hit is either satisfied or carries `glossary_missing`.

Two exceptions keep that counting from flagging a term that is plainly there:

- A full name and its abbreviation side by side ("Afet ve Acil Durum Yönetimi
  Başkanlığı (AFAD)", "Birleşmiş Milletler (BM)") are one mention: hits with
  different source forms, an Indonesian form in common, and at most a bracket
  or comma between them need one occurrence together.
- A name kept as it is (a `keep` entry, or a term whose Indonesian form is
  its source form: "AFAD" → "AFAD") is satisfied by any occurrence, even one
  another hit vouches for. A source that names AFAD twice is often rendered
  with "AFAD" once and "badan itu" after; the name is there, and the finding
  "“AFAD” should be translated as “AFAD”" would point at nothing to fix.

Indonesian attaches some words to the term: clitics after it ("-nya",
"-lah", "-kah", "-pun", with or without hyphen: "PBB-nya", "pertahanannya")
and the prepositions di/ke, which belong apart but are often written
together ("dikementerian", "diPBB"). Those spellings count as present.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from glossary.match import Hit
from glossary.model import Entry, EntryType
from glossary.normalize import fold, fold_with_map

MISSING = "glossary_missing"
FORBIDDEN = "glossary_forbidden"

_CLITICS = "(?:-?(?:nya|lah|kah|pun)){0,2}"
_PREFIX = "(?:(?:di|ke)-?)?"


@dataclass(frozen=True)
class Check:
    entry_id: int
    source_span: tuple[int, int] | None  # None for a forbidden entry that needs no source term
    source_form: str | None
    target_form: str | None  # the glossary form found (or, when missing, the preferred one)
    satisfied: bool
    code: str | None  # None, "glossary_missing" or "glossary_forbidden"
    target_span: tuple[int, int] | None = None  # where in the target, when found


@lru_cache(maxsize=4096)
def _pattern(forms: tuple[str, ...], case_sensitive: bool) -> re.Pattern[str] | None:
    folded = sorted(
        {f for f in (fold(form, "id", keep_case=case_sensitive).strip() for form in forms) if f},
        key=len,
        reverse=True,  # longest first, so "Dewan Keamanan PBB" is preferred over "PBB"
    )
    if not folded:
        return None
    alternatives = "|".join(re.escape(form) for form in folded)
    # Bounded by non-alphanumerics on both sides, clitics and di/ke included.
    return re.compile(rf"(?<![^\W_]){_PREFIX}(?P<form>{alternatives}){_CLITICS}(?![^\W_])")


def occurrences(
    target_text: str, forms: Iterable[str], case_sensitive: bool
) -> list[tuple[int, int, str]]:
    """Every accepted occurrence of any form: (start, end, glossary form), target offsets."""
    forms = tuple(forms)
    pattern = _pattern(forms, case_sensitive)
    if pattern is None or not target_text:
        return []
    folded = fold_with_map(target_text, "id", keep_case=case_sensitive)
    by_folded = {fold(f, "id", keep_case=case_sensitive).strip(): f for f in reversed(forms)}
    found = []
    for match in pattern.finditer(folded.text):
        start, end = folded.span(*match.span())
        found.append((start, end, by_folded.get(match.group("form"), match.group("form"))))
    return found


def target_satisfied(
    target_text: str, forms: Iterable[str], case_sensitive: bool
) -> tuple[int, int] | None:
    """The span (target offsets, clitics included) of the first accepted form, or None."""
    found = occurrences(target_text, forms, case_sensitive)
    return (found[0][0], found[0][1]) if found else None


APPOSITION_GAP = 3  # " (", ", ", " – ": what separates a name from its abbreviation


def _term(hit: Hit) -> str:
    """The source term without its suffix ("AFAD'ın" → "afad"), folded for comparing."""
    return fold(hit.source_form[: hit.term_end - hit.start], "id").strip()


def _kept_as_is(hit: Hit) -> bool:
    """A name the target keeps in its source form, so its presence is all that matters."""
    if hit.type == EntryType.KEEP:
        return True
    return _term(hit) in {fold(form, "id").strip() for form in hit.target_forms}


def _mentions(hits: list[Hit]) -> list[list[int]]:
    """Indexes of hits grouped into mentions: a full name next to its abbreviation is one,
    whether the glossary has them as one entry (AFAD) or two sharing a form (BM, PBB)."""
    groups: list[list[int]] = []
    for i, hit in enumerate(hits):
        if groups:
            previous = hits[groups[-1][-1]]
            if (
                set(previous.target_forms) & set(hit.target_forms)
                and _term(previous) != _term(hit)
                and 0 <= hit.start - previous.end <= APPOSITION_GAP
            ):
                groups[-1].append(i)
                continue
        groups.append([i])
    return groups


def assign(hits: Iterable[Hit], target_text: str) -> list[tuple[Hit, tuple[int, int, str] | None]]:
    """Pair each term/keep hit with a target occurrence of its own, or None.

    Mentions with longer target forms choose first (the specific "Dewan
    Keamanan PBB" before the bare "PBB"), each taking the leftmost occurrence
    that no other mention has taken and that overlaps none taken. Names kept
    as they are choose last and may share an occurrence (see the module doc).
    """
    checked = [h for h in hits if h.type in (EntryType.TERM, EntryType.KEEP)]
    mentions = _mentions(checked)
    kept = [any(_kept_as_is(checked[i]) for i in mention) for mention in mentions]

    def longest(m: int) -> int:
        return max((len(f) for i in mentions[m] for f in checked[i].target_forms), default=0)

    order = sorted(range(len(mentions)), key=lambda m: (kept[m], -longest(m), m))
    taken: list[tuple[int, int]] = []
    result: list[tuple[Hit, tuple[int, int, str] | None]] = [(h, None) for h in checked]
    for m in order:
        found = _occurrence([checked[i] for i in mentions[m]], target_text, taken, kept[m])
        for i in mentions[m]:
            result[i] = (checked[i], found)
    return result


def _occurrence(
    mention: list[Hit], target_text: str, taken: list[tuple[int, int]], shared: bool
) -> tuple[int, int, str] | None:
    """The leftmost free occurrence of the mention's forms (marked taken); else, when
    `shared`, the first occurrence at all."""
    # The forms every hit of the mention accepts, in the first one's order of preference.
    forms = tuple(
        f for f in mention[0].target_forms if all(f in hit.target_forms for hit in mention)
    )
    cased = all(hit.case_sensitive for hit in mention)
    found = occurrences(target_text, forms, cased)
    for start, end, form in found:
        if not any(start < b and a < end for a, b in taken):
            taken.append((start, end))
            return start, end, form
    return found[0] if shared and found else None


def count_satisfied(hits: Iterable[Hit], target_text: str) -> int:
    return sum(found is not None for _, found in assign(hits, target_text))


def verify(
    hits: list[Hit],
    target_text: str,
    entries_by_id: Mapping[int, Entry],
    forbidden: Sequence[Entry] | None = None,
) -> list[Check]:
    """Checks for one segment: one per term/keep hit, then one per forbidden rendering found.

    `forbidden` may pass `forbidden_entries(entries_by_id)` computed once per
    article, so a large glossary is not scanned again for every segment.
    """
    checks = []
    for hit, found in assign(hits, target_text):
        if found is None:
            preferred = _preferred(hit)
            checks.append(
                Check(
                    hit.entry_id, (hit.start, hit.end), hit.source_form, preferred, False, MISSING
                )
            )
        else:
            start, end, form = found
            checks.append(
                Check(
                    hit.entry_id,
                    (hit.start, hit.end),
                    hit.source_form,
                    form,
                    True,
                    None,
                    (start, end),
                )
            )
    if forbidden is None:
        forbidden = forbidden_entries(entries_by_id)
    checks.extend(_forbidden(hits, target_text, forbidden))
    return checks


def _preferred(hit: Hit) -> str | None:
    """The form a missing hit should have become: for a name kept as it is, the variant it
    was written in ("Erdoğan", not the entry's first form "Recep Tayyip Erdoğan")."""
    same = [form for form in hit.target_forms if fold(form, "id").strip() == _term(hit)]
    return (same or list(hit.target_forms) or [None])[0]


def forbidden_entries(entries_by_id: Mapping[int, Entry]) -> list[Entry]:
    return [e for e in entries_by_id.values() if e.type == EntryType.FORBIDDEN]


def _forbidden(hits: list[Hit], target_text: str, forbidden: Sequence[Entry]) -> list[Check]:
    in_source = {}
    for hit in hits:
        if hit.type == EntryType.FORBIDDEN:
            in_source.setdefault(hit.entry_id, hit)
    checks = []
    for entry in forbidden:
        needs_source = any(forms for lang, forms in entry.forms.items() if lang != "id")
        hit = in_source.get(entry.id)
        if needs_source and hit is None:
            continue
        for start, end, form in occurrences(
            target_text, entry.forms.get("id", ()), entry.case_sensitive
        ):
            checks.append(
                Check(
                    entry.id,
                    (hit.start, hit.end) if hit else None,
                    hit.source_form if hit else None,
                    form,
                    False,
                    FORBIDDEN,
                    (start, end),
                )
            )
    return checks
