"""The glossary test corpus: a small glossary and annotated news sentences.

Sentence files (tr.txt, en.txt) hold one sentence per line with inline
marks `[[entry key|source text]]`: the text is what the hit must cover,
suffix included. Used by tests/unit/test_glossary_match.py and bench/glossary.py.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from glossary.model import Entry, EntryType

HERE = Path(__file__).resolve().parent
_MARK = re.compile(r"\[\[([a-z_]+)\|([^\]]+)\]\]")


@dataclass(frozen=True)
class Sentence:
    line: int
    text: str
    expected: tuple[tuple[str, int, int], ...]  # (entry key, start, end)


def load_glossary() -> tuple[list[Entry], dict[str, int]]:
    """Entries with ids 1..n in file order, and entry key → id."""
    data = json.loads((HERE / "glossary.json").read_text(encoding="utf-8"))
    entries, ids = [], {}
    for number, row in enumerate(data["entries"], start=1):
        forms = {lang: tuple(row[lang]) for lang in ("tr", "en", "id") if row.get(lang)}
        entries.append(
            Entry(
                id=number,
                forms=forms,
                type=EntryType(row.get("type", "term")),
                case_sensitive=row.get("case_sensitive", False),
                note=row.get("note", ""),
            )
        )
        ids[row["key"]] = number
    return entries, ids


def load_sentences(language: str) -> list[Sentence]:
    sentences = []
    path = HERE / f"{language}.txt"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        text, expected, cursor = [], [], 0
        length = 0
        for mark in _MARK.finditer(line):
            before = line[cursor : mark.start()]
            text.append(before)
            length += len(before)
            expected.append((mark.group(1), length, length + len(mark.group(2))))
            text.append(mark.group(2))
            length += len(mark.group(2))
            cursor = mark.end()
        text.append(line[cursor:])
        sentences.append(Sentence(number, "".join(text), tuple(expected)))
    return sentences
