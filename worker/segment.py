"""Sentence segmentation with language-aware rules (sentencex)."""

from sentencex import segment


def split_sentences(language: str, text: str) -> list[str]:
    return [s.strip() for s in segment(language, text) if s.strip()]
