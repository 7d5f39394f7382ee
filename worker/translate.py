"""Machine translation engines behind one interface.

Until a model is installed for a pair, `NoEngine` is what runs: targets stay
empty and segments are marked "no machine translation", so translators can
work from scratch.
"""

from typing import Protocol

TARGET_LANGUAGE = "id"


class TranslationEngine(Protocol):
    name: str

    def translate(self, sources: list[str]) -> list[str | None]:
        """One target per source, in order; None where the engine has none."""


class NoEngine:
    name = "none"

    def translate(self, sources: list[str]) -> list[str | None]:
        return [None] * len(sources)


def engine_for(source_language: str, target_language: str = TARGET_LANGUAGE) -> TranslationEngine:
    return NoEngine()
