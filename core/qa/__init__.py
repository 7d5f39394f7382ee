"""QA checks on one translated segment (English or Turkish source, Indonesian target).

Pure functions: no database, no queue, only the standard library and langdetect.
`check_segment` runs every check in a fixed order; each check is also a function
of its own with the same arguments, returning one `Issue` or None (one finding
per code and segment, so a translator dismisses or fixes it once).

Rules and thresholds, chosen to keep false findings rare:

- target_empty: the target is blank; nothing else is checked.
- same_as_source: equal to the source after case and whitespace folding,
  unless the source is only numbers, URLs or a short run of names (≤ 4
  capitalised words), which stay the same in Indonesian.
- numbers_changed: the numbers of both sides are compared as values, read
  the way each language writes them: English "1,000.5", Turkish and
  Indonesian "1.000,5". A source number written the other way ("3,5" in an
  English text) is still understood; a target number must be written the
  Indonesian way, and when it is not the finding says how to write it.
  Digits glued to letters in front ("G20", "S-300", "COVID-19") are codes:
  they match only codes with the same digits, whatever the letters
  ("Kovid-19" and "COVID-19" agree). "ke-27", "Rp5.000" and letters after
  the digits ("27th", "1990s", "10km", "5bn") are plain numbers. Percent
  signs, signs and ordinal dots are ignored; "27.09.2023" and "27 Eylül
  2023" both give 27 and 2023 (month names are not numbers); "14:30" and
  Indonesian "14.30" are both a time, "3 pm" may become "15.00".
  "1,5 million" matches "1.500.000" and "1,5 juta", Turkish "50 bin 783"
  matches "50.783"; a number spelt as a word ("tiga", "three", "üç") excuses
  the digit on the other side.
- names_dropped: capitalised words in the source (a Turkish apostrophe suffix
  stripped: "Erdoğan'ın" → "Erdoğan"), grouped into names; a common word,
  "and"/"ve", or a Turkish suffix ends a name ("Ankara'da Erdoğan" is two).
  Skipped, to keep false findings rare: the first word of a sentence or
  quotation (unless a Turkish apostrophe suffix marks it as a name), all-caps
  acronyms (often translated: ABD → AS, UN → PBB; the glossary's keep entries
  cover them), single letters, capitalised common words (a list of titles,
  days, months, nationalities and places Indonesian spells differently, and
  endings such as "-tion", "-ment", Turkish "-lığı"), whole institution names
  ("Ministry of Foreign Affairs", "Afet ve Acil Durum Yönetimi Başkanlığı",
  which Indonesian translates word by word), and title-case headlines.
  Geographic common nouns ("Sea", "Strait", "Mount", "Province", Turkish
  "Denizi", "Boğazı", "Dağı", "İli") are common words too: Indonesian
  translates them and keeps the name ("Marmara Denizi" → "Laut Marmara",
  "Strait of Hormuz" → "Selat Hormuz"), so only the distinctive word is
  looked for. A name is present if any of its words is in the target (more
  lenient than its longest word: "Vladimir Putin" may become "Putin"),
  compared without diacritics and allowing a suffix ("Erdogan-nya"), a shared
  start ("Turkey" / "Turki"), one letter changed ("Moscow" / "Moskow") or the
  same consonants ("Fırat" / "Efrat").
- Every Issue carries `params`, the JSON values its English message was built
  from, which the desk stores with the finding and translates from.
- repeated_words: a 1–4 word phrase said twice in a row, separated by
  whitespace only (so "Ya, ya" and a word ending one sentence and starting
  the next are fine), unless the source repeats a phrase of that length too.
  "anak-anak" is one word.
- length_ratio: for sources of at least 20 characters, target/source
  characters (whitespace squashed) must lie within 0.5–2.2. The correct
  translations in tests/unit/test_qa.py run 0.81–1.42 (Indonesian is mostly
  a little longer than English and Turkish); the band leaves room for short
  segments, whose ratio varies more, and still catches a half-translated or
  doubled target.
- not_indonesian: langdetect on the target with names (capitalised words),
  numbers and URLs removed, when at least 40 letters remain; the finding is
  raised when the most probable language is not "id". Real Indonesian news
  sentences came out "id" with p > 0.99; langdetect has no Malay profile and
  reads Malay as "id", and no Indonesian test sentence came out "tl", so
  nothing else is tolerated. Skipped when the target equals the source
  (same_as_source already says so).
- spacing: leading or trailing whitespace, or two or more spaces in a row.

Speed (measured on the test fixtures): all checks but not_indonesian take
about 0.1 ms per sentence together (numbers and names some 0.04 ms each);
langdetect adds about 1 ms when it runs (a third of the fixtures have 40
letters of common words), and its first call loads its profiles (~0.3 s).
"""

from core.qa.base import (
    LENGTH_RATIO,
    NAMES_DROPPED,
    NOT_INDONESIAN,
    NUMBERS_CHANGED,
    REPEATED_WORDS,
    SAME_AS_SOURCE,
    SPACING,
    TARGET_EMPTY,
    Check,
    Issue,
)
from core.qa.language import check_language, detect_language
from core.qa.names import check_names
from core.qa.numbers import check_numbers
from core.qa.text import (
    check_empty,
    check_length_ratio,
    check_repeated_words,
    check_same_as_source,
    check_spacing,
)

__all__ = [
    "CHECKS",
    "LENGTH_RATIO",
    "NAMES_DROPPED",
    "NOT_INDONESIAN",
    "NUMBERS_CHANGED",
    "REPEATED_WORDS",
    "SAME_AS_SOURCE",
    "SPACING",
    "TARGET_EMPTY",
    "Issue",
    "check_empty",
    "check_language",
    "check_length_ratio",
    "check_names",
    "check_numbers",
    "check_repeated_words",
    "check_same_as_source",
    "check_segment",
    "check_spacing",
    "detect_language",
]

# --- all checks ------------------------------------------------------------------------------

CHECKS: tuple[Check, ...] = (
    check_same_as_source,
    check_numbers,
    check_names,
    check_repeated_words,
    check_length_ratio,
    check_language,
    check_spacing,
)


def check_segment(source: str, target: str, source_language: str) -> list[Issue]:
    """Every finding for one segment, in the order of CHECKS; an empty target stops the rest."""
    empty = check_empty(source, target, source_language)
    if empty is not None:
        return [empty]
    issues = (check(source, target, source_language) for check in CHECKS)
    return [issue for issue in issues if issue is not None]
