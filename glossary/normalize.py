"""Language-aware folding for glossary matching, with a map back to the original text.

Matching runs on a folded copy of the text; every span found there must be
reported in the coordinates of the text the editor sees. Folding is
length-preserving in the common case (then the map is the identity and costs
nothing); only text that is not NFC, or that has runs of whitespace, takes the
slow path that records where each folded character came from.

Why not `str.lower()`: it maps "I" to "i" (Turkish wants "ı") and "İ" to
"i" + U+0307 (two characters, which also shifts every offset after it).
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

# Typographic apostrophes and look-alikes news sites use for "Erdoğan’ın".
APOSTROPHES = "'\u2019\u2018\u02bc\u0060\u00b4\u2032"
# Hyphens (not dashes) join words: "cease-fire" ≡ "cease fire", "UN-backed".
HYPHENS = "-\u2010\u2011"
VOWELS_TR = "aeıioöuü"


def _common_table() -> dict[int, str]:
    table = {ord(c): "'" for c in APOSTROPHES}
    # Every whitespace character becomes a plain space (NBSP in "BM Güvenlik", newlines).
    for code in range(0x3000 + 1):
        if chr(code).isspace():
            table[code] = " "
    return table


@cache
def _table(language: str, keep_case: bool) -> dict[int, str]:
    table = _common_table()
    if language != "id":
        # Indonesian keeps hyphens: reduplication ("Bangsa-Bangsa") and "PBB-nya" mean something.
        table.update({ord(c): " " for c in HYPHENS})
    if language == "tr":
        # Circumflex is optional in Turkish spelling: "Millî" = "Milli", "hâlâ" = "hala".
        table.update({ord(a): b for a, b in zip("âîûÂÎÛ", "aiuAIU", strict=True)})
        if not keep_case:
            table.update({ord("İ"): "i", ord("I"): "ı"})
    elif language == "en":
        # English news drops Turkish letters ("Erdogan", "Cavusoglu"): compare without them.
        table.update(_strip_diacritics_table())
        if not keep_case:
            table[ord("İ")] = "i"
    elif not keep_case:
        table[ord("İ")] = "i"  # one character, not "i" + combining dot
    return table


def _strip_diacritics_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[code] = base
    table.update({ord("ı"): "i", ord("ø"): "o", ord("Ø"): "O", ord("ł"): "l", ord("Ł"): "L"})
    table.update({ord("đ"): "d", ord("Đ"): "D"})
    return table


def lower(text: str, language: str) -> str:
    """Case folding that respects Turkish dotted/dotless i; never changes the length."""
    text = text.replace("İ", "i")
    if language == "tr":
        text = text.replace("I", "ı")
    return text.lower()


@dataclass(frozen=True)
class Folded:
    """Folded text plus, where folding changed lengths, each character's original offset.

    `offsets` has len(text) + 1 items (the last is the original length) or is
    None when folding kept every character in place.
    """

    text: str
    offsets: list[int] | None = None

    def original(self, index: int) -> int:
        return index if self.offsets is None else self.offsets[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.original(start), self.original(end)


def fold(text: str, language: str, *, keep_case: bool = False) -> str:
    """The folded form of a glossary form or any short text (no offsets kept)."""
    return fold_with_map(text, language, keep_case=keep_case).text


def fold_with_map(text: str, language: str, *, keep_case: bool = False) -> Folded:
    """Fold `text` for matching: apostrophes, hyphens and spaces unified, case folded
    (unless keep_case), Turkish İ/I handled, English diacritics dropped, NFC, and
    whitespace runs collapsed to one space."""
    folded = text.translate(_table(language, keep_case))
    if not keep_case:
        folded = folded.lower()  # after the table, no character here changes length
    if len(folded) == len(text) and "  " not in folded and unicodedata.is_normalized("NFC", text):
        return Folded(folded)
    return _fold_slow(text, language, keep_case)


def _fold_slow(text: str, language: str, keep_case: bool) -> Folded:
    table = _table(language, keep_case)
    chars: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        # A base character and its combining marks compose (NFC) before folding.
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j]).translate(table)
        if not keep_case:
            cluster = cluster.lower()
        for char in cluster:
            if char == " " and chars and chars[-1] == " ":
                continue
            chars.append(char)
            offsets.append(i)
        i = j
    offsets.append(n)
    return Folded("".join(chars), offsets)


def is_word_char(char: str) -> bool:
    return char.isalnum()
