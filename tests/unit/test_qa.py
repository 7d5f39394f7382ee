"""QA checks on translated segments: each finding's positive and negative cases on news text."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.qa import (
    CHECKS,
    LENGTH_RATIO,
    NAMES_DROPPED,
    NOT_INDONESIAN,
    NUMBERS_CHANGED,
    REPEATED_WORDS,
    SAME_AS_SOURCE,
    SPACING,
    TARGET_EMPTY,
    Issue,
    check_empty,
    check_language,
    check_length_ratio,
    check_names,
    check_numbers,
    check_repeated_words,
    check_same_as_source,
    check_segment,
    check_spacing,
    detect_language,
)

# Correct translations: none of them may raise a finding.
GOOD = [
    ("Çatışmalar 3,5 saat sürdü.", "Bentrokan berlangsung selama 3,5 jam.", "tr"),
    (
        "Cumhurbaşkanı Recep Tayyip Erdoğan, Rusya Devlet Başkanı Vladimir Putin ile Soçi'de "
        "görüştü.",
        "Presiden Recep Tayyip Erdogan bertemu dengan Presiden Rusia Vladimir Putin di Sochi.",
        "tr",
    ),
    (
        "Dışişleri Bakanlığından yapılan açıklamada, İsrail'in Gazze'ye yönelik saldırıları "
        "kınandı.",
        "Dalam pernyataan Kementerian Luar Negeri, serangan Israel terhadap Gaza dikecam.",
        "tr",
    ),
    (
        "Malatya'da 27 Eylül 2023'te meydana gelen 5,6 büyüklüğündeki depremde 12 kişi yaralandı.",
        "Sebanyak 12 orang terluka dalam gempa bermagnitudo 5,6 yang terjadi di Malatya pada "
        "27 September 2023.",
        "tr",
    ),
    (
        "Merkez Bankası politika faizini yüzde 50'de sabit tuttu.",
        "Bank Sentral mempertahankan suku bunga kebijakan di level 50 persen.",
        "tr",
    ),
    (
        "İçişleri Bakanı Ali Yerlikaya, operasyonlarda 1.250 şüphelinin yakalandığını açıkladı.",
        "Menteri Dalam Negeri Ali Yerlikaya mengumumkan bahwa 1.250 tersangka ditangkap dalam "
        "operasi tersebut.",
        "tr",
    ),
    (
        "Toplantı saat 14.30'da Ankara'da başlayacak.",
        "Pertemuan akan dimulai pukul 14.30 di Ankara.",
        "tr",
    ),
    (
        "Türkiye'nin ihracatı yıllık bazda yüzde 12 artarak 250 milyar dolara ulaştı.",
        "Ekspor Turki naik 12 persen secara tahunan menjadi 250 miliar dolar AS.",
        "tr",
    ),
    ("Galatasaray, Fenerbahçe'yi 3-1 yendi.", "Galatasaray mengalahkan Fenerbahçe 3-1.", "tr"),
    (
        "Yavaş yavaş ilerleyen konvoy, sınır kapısına ulaştı.",
        "Konvoi yang bergerak perlahan-lahan itu tiba di gerbang perbatasan.",
        "tr",
    ),
    (
        "Deprem bölgesinde 3 bin konteyner kurulacak.",
        "Sebanyak 3.000 kontainer akan didirikan di zona gempa.",
        "tr",
    ),
    (
        "Milli Savunma Bakanlığı, Irak'ın kuzeyinde 4 teröristin etkisiz hale getirildiğini "
        "bildirdi.",
        "Kementerian Pertahanan Nasional melaporkan bahwa 4 teroris dinetralkan di Irak utara.",
        "tr",
    ),
    (
        "Erdoğan'ın açıklaması Almanya ve Fransa'da geniş yankı uyandırdı.",
        "Pernyataan Erdogan mendapat tanggapan luas di Jerman dan Prancis.",
        "tr",
    ),
    (
        "AB ve BM temsilcileri 12.05.2024 tarihinde Cenevre'de bir araya geldi.",
        "Perwakilan UE dan PBB bertemu di Jenewa pada 12 Mei 2024.",
        "tr",
    ),
    (
        "Inflation rose to 3.5% in 2023, with 1,000 firms affected.",
        "Inflasi naik menjadi 3,5% pada 2023, dengan 1.000 perusahaan terdampak.",
        "en",
    ),
    (
        "Foreign Minister Hakan Fidan said on Monday that the United States and Germany must act.",
        "Menteri Luar Negeri Hakan Fidan mengatakan pada hari Senin bahwa Amerika Serikat dan "
        "Jerman harus bertindak.",
        "en",
    ),
    (
        "The Kremlin said Moscow would respond to the sanctions.",
        "Kremlin mengatakan Moskow akan menanggapi sanksi tersebut.",
        "en",
    ),
    (
        "UN Secretary-General Antonio Guterres called for an immediate ceasefire in Gaza.",
        "Sekretaris Jenderal PBB Antonio Guterres menyerukan gencatan senjata segera di Gaza.",
        "en",
    ),
    (
        "The company lost $1.5bn in the third quarter, its 2nd loss in a row.",
        "Perusahaan itu merugi 1,5 miliar dolar AS pada kuartal ketiga, kerugian kedua "
        "berturut-turut.",
        "en",
    ),
    (
        "Three people were killed and 12 others injured when the building collapsed in Istanbul.",
        "Tiga orang tewas dan 12 lainnya terluka ketika bangunan itu runtuh di Istanbul.",
        "en",
    ),
    (
        "Russian and Ukrainian delegations met in Istanbul on March 29.",
        "Delegasi Rusia dan Ukraina bertemu di Istanbul pada 29 Maret.",
        "en",
    ),
    (
        "S-400 systems bought from Russia arrived at Murted air base at 3 pm.",
        "Sistem S-400 yang dibeli dari Rusia tiba di pangkalan udara Murted pukul 15.00.",
        "en",
    ),
    (
        "The meeting will be held in Brussels on Tuesday, the NATO spokesperson said.",
        "Pertemuan itu akan diadakan di Brussel pada hari Selasa, kata juru bicara NATO.",
        "en",
    ),
    (
        "COVID-19 cases rose by 20% in the past week, the World Health Organization said.",
        "Kasus COVID-19 naik 20% dalam sepekan terakhir, kata Organisasi Kesehatan Dunia.",
        "en",
    ),
    (
        "About 1.5 million refugees live in camps along the border.",
        "Sekitar 1,5 juta pengungsi tinggal di kamp-kamp di sepanjang perbatasan.",
        "en",
    ),
    (
        "Prices went up very very fast, said Maria Lopez.",
        "Harga naik sangat sangat cepat, kata Maria Lopez.",
        "en",
    ),
    (
        "Ursula von der Leyen met Emmanuel Macron in Paris.",
        "Ursula von der Leyen bertemu Emmanuel Macron di Paris.",
        "en",
    ),
    (
        "Erdogan's spokesman Ibrahim Kalin spoke to reporters.",
        "Juru bicara Erdogan, Ibrahim Kalin, berbicara kepada wartawan.",
        "en",
    ),
    (
        "The G20 summit in New Delhi drew 1,200 delegates from 40 countries.",
        "KTT G20 di New Delhi dihadiri 1.200 delegasi dari 40 negara.",
        "en",
    ),
    (
        '"We will not give up," Palestinian President Mahmoud Abbas said.',
        '"Kami tidak akan menyerah," kata Presiden Palestina Mahmoud Abbas.',
        "en",
    ),
    (
        "Afet ve Acil Durum Yönetimi Başkanlığı (AFAD), bölgeye 500 personel gönderdi.",
        "Badan Penanggulangan Bencana dan Keadaan Darurat (AFAD) mengirim 500 personel ke "
        "wilayah itu.",
        "tr",
    ),
    (
        "Türk Kızılay ekipleri Gazze'ye 20 tır yardım ulaştırdı.",
        "Tim Bulan Sabit Merah Turki mengirimkan 20 truk bantuan ke Gaza.",
        "tr",
    ),
    (
        "Türkiye Büyük Millet Meclisi Başkanı Numan Kurtulmuş, Beyaz Saray'ı eleştirdi.",
        "Ketua Majelis Agung Nasional Turki Numan Kurtulmus mengkritik Gedung Putih.",
        "tr",
    ),
    (
        "Japonya Başbakanı Fumio Kishida, Tokyo'da açıklama yaptı.",
        "Perdana Menteri Jepang Fumio Kishida memberikan pernyataan di Tokyo.",
        "tr",
    ),
    (
        "Kahramanmaraş merkezli depremlerde 50 bin 783 kişi hayatını kaybetti.",
        "Sebanyak 50.783 orang meninggal dunia dalam gempa yang berpusat di Kahramanmaras.",
        "tr",
    ),
    (
        "Dolar/TL kuru 32,45 seviyesinden işlem görüyor.",
        "Nilai tukar dolar/lira diperdagangkan di level 32,45.",
        "tr",
    ),
    (
        "Justice and Development Party spokesman Omer Celik said the vote would be held on May 14.",
        "Juru bicara Partai Keadilan dan Pembangunan Omer Celik mengatakan pemungutan suara akan "
        "digelar pada 14 Mei.",
        "en",
    ),
    (
        "The International Monetary Fund cut its growth forecast to 2.9%.",
        "Dana Moneter Internasional memangkas perkiraan pertumbuhannya menjadi 2,9%.",
        "en",
    ),
    (
        "The Ministry of Foreign Affairs summoned the Swedish ambassador.",
        "Kementerian Luar Negeri memanggil duta besar Swedia.",
        "en",
    ),
    (
        "The West Bank and the Gaza Strip are Palestinian territories.",
        "Tepi Barat dan Jalur Gaza adalah wilayah Palestina.",
        "en",
    ),
    (
        "The Black Sea Grain Initiative expired on July 17, 2023.",
        "Inisiatif Biji-bijian Laut Hitam berakhir pada 17 Juli 2023.",
        "en",
    ),
    (
        "Trading on Borsa Istanbul closed 1.2% higher at 7,850 points.",
        "Perdagangan di Borsa Istanbul ditutup menguat 1,2% di level 7.850 poin.",
        "en",
    ),
    (
        "The Federal Reserve raised rates by 0.25 percentage points to 5.25-5.5%.",
        "Federal Reserve menaikkan suku bunga sebesar 0,25 poin persentase menjadi 5,25-5,5%.",
        "en",
    ),
    (
        "He was born in 1956 and served as mayor of Istanbul from 1994 to 1998.",
        "Ia lahir pada 1956 dan menjabat sebagai wali kota Istanbul dari 1994 hingga 1998.",
        "en",
    ),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan", "tr"),
    ("https://www.aa.com.tr/en/turkiye/2023", "https://www.aa.com.tr/en/turkiye/2023", "en"),
]

PRESIDENT = "The president said the talks would continue next week in the capital."
PRESIDENT_ID = "Presiden mengatakan pembicaraan akan dilanjutkan pekan depan di ibu kota."


def codes(issues: list[Issue]) -> list[str]:
    return [issue.code for issue in issues]


@pytest.mark.parametrize(("source", "target", "language"), GOOD)
def test_correct_translations_raise_no_finding(source: str, target: str, language: str) -> None:
    assert check_segment(source, target, language) == []


# --- target_empty ----------------------------------------------------------------------------


def test_an_empty_target_is_the_only_finding() -> None:
    for blank in ["", "   ", "\n\t "]:
        issues = check_segment(PRESIDENT, blank, "en")
        assert codes(issues) == [TARGET_EMPTY]
    assert check_empty(PRESIDENT, PRESIDENT_ID, "en") is None


# --- numbers_changed -------------------------------------------------------------------------


def test_a_changed_number_is_named() -> None:
    source, target = "Çatışmalar 3,5 saat sürdü.", "Bentrokan berlangsung selama 35 jam."
    issue = check_numbers(source, target, "tr")
    assert issue is not None and issue.code == NUMBERS_CHANGED
    assert '"3,5"' in issue.message and '"35"' in issue.message


def test_missing_and_extra_numbers_are_named() -> None:
    missing = check_numbers(
        "Sebanyak 45 kişi öldü, 120 kişi yaralandı.", "Sebanyak 45 orang tewas.", "tr"
    )
    assert missing is not None and '"120"' in missing.message and "missing" in missing.message
    extra = check_numbers("45 kişi öldü.", "Sebanyak 45 orang tewas dan 7 orang hilang.", "tr")
    assert extra is not None and '"7"' in extra.message and "not" in extra.message


def test_decimal_and_thousands_marks_follow_each_language() -> None:
    source = "Inflation rose to 3.5% in 2023, with 1,000 firms affected."
    right = "Inflasi naik menjadi 3,5% pada 2023, dengan 1.000 perusahaan terdampak."
    assert check_numbers(source, right, "en") is None
    # Turkish and Indonesian agree: 1.000 is a thousand, 3,5 is three and a half.
    assert check_numbers("1.000 kişi ve %3,5 artış", "1.000 orang dan kenaikan 3,5%", "tr") is None
    # "1.000" from Turkish is a thousand; Indonesian "1,000" would be one.
    assert check_numbers("1.000 kişi", "1,000 orang", "tr") is not None


def test_numbers_written_the_english_way_in_the_target_get_a_hint() -> None:
    source = "Inflation rose to 3.5% in 2023, with 1,000 firms affected."
    target = "Inflasi naik menjadi 3.5% pada 2023, dengan 1,000 perusahaan terdampak."
    issue = check_numbers(source, target, "en")
    assert issue is not None
    assert '"3.5" as "3,5"' in issue.message and '"1,000" as "1.000"' in issue.message


def test_an_english_source_using_a_decimal_comma_is_still_read() -> None:
    assert check_numbers("It lasted 3,5 hours.", "Berlangsung 3,5 jam.", "en") is None


def test_codes_compare_their_digits_and_not_plain_numbers() -> None:
    assert check_numbers("S-400 and G20", "S-400 dan G20", "en") is None
    assert check_numbers("Kovid-19 vakası", "kasus COVID-19", "tr") is None
    issue = check_numbers("S-400 systems arrived.", "Sistem S-300 tiba.", "en")
    assert issue is not None and "S-400" in issue.message and "S-300" in issue.message
    # The 20 of G20 is not a count of twenty.
    assert check_numbers("G20 leaders met.", "20 pemimpin bertemu.", "en") is not None


def test_ordinals_years_dates_and_times() -> None:
    assert check_numbers("27 Eylül", "27 September", "tr") is None
    assert check_numbers("on 27 September", "pada 27 September", "en") is None
    assert check_numbers("the 27th round", "putaran ke-27", "en") is None
    assert check_numbers("3. Selim", "Selim III", "tr") is not None  # Roman numerals are not read
    assert check_numbers("in the 1990s", "pada 1990-an", "en") is None
    assert check_numbers("2023'te", "pada 2023", "tr") is None
    assert check_numbers("on 27.09.2023", "pada 27 September 2023", "tr") is None
    assert check_numbers("at 14:30", "pukul 14.30", "en") is None
    assert check_numbers("at 2:30 pm", "pukul 14.30", "en") is None
    assert check_numbers("at 14:30", "pukul 15.30", "en") is not None


def test_turkish_numbers_spelt_in_parts() -> None:
    assert check_numbers("50 bin 783 kişi", "50.783 orang", "tr") is None
    assert check_numbers("1 milyon 200 bin kişi", "1,2 juta orang", "tr") is None
    issue = check_numbers("50 bin 783 kişi", "50.000 orang", "tr")
    assert issue is not None and '"50 bin 783"' in issue.message


def test_scale_words_and_spelled_numbers() -> None:
    assert check_numbers("1.5 million refugees", "1,5 juta pengungsi", "en") is None
    assert check_numbers("1,500,000 refugees", "1,5 juta pengungsi", "en") is None
    assert check_numbers("3 bin konteyner", "3.000 kontainer", "tr") is None
    assert check_numbers("a Rp5,000 fee", "biaya Rp5.000", "en") is None
    assert check_numbers("3 people died.", "Tiga orang tewas.", "en") is None
    assert check_numbers("Three people died.", "3 orang tewas.", "en") is None
    assert check_numbers("Three people died.", "4 orang tewas.", "en") is not None


# --- names_dropped ---------------------------------------------------------------------------


def test_a_dropped_name_is_named() -> None:
    source = "Bakan Yerlikaya, 45 kişinin gözaltına alındığını açıkladı."
    assert check_names(source, "Menteri Yerlikaya mengumumkan 45 orang ditahan.", "tr") is None
    issue = check_names(source, "Menteri mengumumkan 45 orang ditahan.", "tr")
    assert issue is not None and issue.code == NAMES_DROPPED and '"Yerlikaya"' in issue.message


def test_a_common_word_between_names_splits_them() -> None:
    source = "Cumhurbaşkanı Erdoğan, Rusya Devlet Başkanı Vladimir Putin ile Soçi'de görüştü."
    issue = check_names(source, "Presiden Erdogan bertemu Presiden Rusia di Sochi.", "tr")
    assert issue is not None and '"Vladimir Putin"' in issue.message
    assert "Erdoğan" not in issue.message and "Soçi" not in issue.message


def test_a_turkish_apostrophe_suffix_marks_a_name_even_first_in_the_sentence() -> None:
    source = "Erdoğan'ın açıklaması Ankara'da yankı uyandırdı."
    assert check_names(source, "Pernyataan Erdogan menggema di Ankara.", "tr") is None
    issue = check_names(source, "Pernyataan presiden menggema di Ankara.", "tr")
    assert issue is not None and '"Erdoğan"' in issue.message


def test_connectors_and_turkish_suffixes_end_a_name() -> None:
    issue = check_names("Erdoğan'ın ve Putin'in görüşmesi", "Pertemuan Erdogan", "tr")
    assert issue is not None and '"Putin"' in issue.message
    issue = check_names("Toplantıda Ankara'da Erdoğan konuştu.", "Di Ankara presiden bicara.", "tr")
    assert issue is not None and '"Erdoğan"' in issue.message
    issue = check_names("Talks between Turkey and Hamas ended.", "Pembicaraan Turki usai.", "en")
    assert issue is not None and '"Hamas"' in issue.message


def test_institution_names_are_translated_not_kept() -> None:
    source = "The Ministry of Foreign Affairs summoned the envoy."
    assert check_names(source, "Kementerian Luar Negeri memanggil utusan itu.", "en") is None
    source = "Afet ve Acil Durum Yönetimi Başkanlığı açıklama yaptı."
    target = "Badan Penanggulangan Bencana memberikan pernyataan."
    assert check_names(source, target, "tr") is None


def test_names_are_found_with_clitics_spelling_variants_and_any_of_their_words() -> None:
    source = "Hükümet, Hulusi Akar'ın açıklamasını değerlendirdi."
    assert check_names(source, "Pemerintah menilai pernyataan Akar-nya.", "tr") is None
    assert check_names(source, "Pemerintah menilai pernyataan Akarnya.", "tr") is None
    assert check_names("Talks in Moscow ended.", "Pembicaraan di Moskow berakhir.", "en") is None
    assert check_names("Talks with Turkey ended.", "Pembicaraan dengan Turki usai.", "en") is None


def test_sentence_starts_acronyms_titles_and_headlines_are_not_names() -> None:
    # "Police" starts the sentence; "NATO" and "UN" are acronyms; titles and months are common.
    source = "Police said NATO and the UN would meet President Biden in January."
    target = "Polisi mengatakan pakta pertahanan dan PBB akan bertemu presiden pada Januari."
    issue = check_names(source, target, "en")
    assert issue is not None and issue.message.count('"') == 2 and '"Biden"' in issue.message
    assert check_names("Turkey Hosts Syria Talks Today", "Turki menjadi tuan rumah", "en") is None


# --- same_as_source --------------------------------------------------------------------------


def test_an_untranslated_segment_is_found() -> None:
    issue = check_same_as_source(PRESIDENT, "  " + PRESIDENT.upper() + " ", "en")
    assert issue is not None and issue.code == SAME_AS_SOURCE and "THE PRESIDENT" in issue.message
    issues = check_segment("Çatışmalar saatlerce sürdü.", "Çatışmalar saatlerce sürdü.", "tr")
    assert codes(issues) == [SAME_AS_SOURCE]


def test_names_numbers_and_urls_may_stay_the_same() -> None:
    for text in ["Recep Tayyip Erdoğan", "NATO", "2023", "https://aa.com.tr/x", "Ankara (AA)"]:
        assert check_same_as_source(text, text, "tr") is None, text
    assert check_same_as_source(PRESIDENT, PRESIDENT_ID, "en") is None


# --- repeated_words --------------------------------------------------------------------------


def test_a_repeated_word_or_phrase_is_found() -> None:
    issue = check_repeated_words(
        "He went to the market today.", "Dia pergi ke pasar ke pasar hari ini.", "en"
    )
    assert issue is not None and issue.code == REPEATED_WORDS and '"ke pasar"' in issue.message
    issue = check_repeated_words("The one who came", "Orang yang yang datang", "en")
    assert issue is not None and '"yang"' in issue.message


def test_reduplication_punctuation_and_source_repeats_are_fine() -> None:
    assert check_repeated_words("children", "Anak-anak bermain di luar.", "en") is None
    assert check_repeated_words("Yes, yes.", "Ya, ya.", "en") is None
    assert check_repeated_words("They refused it.", "Mereka menolak itu. Itu jelas.", "en") is None
    assert check_repeated_words("very very fast", "sangat sangat cepat", "en") is None
    assert check_repeated_words("yavaş yavaş", "pelan pelan", "tr") is None


# --- length_ratio ----------------------------------------------------------------------------


def test_a_target_too_short_or_too_long_is_found() -> None:
    short = check_length_ratio(PRESIDENT, "Presiden berkata.", "en")
    assert short is not None and short.code == LENGTH_RATIO and "%" in short.message
    long = check_length_ratio("Çatışmalar 3,5 saat sürdü.", "Bentrokan " * 8, "tr")
    assert long is not None and "times as long" in long.message


def test_length_ratio_within_range_or_short_source() -> None:
    assert check_length_ratio(PRESIDENT, PRESIDENT_ID, "en") is None
    assert check_length_ratio("Evet.", "Ya, benar sekali, itu betul.", "tr") is None


# --- not_indonesian --------------------------------------------------------------------------


def test_a_target_in_another_language_is_found() -> None:
    target = "The president said that the talks would go on next week."
    english = check_language(PRESIDENT, target, "en")
    assert english is not None and english.code == NOT_INDONESIAN and "English" in english.message
    turkish = check_language(
        "Cumhurbaşkanı açıklama yaptı.",
        "Cumhurbaşkanı, görüşmelerin gelecek hafta başkentte devam edeceğini söyledi.",
        "tr",
    )
    assert turkish is not None and "Turkish" in turkish.message


def test_indonesian_and_short_or_name_heavy_targets_pass() -> None:
    assert check_language(PRESIDENT, PRESIDENT_ID, "en") is None
    # Names alone fool langdetect, so they are left out before detecting.
    target = "Joe Biden, Emmanuel Macron dan Olaf Scholz hadir di KTT G20."
    assert check_language("Biden, Macron and Scholz attended.", target, "en") is None
    assert detect_language("Dia bilang tidak ada korban.") is None  # under 40 letters
    assert detect_language(PRESIDENT_ID) == "id"


# --- spacing ---------------------------------------------------------------------------------


def test_spacing_problems_are_listed() -> None:
    issue = check_spacing(PRESIDENT, " Presiden  mengatakan pembicaraan akan dilanjutkan. ", "en")
    assert issue is not None and issue.code == SPACING
    assert "starts" in issue.message and "ends" in issue.message
    assert 'after "Presiden"' in issue.message
    assert check_spacing(PRESIDENT, PRESIDENT_ID, "en") is None


# --- check_segment ---------------------------------------------------------------------------


def test_findings_come_in_a_stable_order_one_per_code() -> None:
    source = "Bakan Yerlikaya, 45 kişinin gözaltına alındığını açıkladı."
    target = " Menteri  mengumumkan mengumumkan bahwa 46 orang ditahan."
    issues = check_segment(source, target, "tr")
    assert codes(issues) == [NUMBERS_CHANGED, NAMES_DROPPED, REPEATED_WORDS, SPACING]
    order = [check.__name__ for check in CHECKS]
    assert order.index("check_numbers") < order.index("check_spacing")


def test_checks_other_than_language_detection_are_fast() -> None:
    checks = [check for check in CHECKS if check is not check_language]
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for source, target, language in GOOD:
            for check in checks:
                check(source, target, language)
    per_segment = (time.perf_counter() - start) / (rounds * len(GOOD))
    assert per_segment < 0.002  # about 0.1 ms here; generous for a loaded test machine


# Pieces that exercise the parsers: digits and marks, codes, suffixes, scale and number words.
_PIECES = [
    *"aAbçÇğĞıİöşŞüÜ0123456789 .,:;%'’-/\"()$€?!\t\n",
    *["Rp", "ke-", "Erdoğan'ın", "G20", "S-400", "1.000", "3,5", "14:30", " pm", " juta"],
    *[" million", " bin", "5bn", "27.09.2023", "yang ", "Tiga ", "https://aa.com.tr/x "],
]
_NEWSY = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=200), _NEWSY), language=st.sampled_from(["en", "tr", "id"]))
def test_a_segment_equal_to_its_source_never_raises(text: str, language: str) -> None:
    issues = check_segment(text, text, language)
    assert all(isinstance(issue, Issue) and issue.message for issue in issues)
    assert REPEATED_WORDS not in codes(issues)  # whatever the target repeats, the source does
    if language != "en":  # English numbers copied as they are may be wrong in Indonesian
        assert NUMBERS_CHANGED not in codes(issues)


@settings(max_examples=200, deadline=None)
@given(source=_NEWSY, target=_NEWSY, language=st.sampled_from(["en", "tr"]))
def test_any_pair_never_raises(source: str, target: str, language: str) -> None:
    for issue in check_segment(source, target, language):
        assert issue.message.endswith(".")


@settings(max_examples=100, deadline=None)
@given(pair=st.sampled_from(GOOD), number=st.integers(min_value=100_000, max_value=999_999))
def test_a_number_added_to_a_correct_translation_is_found(
    pair: tuple[str, str, str], number: int
) -> None:
    source, target, language = pair
    issues = check_segment(source, f"{target} {number}", language)
    numbers = [issue for issue in issues if issue.code == NUMBERS_CHANGED]
    assert numbers and f'"{number}"' in numbers[0].message
