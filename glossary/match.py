"""Find glossary entries in Turkish or English source text, in one pass.

All forms of all entries go into one Aho-Corasick automaton over folded text
(see normalize.py), so the cost of a search depends on the text, not on the
glossary size. Each raw occurrence is then checked where the automaton cannot:

- left word boundary ("UN" not in "fun"; "AB" not in "KABUL"),
- what follows the form: nothing, a suffix after an apostrophe ("Erdoğan'ın",
  "Azerbaycan’a", "NATO's"), or an inflection glued to the last word, which
  must parse as a suffix chain ("ateşkesin", "Bakanlığına", "ceasefires",
  "ministries'") — otherwise the form sits inside a longer, different word
  ("AB" in "ABD", "Başbakan" in "Başbakanlık", "inflation" in "inflationary"),
- case, for case-sensitive entries (compared on the original text),
- overlaps: the longest term wins, then the leftmost; results never overlap
  (forbidden-entry hits are resolved separately, see `Matcher.find`).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import ahocorasick

from glossary.model import Entry, EntryType
from glossary.normalize import VOWELS_TR, Folded, fold, fold_with_map, lower


@dataclass(frozen=True)
class Hit:
    """One glossary entry found in a source segment, in original-text offsets.

    [start, end) covers the term and any suffix ("Konseyi'nin", "ceasefires");
    [start, term_end) is the part that matched the glossary form (or its
    inflection stem, e.g. "Bakanlığ" for "Bakanlık", "ministri" for "ministry").
    """

    entry_id: int
    start: int
    end: int
    term_end: int
    source_form: str  # the source text as written, suffix included
    target_forms: tuple[str, ...]
    type: EntryType
    case_sensitive: bool = False


# What a key needs after it, decided when the automaton is built.
_EXACT = 0  # the form itself: bare, apostrophe suffix, or (if allowed) a glued inflection
_MUTATED = 1  # Turkish stem with its final k/p/t/ç softened: needs a vowel-initial suffix
_Y_STEM = 2  # English "ministr(y)" → "ministri": needs "es"


class _Key(NamedTuple):
    entry: int  # index into Matcher._entries
    length: int  # folded key length
    kind: int
    cased: str  # the key with case kept, for case-sensitive entries
    glued: bool  # may take a suffix glued to the last word


MAX_TR_SUFFIX = 16  # letters glued to a Turkish word; longer means a different word
MIN_GLUED_STEM = 4  # shorter last words ("kur", "BM") collide with other words when inflected
MAX_APOSTROPHE_SUFFIX = 20


class Matcher:
    """Built once per glossary and language; `find` is then cheap per segment."""

    def __init__(self, entries: Iterable[Entry], language: str) -> None:
        self.language = language
        self._suffix_end = _SUFFIX_RULES.get(language, _bare_end)
        self._entries: list[Entry] = []
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[_Key]] = {}
        for entry in entries:
            forms = entry.source_forms(language)
            if not forms:
                continue
            index = len(self._entries)
            self._entries.append(entry)
            for form in forms:
                for key, kind, glued in _variants(form, language, entry):
                    folded = fold(key, language)
                    if not folded.strip():
                        continue
                    cased = fold(key, language, keep_case=True)
                    keys.setdefault(folded, []).append(_Key(index, len(folded), kind, cased, glued))
        for folded, payload in keys.items():
            self._automaton.add_word(folded, tuple(dict.fromkeys(payload)))
        self._empty = not keys
        if not self._empty:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping term/keep hits, left to right, longest term winning.

        Hits of `forbidden` entries are resolved among themselves and may overlap
        term hits: a forbidden entry often shares its source form with the term
        it polices, and verification needs both.
        """
        if self._empty or not text:
            return []
        folded = fold_with_map(text, self.language)
        source = folded.text
        suffix_end = self._suffix_end
        candidates: list[tuple[int, int, int, int]] = []  # start, term_end, end, entry
        for last, payload in self._automaton.iter(source):
            for key in payload:
                start = last + 1 - key.length
                if start > 0 and source[start - 1].isalnum():
                    continue
                end = suffix_end(source, last + 1, key)
                if end is None:
                    continue
                entry = self._entries[key.entry]
                if entry.case_sensitive and not self._same_case(text, folded, start, last, key):
                    continue
                candidates.append((start, last + 1, end, key.entry))
        return self._resolve(text, folded, candidates)

    def _same_case(self, text: str, folded: Folded, start: int, last: int, key: _Key) -> bool:
        a, b = folded.span(start, last + 1)
        return fold(text[a:b], self.language, keep_case=True) == key.cased

    def _resolve(
        self, text: str, folded: Folded, candidates: list[tuple[int, int, int, int]]
    ) -> list[Hit]:
        # Longest term first (then longest span, then leftmost, then glossary order).
        candidates.sort(key=lambda c: (c[0] - c[1], c[0] - c[2], c[0], c[3]))
        # One occupancy map per lane (term/keep, forbidden): overlap tests stay in C.
        size = len(folded.text)
        taken = {False: bytearray(size), True: bytearray(size)}
        hits: list[Hit] = []
        for start, term_end, end, index in candidates:
            entry = self._entries[index]
            lane = taken[entry.type == EntryType.FORBIDDEN]
            if lane.find(1, start, end) != -1:
                continue
            lane[start:end] = b"\x01" * (end - start)
            o_start, o_end = folded.span(start, end)
            o_term_end = folded.original(term_end)
            hits.append(
                Hit(
                    entry_id=entry.id,
                    start=o_start,
                    end=o_end,
                    term_end=o_term_end,
                    source_form=text[o_start:o_end],
                    target_forms=self._targets(entry, text[o_start:o_term_end]),
                    type=entry.type,
                    case_sensitive=entry.case_sensitive,
                )
            )
        hits.sort(key=lambda h: (h.start, h.type == EntryType.FORBIDDEN))
        return hits

    def _targets(self, entry: Entry, written: str) -> tuple[str, ...]:
        targets = entry.target_forms(self.language)
        if entry.type == EntryType.KEEP and not entry.forms.get("id") and written not in targets:
            # A kept name may be copied as the source spelled it ("Erdogan" for "Erdoğan").
            targets = (*targets, written)
        return targets


