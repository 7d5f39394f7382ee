"""Sentences split where a reader would split them, in English and Turkish."""

import pytest

from worker.segment import split_sentences

CASES = [
    (
        "tr",
        "Savaş 1992'de başladı ve 3,5 saat sürdü. Sonra bitti.",
        ["Savaş 1992'de başladı ve 3,5 saat sürdü.", "Sonra bitti."],
    ),
    (
        "tr",
        "“Bu kabul edilemez,” dedi Bakan Çavuşoğlu. Toplantı sürüyor.",
        ["“Bu kabul edilemez,” dedi Bakan Çavuşoğlu.", "Toplantı sürüyor."],
    ),
    (
        "tr",
        'Bakan "Ateşkes şart." dedi. Görüşmeler yarın.',
        ['Bakan "Ateşkes şart." dedi.', "Görüşmeler yarın."],
    ),
    (
        "tr",
        "Prof. Dr. Ahmet Kaya, vb. konular hakkında konuştu. Saat 14.30'da başladı.",
        ["Prof. Dr. Ahmet Kaya, vb. konular hakkında konuştu.", "Saat 14.30'da başladı."],
    ),
    (
        "tr",
        "AGİT Minsk Grubu 1992'de kuruldu... Çatışmalar 27 Eylül'de başladı.",
        ["AGİT Minsk Grubu 1992'de kuruldu...", "Çatışmalar 27 Eylül'de başladı."],
    ),
    (
        "en",
        "He said the talks ... had failed. Officials left.",
        ["He said the talks ... had failed.", "Officials left."],
    ),
    (
        "en",
        '"We are ready," the minister said. "The ceasefire must hold." Talks go on.',
        ['"We are ready," the minister said.', '"The ceasefire must hold."', "Talks go on."],
    ),
    (
        "en",
        "The U.S. and the U.N. met at 3 p.m. in Washington, D.C. on Friday. Mr. Smith spoke.",
        ["The U.S. and the U.N. met at 3 p.m. in Washington, D.C. on Friday.", "Mr. Smith spoke."],
    ),
    (
        "en",
        "Dr. Smith met U.N. officials at 3.5 p.m. on Friday. Talks ended late.",
        ["Dr. Smith met U.N. officials at 3.5 p.m. on Friday.", "Talks ended late."],
    ),
    (
        "en",
        "Gen. Hulusi Akar said: “The calls are not sincere.” He added more.",
        ["Gen. Hulusi Akar said: “The calls are not sincere.”", "He added more."],
    ),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_split(language: str, text: str, expected: list[str]) -> None:
    assert split_sentences(language, text) == expected


def test_nothing_is_lost_or_reordered() -> None:
    for language, text, _ in CASES:
        joined = " ".join(split_sentences(language, text))
        assert joined.split() == text.split()
