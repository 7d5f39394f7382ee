"""Checks on machine output that must become findings instead of shipping silently."""

import re

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def repeated_phrases(source: str, target: str, longest: int = 4) -> list[str]:
    """Phrases the target says twice in a row ("Merhaba Merhaba") where the source did not.

    Indonesian reduplication is hyphenated ("anak-anak") and so is one word here.
    """
    found: list[str] = []
    words = _WORD.findall(target)
    folded = [w.casefold() for w in words]
    source_folded = " ".join(w.casefold() for w in _WORD.findall(source))
    for size in range(longest, 0, -1):
        for start in range(len(folded) - 2 * size + 1):
            first = folded[start : start + size]
            if first != folded[start + size : start + 2 * size]:
                continue
            phrase = " ".join(first)
            if f"{phrase} {phrase}" in source_folded:
                continue  # the source repeats it too
            if not any(phrase in f.casefold() for f in found):
                found.append(" ".join(words[start : start + size]))
    return found
