"""TBX-Basic (ISO 30042:2019, TBX-Basic dialect) export and import of the glossary."""

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from glossary.io import SOURCE_LANGUAGES, check_exportable, clean_form
from glossary.model import LANGUAGES, Entry, EntryType

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DIALECT = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
# The xml-model lines let TBX tools (and oXygen) find the official schemas to validate against.
_TBX_PROLOGUE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<?xml-model href="{_DIALECT}TBXcoreStructV03_TBX-Basic_integrated.rng" '
    'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    f'<?xml-model href="{_DIALECT}TBX-Basic_DCA.sch" '
    'type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
)
# TBX-Basic has no data category for "do not translate" or for case sensitivity, so they
# travel as fixed notes on the concept; read_tbx recognises them by their exact text.
KEEP_NOTE = "Do not translate: keep the source form as it is."
CASE_NOTE = "Case-sensitive: match only the capitalisation given."
_PREFERRED, _ADMITTED, _DEPRECATED = (
    "preferredTerm-admn-sts",
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
)


def write_tbx(entries: Iterable[Entry], source_language: str = "tr") -> str:
    """A TBX-Basic (ISO 30042:2019, DCA style) document; source_language's langSec comes first.

    Variants become termSecs: the first preferred, the others admitted; a forbidden
    entry's Indonesian forms are deprecated. TBX-Basic needs at least one concept, so an
    empty glossary raises ValueError.
    """
    if source_language not in SOURCE_LANGUAGES:
        raise ValueError(f"source_language must be one of {', '.join(SOURCE_LANGUAGES)}")
    order = (source_language, *(lang for lang in LANGUAGES if lang != source_language))
    # Plain tag names and a literal xmlns: ElementTree's default_namespace option refuses
    # the unprefixed attributes (type, style, id) that TBX needs.
    attributes = {"type": "TBX-Basic", "style": "dca", _XML_LANG: "en", "xmlns": TBX_NAMESPACE}
    root = ET.Element("tbx", attributes)
    file_desc = ET.SubElement(ET.SubElement(root, "tbxHeader"), "fileDesc")
    _child(ET.SubElement(file_desc, "titleStmt"), "title", "Warta glossary")
    _child(
        ET.SubElement(file_desc, "sourceDesc"),
        "p",
        "Exported from Warta: Turkish and English news terms with their Indonesian renderings.",
    )
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    ids: set[int] = set()
    for entry in entries:
        check_exportable(entry)
        if entry.id in ids:
            raise ValueError(f"two glossary entries share the id {entry.id}")
        ids.add(entry.id)
        body.append(_concept(entry, order))
    if not ids:
        raise ValueError("TBX-Basic needs at least one entry, and the glossary is empty")
    ET.indent(root)
    return _TBX_PROLOGUE + ET.tostring(root, encoding="unicode") + "\n"


def read_tbx(text: str) -> list[Entry]:
    """Entries from a TBX-Basic document shaped like write_tbx's output.

    Meant for files Warta wrote or similar TBX-Basic exports, not as a general TBX
    importer. ElementTree never fetches external entities and expat >= 2.4.1 stops
    entity-expansion bombs.
    """
    entries = []
    for number, concept in enumerate(ET.fromstring(text).iter(_tbx("conceptEntry")), 1):
        notes = [(note.text or "").strip() for note in concept.findall(_tbx("note"))]
        forms: dict[str, tuple[str, ...]] = {}
        deprecated = False
        for lang_sec in concept.findall(_tbx("langSec")):
            lang = lang_sec.get(_XML_LANG, "").split("-")[0].lower()
            if lang not in LANGUAGES:
                continue
            for term_sec in lang_sec.findall(_tbx("termSec")):
                form = clean_form(term_sec.findtext(_tbx("term"), ""))
                forms[lang] = (*forms.get(lang, ()), form)
                status = term_sec.find(f"{_tbx('termNote')}[@type='administrativeStatus']")
                deprecated |= lang == "id" and status is not None and status.text == _DEPRECATED
        kind = EntryType.KEEP if KEEP_NOTE in notes else EntryType.TERM
        entries.append(
            Entry(
                id=_concept_number(concept.get("id", ""), number),
                forms=forms,
                type=EntryType.FORBIDDEN if deprecated else kind,
                case_sensitive=CASE_NOTE in notes,
                note="\n".join(note for note in notes if note not in (KEEP_NOTE, CASE_NOTE)),
            )
        )
    return entries


# CSV reading


def _tbx(tag: str) -> str:
    return f"{{{TBX_NAMESPACE}}}{tag}"


def _child(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _concept(entry: Entry, order: tuple[str, ...]) -> ET.Element:
    # conceptEntry ids are xsd:ID, which cannot start with a digit.
    concept = ET.Element("conceptEntry", id=f"c{entry.id}")
    # Notes precede the langSecs: TBX puts a level's own data categories before its children.
    if entry.type == EntryType.KEEP:
        _child(concept, "note", KEEP_NOTE)
    if entry.case_sensitive:
        _child(concept, "note", CASE_NOTE)
    if entry.note:
        _child(concept, "note", entry.note)
    for lang in order:
        if not (forms := entry.forms.get(lang)):
            continue
        lang_sec = ET.SubElement(concept, "langSec", {_XML_LANG: lang})
        for position, form in enumerate(forms):
            term_sec = ET.SubElement(lang_sec, "termSec")
            _child(term_sec, "term", form)
            if entry.type == EntryType.FORBIDDEN and lang == "id":
                status = _DEPRECATED
            else:
                status = _ADMITTED if position else _PREFERRED
            _child(term_sec, "termNote", status, type="administrativeStatus")
    return concept


def _concept_number(concept_id: str, fallback: int) -> int:
    digits = concept_id.removeprefix("c")
    return int(digits) if digits.isdigit() else fallback
