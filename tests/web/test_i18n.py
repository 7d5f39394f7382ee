"""Every message the UI shows has an Indonesian translation with the same placeholders."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from api.web import i18n

ROOT = Path(__file__).resolve().parents[2]
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def ui_messages() -> set[str]:
    method_map = [("api/web/**.py", "python"), ("api/web/templates/**.html", "jinja2")]
    options = {"api/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map=method_map, options_map=options
    ):
        # ngettext gives (singular, plural): the catalog files both under the singular.
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def forms(value: str | tuple) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def test_every_ui_message_is_translated_to_indonesian() -> None:
    messages = ui_messages()
    assert len(messages) > 40, "extraction found too little: is babel.cfg's layout still right?"
    with i18n.po_path("id").open("rb") as po_file:
        catalog = read_po(po_file, locale="id")
    missing = sorted(
        m for m in messages if not (catalog.get(m) and all(forms(catalog.get(m).string)))
    )
    assert not missing, f"untranslated (run scripts/i18n-update, then translate): {missing}"
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert not fuzzy, f"fuzzy entries are not used at run time: {fuzzy}"


def test_translations_keep_their_placeholders() -> None:
    with i18n.po_path("id").open("rb") as po_file:
        catalog = read_po(po_file, locale="id")
    for message in catalog:
        if not message.id:
            continue
        wanted = {name for text in forms(message.id) for name in _PLACEHOLDER.findall(text)}
        for text in forms(message.string):
            assert text, f"untranslated: {message.id}"
            assert set(_PLACEHOLDER.findall(text)) <= wanted, message.id
            # The singular form may leave out the count; every other name must stay.
            assert wanted - {"num"} <= set(_PLACEHOLDER.findall(text)), message.id


def test_the_compiled_catalog_translates_at_run_time() -> None:
    assert i18n.translations("id").gettext("Sign in") == "Masuk"
    assert i18n.translations("en").gettext("Sign in") == "Sign in"
