"""Text as people paste it, made safe for every XML Warta writes (RSS, Atom, TBX).

Word pastes a vertical tab for a line break (Shift+Enter) and a form feed for a
page break; scraped pages carry NULs and stray C1 bytes. XML 1.0 forbids most C0
control characters, lone surrogates and U+FFFE/U+FFFF (lxml refuses them: a feed
with one answers 500), and discourages DEL and the C1 controls. So text is
cleaned where it enters Warta, never refused:

- kept: tab, newline, carriage return, and every other character, emoji,
  right-to-left marks and U+2028 included;
- a space: the characters that separate words or lines, so that words are not
  glued together: U+000B (vertical tab), U+000C (form feed), U+001C–U+001F
  (file, group, record and unit separators) and U+0085 (next line);
- removed: the other controls (U+0000–U+0008, U+000E–U+001B, U+007F–U+0084,
  U+0086–U+009F), lone surrogates (U+D800–U+DFFF) and the noncharacters
  (U+FDD0–U+FDEF, and the last two code points of every plane: U+FFFE, U+FFFF,
  U+1FFFE …), which XML forbids or discourages and feed validators flag.
"""

import re

# Controls that separate words or lines (str.split() splits on all of them): a space.
_SEPARATORS_C0 = "\x0b\x0c\x1c-\x1f"
_NEXT_LINE = "\x85"
# DEL and the C1 controls but U+0085.
_C1 = "\x7f-\x84\x86-\x9f"
# The other C0 controls, lone surrogates and the noncharacters: removed.
_NOT_XML = "\x00-\x08\x0e-\x1b\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)

_ANY = re.compile(f"[{_SEPARATORS_C0}{_NEXT_LINE}{_C1}{_NOT_XML}]")
_TO_SPACE = re.compile(f"[{_SEPARATORS_C0}{_NEXT_LINE}]")
_DROP = re.compile(f"[{_C1}{_NOT_XML}]")
# keep_c1=True: the same without DEL and U+0080–U+009F.
_ANY_C0 = re.compile(f"[{_SEPARATORS_C0}{_NOT_XML}]")
_TO_SPACE_C0 = re.compile(f"[{_SEPARATORS_C0}]")
_DROP_C0 = re.compile(f"[{_NOT_XML}]")


def xml_safe(text: str, *, keep_c1: bool = False) -> str:
    """`text` without the characters XML cannot carry, its word separators made spaces.

    Idempotent; text without such characters comes back as it is (the same
    object). `keep_c1` leaves DEL and U+0080–U+009F alone (XML allows them): raw
    pages keep them until mojibake repair, which reads them as UTF-8 bytes.
    """
    if keep_c1:
        if not _ANY_C0.search(text):
            return text
        return _DROP_C0.sub("", _TO_SPACE_C0.sub(" ", text))
    if not _ANY.search(text):
        return text
    return _DROP.sub("", _TO_SPACE.sub(" ", text))
