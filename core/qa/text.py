"""Checks on the target text itself: empty, untranslated, repeated words, length, spacing."""

import re

from core.qa.base import (
    _PARTICLES,
    _URL,
    _WORD,
    LENGTH_RATIO,
    LONGEST_REPEAT,
    MAX_RATIO,
    MIN_RATIO,
    MIN_RATIO_SOURCE_CHARS,
    REPEATED_WORDS,
    SAME_AS_SOURCE,
    SPACING,
    TARGET_EMPTY,
    Issue,
    _quote,
    _shorten,
    _squash,
)

# --- target_empty ----------------------------------------------------------------------------


def check_empty(source: str, target: str, source_language: str) -> Issue | None:
    if target.strip():
        return None
    return Issue(TARGET_EMPTY, "The target is empty; translate the segment.")


# --- same_as_source --------------------------------------------------------------------------

# Lower-case links inside names ("Ursula von der Leyen"); not Turkish "de"/"da" ("too").


def _only_names_numbers_urls(text: str) -> bool:
    words = _WORD.findall(_URL.sub(" ", text))
    if len(words) > 4:
        return False
    return all(w.isupper() or w[0].isupper() or w.casefold() in _PARTICLES for w in words)


def check_same_as_source(source: str, target: str, source_language: str) -> Issue | None:
    if _squash(source).casefold() != _squash(target).casefold() or not target.strip():
        return None
    if _only_names_numbers_urls(source):
        return None
    shown = _shorten(target)
    return Issue(
        SAME_AS_SOURCE,
        f'The target is the same as the source ("{shown}"); it looks untranslated.',
        {"target": shown},
    )


# --- repeated_words --------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")  # words and numbers; "anak-anak" is one


def _repeats(text: str, longest: int = LONGEST_REPEAT) -> list[tuple[int, str]]:
    """(phrase length, phrase) for each phrase said twice in a row with only spaces between."""
    matches = list(_TOKEN.finditer(text))
    folded = [m[0].casefold() for m in matches]
    covered: set[int] = set()
    found = []
    for size in range(longest, 0, -1):
        for start in range(len(folded) - 2 * size + 1):
            middle = start + size
            if folded[start:middle] != folded[middle : middle + size]:
                continue
            if text[matches[middle - 1].end() : matches[middle].start()].strip():
                continue  # punctuation between: "Ya, ya" or the end of a sentence
            if covered.intersection(range(start, middle + size)):
                continue  # part of a longer repeat already found
            covered.update(range(start, middle + size))
            found.append((size, text[matches[start].start() : matches[middle - 1].end()]))
    return found


def check_repeated_words(source: str, target: str, source_language: str) -> Issue | None:
    # A repeat the source has too ("very very", "yavaş yavaş") may be carried over on purpose.
    source_sizes = {size for size, _ in _repeats(source)}
    repeated = [phrase for size, phrase in _repeats(target) if size not in source_sizes]
    if not repeated:
        return None
    return Issue(
        REPEATED_WORDS,
        f"The target repeats {_quote(repeated)} twice in a row.",
        {"phrases": repeated},
    )


# --- length_ratio ----------------------------------------------------------------------------


def check_length_ratio(source: str, target: str, source_language: str) -> Issue | None:
    source_chars, target_chars = len(_squash(source)), len(_squash(target))
    if source_chars < MIN_RATIO_SOURCE_CHARS or not target_chars:
        return None
    ratio = target_chars / source_chars
    if ratio < MIN_RATIO:
        percent = round(ratio * 100)
        return Issue(
            LENGTH_RATIO,
            f"The target is only {percent}% as long as the source, "
            "so part of the text may be missing.",
            {"percent": percent},
        )
    if ratio > MAX_RATIO:
        return Issue(
            LENGTH_RATIO,
            f"The target is {ratio:.1f} times as long as the source, "
            "so it may contain added or repeated text.",
            {"times": round(ratio, 1)},
        )
    return None


# --- spacing ---------------------------------------------------------------------------------

_DOUBLE_SPACE = re.compile(r"(\S*)[ \t\u00a0\u2009\u202f]{2,}")


def check_spacing(source: str, target: str, source_language: str) -> Issue | None:
    problems = []
    starts, ends = target[:1].isspace(), target[-1:].isspace()
    if starts:
        problems.append("starts with a space")
    if ends:
        problems.append("ends with a space")
    after = [m[1] for m in _DOUBLE_SPACE.finditer(target.strip())]
    if after:
        problems.append(f"has a double space after {_quote(after)}")
    if not problems:
        return None
    listed = ", ".join(problems[:-1]) + " and " + problems[-1] if len(problems) > 1 else problems[0]
    return Issue(SPACING, f"The target {listed}.", {"starts": starts, "ends": ends, "after": after})
