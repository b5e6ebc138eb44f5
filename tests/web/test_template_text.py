"""No user-visible text in templates outside the translation functions.

Every template under templates/ (except templates/mail, which is rendered per contact language
by the mail feature) is lexed with Jinja: expressions, statements and comments are removed,
the remaining HTML is parsed, and any letter left in text or in a user-visible attribute is a
failure naming the template, line and text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
VISIBLE_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
#: Replaces Jinja output: no letters, keeps attribute values non-empty
MARK = "\u2063"


def template_files() -> list[Path]:
    return sorted(
        p for p in TEMPLATES.rglob("*.html") if "mail" not in p.relative_to(TEMPLATES).parts[:1]
    )


def strip_jinja(source: str) -> list[tuple[int, str]]:
    """(line, text) of the template data between Jinja tags, with markers for expressions."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    pieces, in_trans, previous = [], False, None
    for lineno, token, value in env.lex(source):
        if previous == "block_begin" and token == "name":
            if value in ("trans", "pluralize"):
                in_trans = True
            elif value == "endtrans":
                in_trans = False
        if token == "data":
            pieces.append((lineno, MARK if in_trans else value))
        elif token == "variable_begin":
            pieces.append((lineno, MARK))
        if token != "whitespace":
            previous = token
    return pieces


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value and LETTER.search(value.replace(MARK, "")):
                self.found.append(f'{tag} {name}="{value}"')
            if (
                tag == "input"
                and name == "value"
                and LETTER.search((value or "").replace(MARK, ""))
                and dict(attrs).get("type") in ("submit", "button", "reset")
            ):
                self.found.append(f'input value="{value}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and LETTER.search(data.replace(MARK, "")):
            self.found.append(data.strip())


def untranslated_text(source: str) -> list[str]:
    """Letters a reader would see that do not come from a Jinja expression."""
    text = "".join(value for _, value in strip_jinja(source))
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector.found


def test_checker_flags_plain_text_and_attributes():
    assert untranslated_text("<p>Hei {{ name }}</p>") == ["Hei \u2063"]
    assert untranslated_text('<img alt="Logo" src="{{ x }}">') == ['img alt="Logo"']
    assert untranslated_text('<input type="submit" value="Send">') == ['input value="Send"']
    assert untranslated_text("{% if x %}Avlyst{% endif %}") == ["Avlyst"]


def test_checker_accepts_translated_text_markup_and_punctuation():
    good = """{% extends "base.html" %}{# Kommentar med tekst #}
      <p class="ds-paragraph" data-size="sm">{{ _('Hei') }} – {{ n }}: 12 / 3 · ({{ x }})</p>
      <a href="/events?kind=webinar" aria-label="{{ _('Til listen') }}">{{ ngettext('%(num)s a', '%(num)s b', n) }}</a>
      {% trans %}Dette er oversatt{% endtrans %}
      <script src="/static/x.js"></script><style>.a{color:red}</style>&nbsp;&ndash;"""
    assert untranslated_text(good) == []


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_no_text_outside_translation_functions(path):
    found = untranslated_text(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: text outside _(): {found}"