def _bare_end(source: str, end: int, key: _Key) -> int | None:
    """Other languages: whole words only, no inflection rules."""
    return end if _boundary(source, end) else None


def _boundary(source: str, index: int) -> bool:
    return index >= len(source) or not source[index].isalnum()


def _letters_end(source: str, index: int, limit: int) -> int | None:
    """End of the run of letters at `index`, or None if longer than `limit`."""
    end = index
    n = len(source)
    while end < n and source[end].isalnum():
        end += 1
        if end - index > limit:
            return None
    return end


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _variants(form: str, language: str, entry: Entry) -> list[tuple[str, int, bool]]:
    """The automaton keys for one form: (key, kind, may take a glued suffix)."""
    form = " ".join(form.split())
    words = form.split(" ")
    last = words[-1] if words else ""
    if language == "tr":
        letters = sum(c.isalpha() for c in last)
        glued = not _is_acronym(last) and letters >= MIN_GLUED_STEM
        variants = [(form, _EXACT, glued)]
        if glued:
            variants += [(v, _MUTATED, True) for v in _turkish_mutations(form)]
            variants += [(v, _EXACT, True) for v in _turkish_plural_compounds(form)]
        return variants
    if language == "en":
        # Names (`keep`) take the possessive only; "NATOs" and "Akars" are not plurals.
        plural = entry.type != EntryType.KEEP
        variants = [(form, _EXACT, plural)]
        lowered = lower(form, "en")
        if plural and not _is_acronym(last) and re.search(r"[^aeiou]y$", lowered):
            variants.append((form[:-1] + "i", _Y_STEM, True))
        return variants
    return [(form, _EXACT, False)]


