"""names_dropped: proper names of the source that the target lost."""

import re
from dataclasses import dataclass

from core.qa.base import (
    _APOSTROPHES,
    _PARTICLES,
    _WORD,
    NAMES_DROPPED,
    Issue,
    _fold,
    _is_capitalised,
    _language,
    _lower,
    _quote,
    _wordlist,
)

# --- names_dropped ---------------------------------------------------------------------------

# Capitalised words that are not names, or names Indonesian spells too differently for the
# similarity rules (Germany → Jerman). Lower-cased with _lower; compared whole.
_COMMON_WORDS = frozenset(
    _lower(w)
    for w in _wordlist(
        """
    A An The This That These Those It Its He She His Her They Their Them We Our Us You Your I
    In On At Of For And But Or Nor To With By From As After Before Over Under During Since
    Until While If When Where Why How What Who Whom Which Yet So Not No Yes All Some Many More
    Most Other Another Each Every Both Either Neither Also Then There Here Now Today Yesterday
    Tomorrow However Meanwhile Although Because According Despite Following Mr Mrs Ms Miss Dr
    Prof Sir Madam Lord Lady Saint St
    President Presidential Prime Minister Ministers Ministry Foreign Defence Defense Interior
    Finance Treasury Justice Health Education Energy Trade Economy Affairs Deputy Vice Chairman
    Chairwoman Chair Chief Secretary General Spokesman Spokeswoman Spokesperson Governor Mayor
    Ambassador Envoy Special Representative King Queen Prince Princess Crown Pope Emperor Sheikh
    Senator Senate Congress Congressman Parliament Parliamentary Assembly National Grand Council
    Security Committee Commission Commissioner Union Nations United States State Republic
    Republican Republicans Democrat Democrats Democratic Party Court Supreme Constitutional
    Central Bank Agency Army Armed Forces Force Air Navy Naval Police Intelligence Department
    Office House White Government Administration Cabinet University Institute Organization
    Organisation International World Global Federal Federation Kingdom Empire Middle East West
    North South Northern Southern Eastern Western Central Upper Lower Greater New Old Strip Gulf
    Sea Ocean River Lake Mountain Mountains Island Islands Province City District Region Street
    Square Airport Port Cup League Championship Games Olympic Olympics Day Week Year Black Red
    Green Blue Holy Council Summit Conference Forum Agreement Treaty Accord Declaration Act Law
    Bill Code Constitution Revolution Movement Front Coalition Alliance Opposition Islamic
    Muslim Muslims Christian Christians Jewish Catholic Orthodox Sunni Shia Shiite Mosque Church
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December
    Turkish Russian Ukrainian American British English French German Chinese Japanese Korean
    Israeli Israelis Palestinian Palestinians Iranian Iraqi Syrian Syrians Arab Arabs Arabic
    European Europeans Kurdish Kurds Greek Cypriot Azerbaijani Armenian Georgian Indonesian
    Indonesians Malaysian Indian Pakistani Afghan Egyptian Saudi Emirati Qatari Lebanese
    Jordanian Libyan Sudanese Somali African Asian Western Dutch Belgian Swiss Swedish
    Norwegian Danish Finnish Polish Hungarian Spanish Italian Portuguese Romanian Bulgarian
    Serbian Croatian Bosnian Albanian Canadian Mexican Brazilian Argentine Australian Yemeni
    Germany Greece Egypt Japan Netherlands Holland Britain England Scotland Ireland Switzerland
    Spain France Jordan Cyprus Morocco Algeria Mexico Philippines Singapore Europe Czech
    Croatia Yemen Mecca Medina Geneva Vienna Mediterranean Caucasus Zealand Syria
    Almanya Yunanistan Mısır Japonya Çin Hollanda İngiltere Fransa İspanya İsviçre İsveç Norveç
    Danimarka Polonya Macaristan Lübnan Ürdün Arabistan Kuveyt Yemen Filistin Kudüs Gazze Şam
    Bağdat Kahire Tahran Moskova Atina Azerbaycan Ermenistan Gürcistan Kıbrıs Fas Cezayir
    Tunus Hindistan Endonezya Malezya Birleşik Devletleri Brezilya Avustralya Asya Avrupa Londra
    Brüksel Cenevre Viyana Pekin Akdeniz Karadeniz Ege Orta Doğu Batı Kuzey Güney Şeria
    Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık Pazartesi Salı
    Çarşamba Perşembe Cuma Cumartesi Pazar
    Bu Şu O Bir Ve İle Ama Fakat Ancak Da De Ki Için İçin Gibi Kadar Sonra Önce Her Hiç Daha En
    Çok Az Bunun Buna Bunu Onun Ona Onu Biz Siz Onlar Ben Sen Bay Bayan Sayın
    Türk Rus Alman Amerikan İngiliz Fransız Arap Kürt Yunan Japon Ermeni Beyaz Saray
    Crescent Cross Development Peace Spring Freedom Human Rights People Nationalist Good Home
    Coast Guard Border Speaker Board Fund Monetary Reserve Stock Exchange Service Directorate
    Presidency Religious Disaster Emergency Operation Prize Award
    """
    )
) | frozenset(
    # Geographic common nouns: Indonesian translates them and keeps the name ("Sea of Marmara"
    # → "Laut Marmara", "Marmara Denizi" → "Laut Marmara", "Hatay İli" → "Provinsi Hatay"),
    # so only the distinctive word is looked for. Turkish ones carry the possessive suffix
    # they take in a name; bare "Deniz" and "Ada" are also given names, so they stay names.
    _lower(w)
    for w in _wordlist(
        """
    Strait Straits Mount Mt Mountain Mountains Lake Lakes River Rivers Gulf Bay Cape Canal
    Channel Valley Peninsula Desert Plain Plains Plateau Basin Heights Hills Delta Falls Dam
    Bridge Province Provinces County Governorate Oblast Prefecture Region Sea Ocean Island
    Islands Coast Dead
    Denizi Boğazı Dağı Dağları Gölü Nehri Irmağı Çayı Körfezi Adası Adaları Yarımadası Ovası
    Vadisi Çölü Havzası Kanalı Burnu Geçidi Barajı Köprüsü İli İlçesi Bölgesi Kıyısı Sahili
    """
    )
)
# Turkish titles and institution words take suffixes without an apostrophe
# ("Bakanlığından"), so they are matched as word starts.
_COMMON_STEMS = tuple(
    _lower(w)
    for w in _wordlist("""
    Cumhurbaşkan Başbakan Bakan Başkan Genel Sekreter Sözcü Yardımcı Milletvekil Vali Belediye
    Dışişler İçişler Savunma Millî Milli Meclis Büyük Millet Birleşmiş Birliğ Kuvvet Silahlı
    Ordu Jandarma Emniyet Müdürlüğ Üniversite Cumhuriyet Devlet Kurum Kurul Konsey Güvenlik
    Ulusal Uluslararası Dünya Hükümet Parti Mahkeme Anayasa Yargıtay Danıştay Merkez Bankas
    Komisyon Komite Örgüt Teşkilat Ajans Sağlık Adalet Hazine Maliye Ticaret Enerji Eğitim
    Tarım Ulaştırma Çevre Kültür Turizm İletişim Başkanlığ Bakanlığ Kızılay Vakf Derneğ
    Suriyeli Filistinli İsrailli Iraklı Ukraynalı Avrupalı Azerbaycanlı Afganlı Amerikalı
    Çinli Alman Japon Rus Yunanlı Mısırlı Lübnanlı Ermeni
    """)
)


