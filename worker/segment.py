"""Sentence segmentation with language-aware rules (sentencex).

sentencex knows the abbreviations of each language ("Dr.", "U.N.", "Prof.")
and numbers ("3,5", "14.30"). One rule is added: news sentences in English
and Turkish never begin in lower case, so a break before a lower-case word
("… vb. konular") was an abbreviation sentencex did not know, and is undone.
"""

from sentencex import segment


def split_sentences(language: str, text: str) -> list[str]:
    sentences: list[str] = []
    for piece in segment(language, text):
        piece = piece.strip()
        if not piece:
            continue
        if sentences and _starts_lower(piece):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def _starts_lower(sentence: str) -> bool:
    first = next((c for c in sentence if c.isalpha()), "")
    return first.islower()