_SOFTEN = {"k": "ğ", "p": "b", "t": "d", "ç": "c", "K": "Ğ", "P": "B", "T": "D", "Ç": "C"}


def _turkish_mutations(form: str) -> list[str]:
    """The stem before a vowel: "Bakanlık" → "Bakanlığ" (+ı), "kitap" → "kitab" (+ı).

    Many words keep their consonant ("hukuk" → "hukuku"); those match the plain
    form, so offering the softened stem too costs nothing. After n, k becomes g.
    """
    last = form[-1]
    if last not in _SOFTEN:
        return []
    soft = _SOFTEN[last]
    if last in "kK" and len(form) > 1 and form[-2] in "nN":
        soft = "g" if last == "k" else "G"
    return [form[:-1] + soft]


_UNSOFTEN = {"ğ": "k", "b": "p", "c": "ç", "d": "t"}


def _turkish_plural_compounds(form: str) -> list[str]:
    """Plural compounds: "Dışişleri Bakanı" → "Dışişleri Bakanları", "Merkez Bankası" →
    "Merkez Bankaları", "Milli Savunma Bakanlığı" → "... Bakanlıkları", "barış görüşmesi" →
    "... görüşmeleri".

    A compound ending in the 3rd-person possessive puts the plural before it, so
    the plural is not the singular plus a suffix. Forms whose final vowel is part
    of the root get a nonsense key ("ordu" → "ordları") that never occurs.
    """
    head, _, word = form.rpartition(" ")
    low = lower(word, "tr")
    if len(low) < MIN_GLUED_STEM or low[-1] not in "ıiuü":
        return []
    stem = word[:-2] if low[-2] == "s" and low[-3:-2] in tuple(VOWELS_TR) else word[:-1]
    if not stem:
        return []
    if stem[-1] in _UNSOFTEN:
        stem = stem[:-1] + _UNSOFTEN[stem[-1]]
    vowels = [c for c in lower(stem, "tr") if c in VOWELS_TR]
    front = bool(vowels) and vowels[-1] in "eiöü"
    plural = stem + ("leri" if front else "ları")
    return [f"{head} {plural}" if head else plural]


def _turkish_suffix_end(source: str, end: int, key: _Key) -> int | None:
    if end >= len(source):
        return None if key.kind == _MUTATED else end
    char = source[end]
    if key.kind == _EXACT and char == "'":
        # "Erdoğan'ın", "BM Güvenlik Konseyi'nin": the apostrophe marks a suffix.
        if end + 1 < len(source) and source[end + 1].isalpha():
            return _letters_end(source, end + 1, MAX_APOSTROPHE_SUFFIX)
        return end  # a closing quote: "'ateşkes'"
    if not char.isalnum():
        return None if key.kind == _MUTATED else end
    if not key.glued:
        return None
    stop = _letters_end(source, end, MAX_TR_SUFFIX)
    if stop is None:
        return None
    suffix = source[end:stop]
    if key.kind == _MUTATED and suffix[0] not in VOWELS_TR:
        return None
    return stop if turkish_suffix_ok(suffix, source[end - 1] in VOWELS_TR) else None


def _english_suffix_end(source: str, end: int, key: _Key) -> int | None:
    n = len(source)
    plurals: tuple[str, ...] = ("",)
    if key.kind == _Y_STEM:
        plurals = ("es",)
    elif key.glued:
        sibilant = source[end - 2 : end] in ("ch", "sh") or source[end - 1 : end] in "sxz"
        plurals = ("es", "s", "") if sibilant else ("s", "")
    for plural in plurals:
        if not source.startswith(plural, end):
            continue
        stop = end + len(plural)
        if stop < n and source[stop] == "'":
            # "ministry's", "ministries'", "United Nations'"
            if source.startswith("'s", stop) and _boundary(source, stop + 2):
                return stop + 2
            if source[stop - 1] == "s" and _boundary(source, stop + 1):
                return stop + 1
        if _boundary(source, stop):
            return stop
    return None