# Capitalised words ending like these are common nouns, not names: "Development",
# "Authority", Turkish "Yönetimi Başkanlığı", "Silahlı Kuvvetleri".
_COMMON_ENDINGS = tuple(_wordlist("tion sion ment ity ness ship ism lığı liği luğu lüğü ları leri"))

# A run of capitalised words holding one of these is an institution, whose name Indonesian
# translates word by word ("Afet ve Acil Durum Yönetimi Başkanlığı" → "Badan Penanggulangan
# Bencana dan Keadaan Darurat"), so the whole run is skipped. English words compare whole
# ("Chamber" is not "Chamberlain"), Turkish stems as word starts ("Bakanlığından").
_INSTITUTION_WORDS = frozenset(
    _lower(w)
    for w in _wordlist(
        """
    Ministry Ministries Party Parties Agency Organization Organisation Council Committee
    Commission Authority Bank Fund Court Union Association Foundation Institute Institution
    University Office Department Service Army Forces Guard Board Assembly Parliament Exchange
    Crescent Cross Directorate Presidency Administration Corporation Federation League Alliance
    Coalition Command Secretariat Senate Congress Tribunal Chamber Initiative Program
    Programme Plan Project Deal Corridor Agreement Treaty Accord
    """
    )
)
_INSTITUTION_STEMS = tuple(
    _lower(w)
    for w in _wordlist(
        """
    Bakanlığ Başkanlığ Kurumu Kurulu Müdürlüğ Meclis Parti Bankas Üniversite Vakf Derneğ Konsey
    Örgüt Ajans Mahkeme Komisyon Birliğ Federasyon Odası Borsa Kuvvetler Komutanlığ Valiliğ
    Belediye Teşkilat Sekreterliğ Enstitü Şirket
    """
    )
)
# Lower-case words that may sit inside an institution's name: "Ministry of Foreign Affairs".
_CONNECTORS = frozenset(_wordlist("and of for the ve"))


