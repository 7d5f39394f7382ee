"""What every QA check shares: codes, thresholds, the Issue, text helpers."""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

TARGET_EMPTY = "target_empty"
SAME_AS_SOURCE = "same_as_source"
NUMBERS_CHANGED = "numbers_changed"
NAMES_DROPPED = "names_dropped"
REPEATED_WORDS = "repeated_words"
LENGTH_RATIO = "length_ratio"
NOT_INDONESIAN = "not_indonesian"
SPACING = "spacing"

MIN_RATIO_SOURCE_CHARS = 20
MIN_RATIO = 0.5
MAX_RATIO = 2.2
MIN_DETECT_LETTERS = 40
LONGEST_REPEAT = 4


@dataclass(frozen=True)
class Issue:
    code: str
    message: str  # one plain English sentence for the translator, quoting the offending bit
    # What the message was built from ({"names": ["Yalova"]}), stored with the finding so
    # the desk can say it again in the reader's language (api/web/messages.py). JSON
    # values only. Not compared: equal code and message mean the same finding.
    params: dict = field(default_factory=dict, compare=False, hash=False)


Check = Callable[[str, str, str], Issue | None]


# --- shared text helpers ---------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")  # letters; hyphens and apostrophes inside
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_APOSTROPHES = "'’"


def _wordlist(text: str) -> list[str]:
    """Long word lists read better as one string than as a list literal."""
    return text.split()


def _language(code: str) -> str:
    """'en-US' → 'en'; the checks only need the primary subtag."""
    return re.split(r"[-_]", code.strip().casefold(), maxsplit=1)[0]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _lower(word: str) -> str:
    # str.lower turns "İ" into "i" plus a combining dot; Turkish words must match plain "i".
    return word.replace("İ", "i").lower()


def _fold(text: str) -> str:
    """Lower case without diacritics: Indonesian writes "Erdogan" for "Erdoğan"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _quote(items: Iterable[str]) -> str:
    quoted = [f'"{item}"' for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _shorten(text: str, limit: int = 60) -> str:
    text = _squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_PARTICLES = frozenset(_wordlist("al el bin bint ibn von van der den del dos du"))


def _is_capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and not word.isupper()
