"""The nynorsk and English catalogs are complete and keep the placeholders."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_catalogs_are_complete():
    """Every message in the nynorsk and English catalogs has a translation (none fuzzy)."""
    for language in ("nn", "en"):
        path = ROOT / "netmgr" / "translations" / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        missing = [
            m.id
            for m in catalog
            if m.id
            and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
        ]
        assert not missing, f"{language}: untranslated {missing[:10]} ({len(missing)} in all)"


def test_every_string_in_code_and_templates_is_in_the_catalogs():
    """A string added with _() but never extracted would show in bokmål to everyone."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    assert len(found) > 500
    for language in ("nn", "en"):
        path = ROOT / "netmgr" / "translations" / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        absent = sorted(m for m in found if m and catalog.get(m) is None)
        assert not absent, f"{language}: not in the catalog {absent[:10]} ({len(absent)} in all)"