@dataclass(frozen=True)
class _Name:
    shown: str  # as the translator should find it, suffixes stripped
    words: tuple[str, ...]  # folded words, any of which in the target counts


@dataclass(frozen=True)
class _Token:
    base: str  # without a Turkish apostrophe suffix or English "'s"
    parts: tuple[str, ...]  # its capitalised parts that are not common words
    initial: bool  # first word of a sentence
    suffixed: bool  # had a Turkish apostrophe suffix, which only proper names take
    after_connector: bool  # "and", "ve"... came before it, so it starts a new name


def _base(token: str, language: str) -> tuple[str, bool]:
    """The token without its suffix, and whether a Turkish apostrophe suffix was there."""
    if language == "tr":
        base = re.split(f"[{_APOSTROPHES}]", token, maxsplit=1)[0]
        return base, base != token
    return re.sub(f"[{_APOSTROPHES}]s?$", "", token), False


def _is_common(word: str) -> bool:
    lowered = _lower(word)
    return (
        lowered in _COMMON_WORDS
        or lowered.startswith(_COMMON_STEMS)
        or lowered.endswith(_COMMON_ENDINGS)
    )


def _is_institution(word: str) -> bool:
    lowered = _lower(word)
    return lowered in _INSTITUTION_WORDS or lowered.startswith(_INSTITUTION_STEMS)


def _name_words(base: str) -> list[str]:
    """The capitalised parts of a token: "al-Assad" → ["Assad"], "pro-Russian" → ["Russian"]."""
    return [p for p in base.split("-") if _is_capitalised(p) and not _is_common(p)]


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start]
    stripped = before.rstrip()
    if not stripped or stripped[-1] in ".!?:…•":
        return True
    gap = before[len(before.rstrip("\"“”«»„'‘’([{ \t\n-–—")) :]
    return any(c in "\"“«„'‘([" for c in gap)  # a quotation begins: "He said: «We…»"