# Turkish nominal suffixes, vowel harmony ignored (every variant is accepted):
# A = a/e, I = ı/i/u/ü, D = d/t, C = c/ç. Each morpheme has a slot (plural,
# possessive, case, "-ki", copula) and a condition on the sound before it
# (V: after a vowel, C: after a consonant, *: either). Slots only go forward,
# except once after "-ki" ("ateşkesteki", "...tekinin"). This rejects
# derivations that make a different word: "Başbakan+lık", "seçim+sel",
# "faiz+siz", "Azerbaycan+lı", "savaş+an".
_MORPHEMES: tuple[tuple[str, int, str], ...] = (
    ("lAr", 1, "*"),
    ("ImIz", 2, "C"),
    ("InIz", 2, "C"),
    ("Im", 2, "C"),
    ("In", 2, "C"),
    ("I", 2, "C"),
    ("mIz", 2, "V"),
    ("nIz", 2, "V"),
    ("m", 2, "V"),
    ("n", 2, "V"),
    ("sI", 2, "V"),
    ("nIn", 3, "V"),
    ("In", 3, "C"),
    ("yI", 3, "V"),
    ("nI", 3, "V"),
    ("I", 3, "C"),
    ("yA", 3, "V"),
    ("nA", 3, "V"),
    ("A", 3, "C"),
    ("nDAn", 3, "V"),
    ("DAn", 3, "*"),
    ("nDA", 3, "V"),
    ("DA", 3, "*"),
    ("ylA", 3, "V"),
    ("lA", 3, "*"),
    ("nCA", 3, "V"),
    ("CA", 3, "*"),
    ("kI", 4, "*"),
    ("DIr", 5, "*"),
    ("yDI", 5, "V"),
    ("DI", 5, "*"),
    ("ymIş", 5, "V"),
    ("mIş", 5, "*"),
    ("ysA", 5, "V"),
    ("sA", 5, "*"),
    ("yken", 5, "V"),
    ("ken", 5, "*"),
)
_CLASSES = {"A": "[ae]", "I": "[ıiuü]", "D": "[dt]", "C": "[cç]"}


@cache
def _morpheme_patterns() -> tuple[tuple[re.Pattern[str], int, str], ...]:
    compiled = []
    for spec, slot, after in _MORPHEMES:
        pattern = "".join(_CLASSES.get(c, c) for c in spec)
        compiled.append((re.compile(pattern), slot, after))
    return tuple(compiled)


@lru_cache(maxsize=65536)
def turkish_suffix_ok(suffix: str, after_vowel: bool) -> bool:
    """Whether `suffix` (folded) is a chain of Turkish inflections for a noun."""
    patterns = _morpheme_patterns()

    def walk(pos: int, slot: int, vowel: bool, ki_used: bool, depth: int) -> bool:
        if pos == len(suffix):
            return True
        if depth == 7:
            return False
        for pattern, m_slot, after in patterns:
            if m_slot <= slot or (after == "V" and not vowel) or (after == "C" and vowel):
                continue
            if m_slot == 4 and ki_used:
                continue
            match = pattern.match(suffix, pos)
            if not match:
                continue
            stop = match.end()
            # "-ki" makes a new noun ("ateşkesteki"), which inflects again.
            next_slot = 0 if m_slot == 4 else m_slot
            vowel_before = suffix[stop - 1] in VOWELS_TR
            if walk(stop, next_slot, vowel_before, ki_used or m_slot == 4, depth + 1):
                return True
        return False

    return walk(0, 0, after_vowel, False, 0)


_SUFFIX_RULES = {"tr": _turkish_suffix_end, "en": _english_suffix_end}
