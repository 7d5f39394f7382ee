"""Check a translation against the glossary hits of its source segment.

Every term/keep hit becomes a Check that is satisfied only if one of the
entry's Indonesian forms is in the target, and each target occurrence can
vouch for one hit only (two "ateşkes" need two "gencatan senjata"; the "PBB"
inside "Dewan Keamanan PBB" does not also satisfy a separate "UN"). Forbidden
renderings found in the target are Checks too. Nothing is dropped silently:
a hit is either satisfied or carries `glossary_missing`.

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


def assign(hits: Iterable[Hit], target_text: str) -> list[tuple[Hit, tuple[int, int, str] | None]]:
    """Pair each term/keep hit with a target occurrence of its own, or None.

    Hits with longer target forms choose first (the specific "Dewan Keamanan
    PBB" before the bare "PBB"), each taking the leftmost occurrence that no
    other hit has taken and that overlaps none taken.
    """
    checked = [h for h in hits if h.type in (EntryType.TERM, EntryType.KEEP)]
    order = sorted(
        range(len(checked)),
        key=lambda i: (-max((len(f) for f in checked[i].target_forms), default=0), i),
    )
    taken: list[tuple[int, int]] = []
    result: list[tuple[Hit, tuple[int, int, str] | None]] = [(h, None) for h in checked]
    for i in order:
        hit = checked[i]
        for start, end, form in occurrences(target_text, hit.target_forms, hit.case_sensitive):
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            result[i] = (hit, (start, end, form))
            break
    return result


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
            preferred = hit.target_forms[0] if hit.target_forms else None
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