def _looks_title_case(text: str) -> bool:
    """Headline style ("Turkey Hosts Talks on Syria"): every word of four letters or more
    is capitalised. A sentence always has some lower-case verb or noun of that length."""
    words = [w for w in _WORD.findall(text) if len(w) >= 4]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _sequences(text: str, language: str) -> list[list[_Token]]:
    """Runs of capitalised tokens with only spaces, particles or connectors between them."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    previous_end: int | None = None
    connector = False
    for match in _WORD.finditer(text):
        word = match[0]
        joined = previous_end is not None and not text[previous_end : match.start()].strip()
        previous_end = match.end()
        if any(_is_capitalised(part) for part in word.split("-")):
            base, suffixed = _base(word, language)
            parts = tuple(_name_words(base))
            if current and joined:
                # A Turkish suffix ends a name: "Ankara'da Erdoğan" holds two.
                starts = connector or current[-1].suffixed
                current.append(_Token(base, parts, False, suffixed, starts))
            else:
                if current:
                    runs.append(current)
                initial = _starts_sentence(text, match.start())
                current = [_Token(base, parts, initial, suffixed, False)]
            connector = False
        elif current and joined and word in _PARTICLES:
            continue  # "Ursula von der Leyen" stays one name
        elif current and joined and word in _CONNECTORS and not connector:
            connector = True
        else:
            if current:
                runs.append(current)
            current, connector = [], False
    if current:
        runs.append(current)
    return runs


def _groups(run: list[_Token]) -> list[list[_Token]]:
    """One name's tokens each: a common word or a connector ends a name ("Rusya Devlet
    Başkanı Vladimir Putin ve Emmanuel Macron" holds two)."""
    groups: list[list[_Token]] = [[]]
    for token in run:
        if not token.parts or token.after_connector:
            groups.append([])
        if token.parts:
            groups[-1].append(token)
    return [group for group in groups if group]


def _names(text: str, language: str) -> list[_Name]:
    names: dict[tuple[str, ...], _Name] = {}
    for run in _sequences(text, language):
        if any(_is_institution(token.base) for token in run):
            continue  # an institution's name is translated, not kept
        for group in _groups(run):
            words = tuple(
                _fold(part)
                for token in group
                if not token.initial or token.suffixed  # a sentence's first word is capitalised
                for part in token.parts
            )
            if words:
                names.setdefault(words, _Name(" ".join(t.base for t in group), words))
    return list(names.values())


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by at most one inserted, deleted or replaced letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _shared_start(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


_VOWELS = frozenset("aeiou")


def _skeleton(word: str) -> str:
    """The consonants of a folded word: transliterations keep them ("firat" / "efrat")."""
    return "".join(c for c in word if c not in _VOWELS)


def _similar(name: str, word: str) -> bool:
    if word.startswith(name):
        return True  # with a clitic or suffix: "erdogannya"
    if _shared_start(name, word) >= max(4, len(name) - 2):
        return True  # "turkey" / "turki", "ukraine" / "ukraina"
    if len(name) >= 4 and _one_edit(name, word):
        return True  # "moscow" / "moskow"
    skeleton = _skeleton(name)
    return len(name) >= 4 and len(skeleton) >= 3 and skeleton == _skeleton(word)


def _present(name: _Name, target_words: set[str]) -> bool:
    if any(word in target_words for word in name.words):
        return True
    return any(_similar(n, w) for n in name.words for w in target_words)


def _target_words(target: str) -> set[str]:
    words = set()
    for token in _WORD.findall(_fold(target)):
        words.add(token)
        words.update(re.split(f"[-{_APOSTROPHES}]", token))  # "erdogan-nya" → "erdogan"
    return words


def check_names(source: str, target: str, source_language: str) -> Issue | None:
    if _looks_title_case(source):
        return None  # every word of a headline is capitalised; names cannot be told apart
    names = _names(source, _language(source_language))
    if not names:
        return None
    target_words = _target_words(target)
    dropped = [n.shown for n in names if not _present(n, target_words)]
    if not dropped:
        return None
    noun = "name" if len(dropped) == 1 else "names"
    return Issue(
        NAMES_DROPPED,
        f"The source {noun} {_quote(dropped)} cannot be found in the target.",
        {"names": dropped},
    )
