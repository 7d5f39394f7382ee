"""Shield `keep` spans (names, agency names) from the MT model, then put them back.

Each kept term is replaced by a made-up capitalised word ("Zorvex",
"Quendar"): NMT models copy unknown proper-noun-like words through, whereas
markers such as `###T01###` or `{{x}}` get split, translated or dropped.
A suffix stays on the stand-in so the model still sees the grammar
("Zorvex'in", "Zorvex's"); a suffix glued without apostrophe
("Anadolu Ajansına") gets one ("Zorvex'na") — a name with an apostrophe
suffix is what the model knows — and `restore` takes it out again.

Stand-ins never occur in the text (checked the same case-insensitive way
`restore` searches), and none contains another, so restoring is exact:
protect → restore with an identity "translation" gives the text back.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from glossary.match import Hit
from glossary.model import EntryType
from glossary.normalize import fold

# Hand-picked: pronounceable, capitalised, not words in Turkish, English or
# Indonesian, no i/ı/k/s (the letters with Unicode case look-alikes: İ, ı,
# the Kelvin sign, long s), none inside another.
STAND_INS: tuple[str, ...] = (
    "Zorvex",
    "Quendar",
    "Velmor",
    "Brantov",
    "Drovane",
    "Tazmur",
    "Morvelt",
    "Xantor",
    "Plovden",
    "Gruntel",
    "Fendrax",
    "Wolvaro",
    "Yumbar",
    "Javrone",
    "Croddex",
    "Huvamon",
    "Bexwold",
    "Pardune",
    "Nuvrox",
    "Lowmarq",
)
# Generated ones all have six letters, so none contains another.
_SHAPE = ("BDFGMPTVZ", "aeou", "lmnr", "vxz", "aeou", "dlmnrt")

APOSTROPHE_MARK = "'"
_CLITIC = re.compile(r"(?:nya|lah|kah|pun)+(?![^\W_])", re.IGNORECASE)


@dataclass(frozen=True)
class Placeholder:
    stand_in: str
    original: str  # the source text it replaced (the term, without its suffix)
    target: str  # what `restore` writes: the original, or the entry's Indonesian form
    glued: bool  # a suffix followed without apostrophe; protect inserted one
    start: int = 0  # where the term was in the source text


def stand_ins() -> Iterator[str]:
    """The curated words, then generated ones: as many as any segment needs."""
    curated = [word.lower() for word in STAND_INS]
    yield from STAND_INS
    for letters in product(*_SHAPE):
        word = "".join(letters)
        low = word.lower()
        if not any(low in c or c in low for c in curated):
            yield word


@lru_cache(maxsize=1024)
def _finder(word: str) -> re.Pattern[str]:
    return re.compile(re.escape(word), re.IGNORECASE)


def _target(hit: Hit, original: str) -> str:
    """The original span if it is one of the entry's target spellings, else the preferred form.

    Compared with English folding (case and diacritics ignored): "Erdogan"
    written in the source stays "Erdogan"; "Anadolu Ajansı" becomes "Anadolu Agency".
    """
    if not hit.target_forms:
        return original
    written = fold(original, "en")
    if any(fold(form, "en") == written for form in hit.target_forms):
        return original
    return hit.target_forms[0]


def protect(text: str, hits: Iterable[Hit]) -> tuple[str, list[Placeholder]]:
    """Replace each `keep` hit's term by a stand-in; other hits are left alone."""
    keep = []
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.type != EntryType.KEEP or hit.term_end <= hit.start:
            continue
        if keep and hit.start < keep[-1].term_end:
            continue  # overlapping keep hits: the first one wins
        keep.append(hit)
    if not keep:
        return text, []
    banned: set[str] = set()
    while True:
        protected, placeholders, bad = _attempt(text, keep, banned)
        if not bad:
            return protected, placeholders
        banned |= bad


def _attempt(
    text: str, keep: list[Hit], banned: set[str]
) -> tuple[str, list[Placeholder], set[str]]:
    words = (w for w in stand_ins() if w not in banned and not _finder(w).search(text))
    parts: list[str] = []
    placeholders: list[Placeholder] = []
    positions: list[int] = []
    cursor = 0
    length = 0
    for hit in keep:
        word = next(words)
        original = text[hit.start : hit.term_end]
        glued = hit.term_end < len(text) and text[hit.term_end].isalnum()
        before = text[cursor : hit.start]
        parts.append(before)
        length += len(before)
        positions.append(length)
        piece = word + (APOSTROPHE_MARK if glued else "")
        parts.append(piece)
        length += len(piece)
        placeholders.append(Placeholder(word, original, _target(hit, original), glued, hit.start))
        cursor = hit.term_end
    parts.append(text[cursor:])
    protected = "".join(parts)
    # Neighbouring text could spell a stand-in across the seam ("...zor" + "Vex...").
    bad = {
        p.stand_in
        for p, at in zip(placeholders, positions, strict=True)
        if [m.start() for m in _finder(p.stand_in).finditer(protected)] != [at]
    }
    return protected, placeholders, bad


def restore(translated: str, placeholders: Iterable[Placeholder]) -> str:
    """Put each placeholder's target back wherever the model left its stand-in.

    Case changes ("ZORVEX", "zorvex") are undone; the apostrophe protect
    inserted is removed; an Indonesian clitic the model glued on ("Zorvexnya")
    gets the hyphen Indonesian writes after a name ("NATO-nya").
    """
    by_word = {p.stand_in.lower(): p for p in placeholders}
    if not by_word or not translated:
        return translated
    words = sorted(by_word, key=len, reverse=True)
    pattern = re.compile(
        "(" + "|".join(re.escape(w) for w in words) + r")(['’](?=[^\W_]))?", re.IGNORECASE
    )

    def put_back(match: re.Match[str]) -> str:
        placeholder = by_word[match.group(1).lower()]
        apostrophe = match.group(2)
        if apostrophe:
            return placeholder.target if placeholder.glued else placeholder.target + apostrophe
        if _CLITIC.match(translated, match.end()):
            return placeholder.target + "-"
        return placeholder.target

    return pattern.sub(put_back, translated)
