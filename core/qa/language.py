"""not_indonesian: the target is in another language."""

from langdetect import DetectorFactory, LangDetectException, detect_langs

from core.qa.base import _URL, _WORD, MIN_DETECT_LETTERS, NOT_INDONESIAN, Issue, _shorten, _squash

DetectorFactory.seed = 0  # langdetect is random by default

# --- not_indonesian --------------------------------------------------------------------------

_LANGUAGE_NAMES = {
    "en": "English",
    "tr": "Turkish",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "tl": "Tagalog",
    "af": "Afrikaans",
    "so": "Somali",
    "sw": "Swahili",
    "ar": "Arabic",
    "ru": "Russian",
}


def _common_words(text: str) -> str:
    """The text without names, numbers and URLs, which say little about its language."""
    words = _WORD.findall(_URL.sub(" ", text))
    return " ".join(w for w in words if not w[0].isupper())


def detect_language(text: str) -> str | None:
    """langdetect's best guess on the text's common words, or None when too little is left."""
    sample = _common_words(text)
    if sum(c.isalpha() for c in sample) < MIN_DETECT_LETTERS:
        return None
    try:
        return detect_langs(sample)[0].lang
    except LangDetectException:
        return None


def check_language(source: str, target: str, source_language: str) -> Issue | None:
    if _squash(source).casefold() == _squash(target).casefold():
        return None  # same_as_source says it already
    found = detect_language(target)
    if found is None or found == "id":
        return None
    name, shown = _LANGUAGE_NAMES.get(found, found), _shorten(target, 40)
    return Issue(
        NOT_INDONESIAN,
        f'The target ("{shown}") looks like {name} ({found}), not Indonesian.',
        {"target": shown, "language": found},
    )
