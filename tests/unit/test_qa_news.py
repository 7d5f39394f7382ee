"""QA checks and glossary verification on realistic news: good Indonesian drafts of English
and Turkish wire copy raise nothing, translated place names and kept names included, and
real losses are still found."""

import json

import pytest

from core.qa import NAMES_DROPPED, check_names, check_segment
from glossary.io import read_starter
from glossary.match import Matcher
from glossary.verify import MISSING, verify

# Decent translations of the kind a good MT draft or a translator gives: no finding at all.
NEWS = [
    # Translated geographic names: the common noun is translated, the name kept.
    (
        "A cargo ship carrying 3,000 tonnes of steel sank in the Sea of Marmara on Sunday.",
        "Sebuah kapal kargo yang mengangkut 3.000 ton baja tenggelam di Laut Marmara "
        "pada hari Minggu.",
        "en",
    ),
    (
        "Marmara Denizi'nde müsilaj tehlikesi yeniden gündemde.",
        "Bahaya lendir laut di Laut Marmara kembali menjadi sorotan.",
        "tr",
    ),
    (
        "Gemiler, Marmara Denizi'nde fırtına nedeniyle demirledi.",
        "Kapal-kapal membuang sauh di Laut Marmara akibat badai.",
        "tr",
    ),
    (
        "Karadeniz'de fırtına nedeniyle 12 gemi limanda bekliyor.",
        "Sebanyak 12 kapal menunggu di pelabuhan akibat badai di Laut Hitam.",
        "tr",
    ),
    (
        "Tankers crossing the Black Sea were escorted by the navy.",
        "Kapal-kapal tanker yang melintasi Laut Hitam dikawal angkatan laut.",
        "en",
    ),
    (
        "Ship traffic in the Bosphorus Strait was suspended for four hours.",
        "Lalu lintas kapal di Selat Bosporus dihentikan selama empat jam.",
        "en",
    ),
    (
        "İstanbul Boğazı, arıza yapan tanker nedeniyle gemi trafiğine kapatıldı.",
        "Selat Istanbul ditutup untuk lalu lintas kapal karena sebuah tanker mogok.",
        "tr",
    ),
    (
        "The earthquake struck Hatay Province at 4:17 am local time.",
        "Gempa mengguncang Provinsi Hatay pukul 04.17 waktu setempat.",
        "en",
    ),
    (
        "Deprem, Hatay İli'nin Antakya ilçesinde en çok hasara yol açtı.",
        "Gempa paling banyak menimbulkan kerusakan di Kecamatan Antakya, Provinsi Hatay.",
        "tr",
    ),
    (
        "Climbers were rescued on the slopes of Mount Ararat after a snowstorm.",
        "Para pendaki diselamatkan di lereng Gunung Ararat setelah badai salju.",
        "en",
    ),
    (
        "Ağrı Dağı'nda mahsur kalan 3 dağcı kurtarıldı.",
        "Tiga pendaki yang terjebak di Gunung Ararat berhasil diselamatkan.",
        "tr",
    ),
    (
        "Iran seized an oil tanker in the Persian Gulf on Thursday.",
        "Iran menyita sebuah kapal tanker minyak di Teluk Persia pada hari Kamis.",
        "en",
    ),
    (
        "Basra Körfezi'nde gerginlik tırmanıyor.",
        "Ketegangan di Teluk Persia meningkat.",
        "tr",
    ),
    (
        "The Strait of Hormuz carries about a fifth of the world's oil.",
        "Sekitar seperlima minyak dunia melewati Selat Hormuz.",
        "en",
    ),
    (
        "Sel, Fırat Nehri'nin kıyısındaki köyleri vurdu.",
        "Banjir melanda desa-desa di tepi Sungai Efrat.",
        "tr",
    ),
    (
        "Van Gölü'nde inci kefali göçü başladı.",
        "Migrasi ikan inci kefali di Danau Van telah dimulai.",
        "tr",
    ),
    # Names and acronyms kept.
    (
        "Cumhurbaşkanı Erdoğan, AFAD ve NATO yetkilileriyle görüştü.",
        "Presiden Erdogan bertemu dengan pejabat AFAD dan NATO.",
        "tr",
    ),
    (
        "AFAD, deprem bölgesine 5 bin personel gönderdiğini açıkladı.",
        "AFAD mengumumkan telah mengirim 5.000 personel ke zona gempa.",
        "tr",
    ),
    (
        "NATO Secretary General Jens Stoltenberg met Erdogan in Ankara on Tuesday.",
        "Sekretaris Jenderal NATO Jens Stoltenberg bertemu Erdogan di Ankara pada hari Selasa.",
        "en",
    ),
    (
        "Dışişleri Bakanı Hakan Fidan, Gazze'de kalıcı ateşkes çağrısında bulundu.",
        "Menteri Luar Negeri Hakan Fidan menyerukan gencatan senjata permanen di Gaza.",
        "tr",
    ),
]

