"""Machine translation of an article's segments, behind one engine interface.

With an Argos package (or a pivot pair) installed, `ArgosEngine` drafts the
segments. Without one, `NoEngine` runs: targets stay empty and segments are
marked "no machine translation", so translators can work from scratch.
"""

from typing import Protocol

from core.config import Settings
from worker.mt.engine import ArgosEngine, route
from worker.mt.packages import installed

TARGET_LANGUAGE = "id"


class TranslationEngine(Protocol):
    name: str
    description: str

    def translate(self, sources: list[str]) -> list[str | None]:
        """One target per source, in order; None where the engine has none."""


class NoEngine:
    name = "none"

    def __init__(self, source: str, target: str) -> None:
        self.description = (
            f"No machine translation model is installed for {source}→{target}; "
            "translators start from the source text. An operator can install one "
            f"(warta models install {source} {target}) and retry the article."
        )

    def translate(self, sources: list[str]) -> list[str | None]:
        return [None] * len(sources)


def engine_for(settings: Settings, source: str, target: str = TARGET_LANGUAGE) -> TranslationEngine:
    """The engine for a pair, looked up each time so new packages need no restart."""
    hops = route(installed(settings), source, target)
    return ArgosEngine(hops, settings) if hops else NoEngine(source, target)
