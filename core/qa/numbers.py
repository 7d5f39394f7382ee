"""numbers_changed: the same numbers, read the way each language writes them."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest

from core.qa.base import _WORD, NUMBERS_CHANGED, Issue, _language, _lower, _quote, _wordlist

# --- numbers_changed -------------------------------------------------------------------------

# (decimal mark, thousands mark) per language; Indonesian targets read like Turkish.
_DOT_DECIMAL = (".", ",")
_COMMA_DECIMAL = (",", ".")
_STYLES = {"en": _DOT_DECIMAL}

_NUMBER = re.compile(
    r"(?<![0-9])(?:"
    # Turkish spells big numbers in parts: "50 bin 783", "1 milyon 200 bin".
    r"(?P<compound>(?:[0-9]+\s+(?:milyar|milyon|bin)\s+){1,3}[0-9]+(?:\s+(?:milyon|bin)\b)?)"
    r"|(?P<date>[0-9]{1,2}(?P<mark>[./])[0-9]{1,2}(?P=mark)[0-9]{4}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})"
    r"|(?P<time>[0-9]{1,2}:[0-9]{2})"
    r"|(?P<num>[0-9]+(?:[.,][0-9]+)*)"
    r")(?![0-9])"
)
_LEAD = re.compile(r"([^\W\d_]+)-?$")  # letters glued in front: "G20", "S-300"
_NOT_CODES = frozenset({"ke", "rp", "rm", "us", "usd", "eur", "tl", "no", "nr", "x"})
_TRAIL = re.compile(r"[^\W\d_]+")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_MERIDIEM = re.compile(r"\s?([ap])\.?m\b\.?", re.IGNORECASE)
_SCALE_WORDS = {
    **dict.fromkeys(["thousand", "bin", "ribu"], 10**3),
    **dict.fromkeys(["million", "milyon", "juta"], 10**6),
    **dict.fromkeys(["billion", "milyar", "miliar"], 10**9),
    **dict.fromkeys(["trillion", "trilyon", "triliun"], 10**12),
}
_SCALE_SUFFIXES = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "tn": 10**12}


def _counted(words: str, start: int = 0) -> dict[str, int]:
    return {word: value for value, word in enumerate(_wordlist(words), start=start)}


_NUMBER_WORDS: dict[str, dict[str, int | Decimal]] = {
    "en": {
        **_counted("zero one two three four five six seven eight nine ten eleven twelve"),
        **_counted("first second third fourth fifth sixth seventh eighth ninth tenth", 1),
        **{"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9},
        "half": Decimal("0.5"),
    },
    "tr": {
        **_counted("sıfır bir iki üç dört beş altı yedi sekiz dokuz on"),
        **_counted("birinci ikinci üçüncü dördüncü beşinci altıncı yedinci sekizinci dokuzuncu", 1),
        **{"onuncu": 10, "yüz": 100, "bin": 1000, "milyon": 10**6, "milyar": 10**9},
        "yarım": Decimal("0.5"),
    },
    "id": {
        **_counted("nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas"),
        **_counted("pertama kedua ketiga keempat kelima keenam ketujuh kedelapan kesembilan", 1),
        **{"kesepuluh": 10, "lusin": 12, "seratus": 100, "seribu": 1000, "sejuta": 10**6},
        **{"ribu": 1000, "juta": 10**6, "miliar": 10**9},
        **{"setengah": Decimal("0.5"), "separuh": Decimal("0.5")},
    },
}

# ("n", value) a number, ("t", hours, minutes) a time, ("c", digits) a code, ("s", text)
# something unreadable ("1.2.3"), compared as written.
Value = tuple[object, ...]


@dataclass(frozen=True)
class _Number:
    text: str  # as written, for the message
    primary: Value
    values: frozenset[Value]  # everything it may stand for: "1,5 juta" is 1.5 and 1500000
    foreign: bool = False  # written in the other style: "3.5" in Turkish or Indonesian


def _style_patterns(style: tuple[str, str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    decimal, thousands = (re.escape(mark) for mark in style)
    grouped = re.compile(rf"[0-9]{{1,3}}(?:{thousands}[0-9]{{3}})+(?:{decimal}[0-9]+)?")
    plain = re.compile(rf"[0-9]+(?:{decimal}[0-9]+)?")
    return grouped, plain


_PATTERNS = {style: _style_patterns(style) for style in (_DOT_DECIMAL, _COMMA_DECIMAL)}
_CLOCK = re.compile(r"([0-9]{1,2})([:.])([0-9]{2})")


def _strict(text: str, style: tuple[str, str]) -> Decimal | None:
    """The value of `text` written in `style`, or None if that style cannot have written it."""
    grouped, plain = _PATTERNS[style]
    if grouped.fullmatch(text):
        return Decimal(text.replace(style[1], "").replace(style[0], "."))
    if plain.fullmatch(text):
        return Decimal(text.replace(style[0], "."))
    return None


def _clock(text: str, style: tuple[str, str]) -> Value | None:
    """'14:30' anywhere, or '14.30' where a dot cannot be a decimal mark (Turkish, Indonesian)."""
    match = _CLOCK.fullmatch(text)
    if match is None or (match[2] == "." and style[0] == "."):
        return None
    hours, minutes = int(match[1]), int(match[3])
    return ("t", hours, minutes) if hours <= 24 and minutes <= 59 else None


def _read(text: str, style: tuple[str, str]) -> tuple[Value, bool]:
    """A number as a comparable value, and whether only the other style could have written it."""
    clock = _clock(text, style)
    if clock is not None:
        return clock, False
    value = _strict(text, style)
    if value is not None:
        return ("n", value), False
    value = _strict(text, _COMMA_DECIMAL if style == _DOT_DECIMAL else _DOT_DECIMAL)
    if value is not None:
        return ("n", value), True
    return ("s", text), False


def _date_parts(text: str) -> list[Decimal]:
    """Day and year; the month is left out because the other side may spell it ("Eylül")."""
    parts = [int(p) for p in re.split(r"[./-]", text)]
    if parts[0] > 31:  # ISO: 2023-09-27
        return [Decimal(parts[2]), Decimal(parts[0])]
    first, second, year = parts
    day = second if second > 12 >= first else first  # US order only when it is unmistakable
    return [Decimal(day), Decimal(year)]


def _scaled(text: str, end: int, value: Decimal) -> set[Value]:
    """The value times a scale word or suffix right after it ("1,5 juta", "5bn")."""
    trail = _TRAIL.match(text, end)
    if trail and trail[0].casefold() in _SCALE_SUFFIXES:
        return {("n", value * _SCALE_SUFFIXES[trail[0].casefold()])}
    word = _NEXT_WORD.match(text, end)
    if word and word[1].casefold() in _SCALE_WORDS:
        return {("n", value * _SCALE_WORDS[word[1].casefold()])}
    return set()


def _twelve_hour(text: str, end: int, value: Value) -> set[Value]:
    """'3 pm' or '3:30 p.m.' may be written '15.00' or '15.30' in Indonesian."""
    meridiem = _MERIDIEM.match(text, end)
    if meridiem is None:
        return set()
    if value[0] == "t":
        hours, minutes = value[1], value[2]
    elif value[0] == "n" and isinstance(value[1], Decimal) and value[1] == int(value[1]):
        hours, minutes = int(value[1]), 0
    else:
        return set()
    if not isinstance(hours, int) or not isinstance(minutes, int) or not 1 <= hours <= 12:
        return set()
    return {("t", hours % 12 + (12 if meridiem[1].casefold() == "p" else 0), minutes)}


def _compound(text: str) -> _Number:
    """'50 bin 783' → 50783: each number times the scale word after it, summed."""
    words = text.split()
    total = sum(
        Decimal(number) * _SCALE_WORDS.get(scale, 1)
        for number, scale in zip_longest(words[::2], words[1::2], fillvalue="")
    )
    return _Number(text, ("n", total), frozenset({("n", total)}))


def _code(text: str, match: re.Match[str]) -> _Number | None:
    """Digits glued to letters in front ("G20", "S-300") are a code, compared by its digits."""
    lead = _LEAD.search(text, max(0, match.start() - 40), match.start())
    if lead is None or lead[1].casefold() in _NOT_CODES:
        return None
    code = ("c", Decimal(re.sub(r"[.,]", "", match[0])))
    return _Number(lead[0] + match[0], code, frozenset({code}))


def _numbers(text: str, style: tuple[str, str]) -> list[_Number]:
    found = []
    for match in _NUMBER.finditer(text):
        written = match[0]
        if match["compound"]:
            found.append(_compound(written))
            continue
        if match["date"]:
            found += [
                _Number(written, ("n", d), frozenset({("n", d)})) for d in _date_parts(written)
            ]
            continue
        code = _code(text, match) if match["num"] else None
        if code is not None:
            found.append(code)
            continue
        value, foreign = _read(written, style)
        values = {value} | _twelve_hour(text, match.end(), value)
        if isinstance(value[1], Decimal):
            values |= _scaled(text, match.end(), value[1])
        found.append(_Number(written, value, frozenset(values), foreign))
    return found


def _word_numbers(text: str, language: str) -> list[_Number]:
    words = _NUMBER_WORDS.get(language, {})
    found = []
    for match in _WORD.finditer(text):
        word = _lower(match[0])
        if word in words:
            value = Decimal(words[word])
            values = {("n", value)} | _scaled(text, match.end(), value)
            found.append(_Number(match[0], ("n", value), frozenset(values)))
    return found


def _pair_off(
    left: list[_Number], right: list[_Number], same: Callable[[_Number, _Number], bool]
) -> tuple[list[_Number], list[_Number]]:
    """Remove pairs that `same` accepts, each number used once; return what is left on each side."""
    left, right = list(left), list(right)
    unpaired = []
    for number in left:
        index = next((i for i, other in enumerate(right) if same(number, other)), None)
        if index is None:
            unpaired.append(number)
        else:
            del right[index]
    return unpaired, right


def _by_primary(a: _Number, b: _Number) -> bool:
    return a.primary == b.primary


def _by_any(a: _Number, b: _Number) -> bool:
    return bool(a.values & b.values)


def _indonesian(value: Decimal) -> str:
    return f"{value:,}".translate(str.maketrans(",.", ".,"))


def _misspelt(
    source_numbers: list[_Number], target_numbers: list[_Number], style: tuple[str, str]
) -> list[tuple[str, str]]:
    """(as written, Indonesian spelling) for target numbers only English style reads ("3.5").

    A Turkish source that has the very same oddity was copied, not mistranslated.
    """
    copied = {n.text for n in source_numbers} if style == _COMMA_DECIMAL else set()
    return [
        (n.text, _indonesian(n.primary[1]))
        for n in target_numbers
        if n.foreign and isinstance(n.primary[1], Decimal) and n.text not in copied
    ]


def _style_hints(
    missing: list[_Number], extra: list[_Number], style: tuple[str, str]
) -> tuple[list[tuple[str, str]], list[_Number], list[_Number]]:
    """Pair leftover target numbers that mean the source's number in English style ("1,000",
    which Indonesian reads as one); return the hints and what is still unexplained."""
    if style == _COMMA_DECIMAL:
        return [], missing, extra
    hints, missing, rest = [], list(missing), []
    for number in extra:
        value = _strict(number.text, style)
        index = next((i for i, m in enumerate(missing) if m.primary == ("n", value)), None)
        if value is None or index is None:
            rest.append(number)
            continue
        del missing[index]
        hints.append((number.text, _indonesian(value)))
    return hints, missing, rest


def _unpaired(
    source_numbers: list[_Number],
    target_numbers: list[_Number],
    source: str,
    target: str,
    language: str,
) -> tuple[list[_Number], list[_Number]]:
    missing, extra = _pair_off(source_numbers, target_numbers, _by_primary)
    missing, extra = _pair_off(missing, extra, _by_any)
    # A number spelt out on one side ("tiga") may stand for digits on the other ("3").
    if missing:
        missing, _ = _pair_off(missing, _word_numbers(target, "id"), _by_any)
    if extra:
        extra, _ = _pair_off(extra, _word_numbers(source, language), _by_any)
    return missing, extra


def _numbers_message(
    missing: list[_Number], extra: list[_Number], hints: list[tuple[str, str]]
) -> str:
    write = _quote(f'{written}" as "{right}' for written, right in hints)
    if not missing and not extra:
        return f"Numbers are written the English way: in Indonesian write {write}."
    have, more = _quote(n.text for n in missing), _quote(n.text for n in extra)
    if missing and extra:
        sentence = f"The source has {have} but the target has {more} instead"
    elif missing:
        sentence = f"The target is missing {have} from the source"
    else:
        sentence = f"The target has {more}, which the source does not"
    return sentence + (f"; in Indonesian write {write}." if hints else ".")


def check_numbers(source: str, target: str, source_language: str) -> Issue | None:
    language = _language(source_language)
    style = _STYLES.get(language, _COMMA_DECIMAL)
    source_numbers, target_numbers = _numbers(source, style), _numbers(target, _COMMA_DECIMAL)
    missing, extra = _unpaired(source_numbers, target_numbers, source, target, language)
    hints, missing, extra = _style_hints(missing, extra, style)
    hints = _misspelt(source_numbers, target_numbers, style) + hints
    if not missing and not extra and not hints:
        return None
    params = {
        "missing": [n.text for n in missing],
        "extra": [n.text for n in extra],
        "hints": [list(hint) for hint in hints],  # [as written, Indonesian spelling]
    }
    return Issue(NUMBERS_CHANGED, _numbers_message(missing, extra, hints), params)