# The Indonesian drafts above against the starter glossary: no glossary finding either.
GLOSSARY_CASES = [
    (
        "Afet ve Acil Durum Yönetimi Başkanlığı (AFAD), bölgeye 500 personel gönderdi.",
        "AFAD mengirim 500 personel ke wilayah tersebut.",
        "tr",
    ),
    (
        "AFAD'ın açıklamasına göre AFAD ekipleri bölgede çalışıyor.",
        "Menurut pernyataan AFAD, tim badan itu bekerja di wilayah tersebut.",
        "tr",
    ),
    (
        "The Disaster and Emergency Management Authority (AFAD) said 500 staff were sent.",
        "AFAD mengatakan 500 staf telah dikirim.",
        "en",
    ),
    (
        "Birleşmiş Milletler (BM), Gazze'de ateşkes çağrısı yaptı.",
        "PBB menyerukan gencatan senjata di Gaza.",
        "tr",
    ),
    (
        "NATO Genel Sekreteri Stoltenberg, NATO'nun Türkiye'ye destek vereceğini söyledi.",
        "Sekjen NATO Stoltenberg mengatakan aliansi itu akan mendukung Turki.",
        "tr",
    ),
]


@pytest.mark.parametrize(("source", "target", "language"), NEWS)
def test_good_news_translations_raise_no_qa_finding(
    source: str, target: str, language: str
) -> None:
    assert check_segment(source, target, language) == []


def glossary_findings(source: str, target: str, language: str) -> list[str]:
    entries = {entry.id: entry for entry in read_starter()}
    hits = Matcher(entries.values(), language).find(source)
    return [f"{c.code}: {c.source_form}" for c in verify(hits, target, entries) if c.code]


@pytest.mark.parametrize(("source", "target", "language"), GLOSSARY_CASES)
def test_names_kept_and_abbreviations_raise_no_glossary_finding(
    source: str, target: str, language: str
) -> None:
    assert glossary_findings(source, target, language) == []


def test_a_term_really_missing_is_still_a_glossary_finding() -> None:
    # The full name and its abbreviation are one mention: rendered nowhere, one finding each.
    source = "Birleşmiş Milletler (BM), Gazze'de ateşkes çağrısı yaptı."
    assert glossary_findings(source, "Organisasi dunia menyerukan jeda di Gaza.", "tr") == [
        f"{MISSING}: Birleşmiş Milletler",
        f"{MISSING}: BM",
        f"{MISSING}: ateşkes",
    ]
    # A kept name absent from the target is still missing.
    source = "AFAD'ın açıklamasına göre AFAD ekipleri bölgede."
    found = glossary_findings(source, "Menurut badan itu, tim berada di wilayah tersebut.", "tr")
    assert found == [f"{MISSING}: AFAD'ın", f"{MISSING}: AFAD"]
    # Two separate mentions of a translated term still need two renderings.
    source = "Ateşkes ilan edildi, ancak ateşkes kısa sürdü."
    found = glossary_findings(source, "Gencatan senjata diumumkan, tetapi tak bertahan lama.", "tr")
    assert found == [f"{MISSING}: ateşkes"]


# --- names_dropped: true positives survive ---------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "language", "dropped"),
    [
        (
            "The ship sank in the Sea of Marmara near Yalova.",
            "Kapal itu tenggelam di Laut Marmara.",
            "en",
            "Yalova",
        ),
        (
            "Turkish jets struck targets near Mount Qandil.",
            "Jet-jet Turki menyerang sasaran di dekat gunung.",
            "en",
            "Qandil",
        ),
        (
            "Gemiler, Marmara Denizi'nde demirledi.",
            "Kapal-kapal membuang sauh di laut.",
            "tr",
            "Marmara",
        ),
        (
            "Bakan Yerlikaya, Hatay İli'nde incelemelerde bulundu.",
            "Menteri Yerlikaya melakukan peninjauan di provinsi itu.",
            "tr",
            "Hatay",
        ),
        (
            "Floods hit villages near Lake Van and the city of Mus.",
            "Banjir melanda desa-desa di dekat Danau Van.",
            "en",
            "Mus",
        ),
        (
            "Cumhurbaşkanı Erdoğan, Stoltenberg ile Brüksel'de görüştü.",
            "Presiden Erdogan bertemu di Brussel.",
            "tr",
            "Stoltenberg",
        ),
    ],
)
def test_a_name_really_dropped_is_still_found(
    source: str, target: str, language: str, dropped: str
) -> None:
    issue = check_names(source, target, language)
    assert issue is not None and issue.code == NAMES_DROPPED
    assert issue.params == {"names": [dropped]}
    assert f'"{dropped}"' in issue.message


def test_a_transliterated_name_counts_as_present() -> None:
    # Fırat → Efrat: the same consonants; a different name is not.
    assert (
        check_names("Sel, Fırat Nehri'ni taşırdı.", "Banjir meluapkan Sungai Efrat.", "tr") is None
    )
    issue = check_names("Sel, Fırat Nehri'ni taşırdı.", "Banjir meluapkan Sungai Tigris.", "tr")
    assert issue is not None and issue.params == {"names": ["Fırat"]}


def test_every_finding_keeps_json_params_to_rebuild_its_message_from() -> None:
    source = "Bakan Yerlikaya, 45 kişinin gözaltına alındığını açıkladı."
    pairs = [
        (source, " Menteri  mengumumkan mengumumkan bahwa 46 orang ditahan.", "tr"),
        (source, source, "tr"),
        ("The president said the talks would go on.", "Presiden berkata.", "en"),
        ("The president said the talks would go on.", "The president said that they go on.", "en"),
        ("Inflation rose to 3.5% in 2023.", "Inflasi naik menjadi 3.5% pada 2023.", "en"),
    ]
    codes = set()
    for source, target, language in pairs:
        for issue in check_segment(source, target, language):
            assert json.loads(json.dumps(issue.params)) == issue.params
            codes.add(issue.code)
    assert len(codes) >= 6
