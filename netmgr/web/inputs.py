"""Untrusted input made safe once for every route: ids in URLs, query arguments, form fields.

* ``IdConverter`` replaces Flask's ``int`` converter on the app: a path id outside
  1..2^31-1 (the range of an ``integer`` column) or written with non-ASCII digits (``²``)
  does not match the rule, so the answer is 404 before any view or query runs.
* ``arg_int``, ``arg_id``, ``arg_text``, ``arg_choice`` and ``arg_date`` read one query or form
  value; a value that does not fit (NUL bytes, ``²``, 10 KB, an impossible date) is ``None``
  — the page then treats it like an absent filter — or, with ``strict=True``, a 400.
* ``single_line`` is the one check for names and titles, ``is_http_url`` the one for web
  addresses; the API fields (``netmgr.api.common.Str`` (one line), ``Url``), the form validators
  (``netmgr.web.forms.SingleLine``, ``HttpUrl``) and the importers all call them.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import abort, request
from werkzeug.routing import ValidationError
from werkzeug.routing.converters import IntegerConverter

#: Largest id a path, a query or a body may name (PostgreSQL ``integer``)
MAX_ID = 2**31 - 1
#: Longest query or form value read as a filter
MAX_ARG = 500
#: Years a date may have anywhere in netmgr
MIN_YEAR, MAX_YEAR = 1900, 2200
#: What no text may hold, as a character class (also the API document's ``pattern``): control
#: characters but tab, LF and CR, DEL, non-characters
TEXT_FORBIDDEN = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\ufffe\\uffff"
#: What no name or title may hold: also line breaks, C1 controls and bidi overrides (a name
#: shown reversed in a list or a mail header)
LINE_FORBIDDEN = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufffe\\uffff"
#: Lone surrogates, refused everywhere (left out of the document's patterns: see api.fields)
SURROGATES = "\\ud800-\\udfff"
#: Control characters, NUL, lone surrogates and non-characters (tab, LF and CR aside)
BAD_CHARS = re.compile(f"[{TEXT_FORBIDDEN}{SURROGATES}]")
#: What a single-line value (a name, a title) may not hold
LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: A URL name (slug): lower-case letters a–z and digits, words joined by single hyphens
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Everything a name or title may not hold
NOT_IN_A_LINE = re.compile(f"[{LINE_FORBIDDEN}{SURROGATES}]")
#: Longest web address accepted
MAX_URL = 500
_URL_CHAR = "[^\\s\\\\\\x00-\\x20\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"
#: The one rule for web addresses (also the ``pattern`` in the OpenAPI document): http or https,
#: a host (no user part, no brackets), an optional port, then anything without spaces
HTTP_URL_PATTERN = (
    "^https?://" + _URL_CHAR + "/?#@:\\[\\]]+(:[0-9]{1,4})?([/?#]" + _URL_CHAR + "]*)?$"
)
HTTP_URL = re.compile(HTTP_URL_PATTERN)
_DIGITS = re.compile("[0-9]{1,18}")


class IdConverter(IntegerConverter):
    """``<int:...>`` for row ids: ASCII digits only, 1..MAX_ID, else the rule does not match."""

    regex = "[0-9]+"

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str):
        if len(value) > 18:  # not worth converting: out of range anyway
            raise ValidationError()
        return super().to_python(value)


#: Converters registered on the app (``app.url_map.converters``) before any rule is added
URL_CONVERTERS = {"int": IdConverter}


def clean_text(value, max_length: int = MAX_ARG) -> str | None:
    """``value`` stripped, or None if it is too long or holds characters that are not text."""
    if value is None:
        return None
    value = str(value).strip()
    if len(value) > max_length or BAD_CHARS.search(value):
        return None
    return value


def to_int(value, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """An integer written in ASCII digits (optional sign) within the range, else None."""
    text = clean_text(value, 20)
    if not text:
        return None
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-") if text[:1] in "+-" else text
    if not _DIGITS.fullmatch(digits):
        return None
    number = sign * int(digits)
    return number if minimum <= number <= maximum else None


def to_date(value) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) between 1900 and 2200, else None."""
    text = clean_text(value, 10)
    if not text or not re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def _source(source):
    if source is not None:
        return source
    return request.form if request.method == "POST" else request.args


def _bad(name: str, strict: bool, default):
    if strict:
        abort(400, description=f"Ugyldig verdi for {name}.")
    return default


def arg_text(name: str, default: str = "", *, source=None, max_length: int = 200, strict=False):
    """A text filter (``?q=``): stripped; NUL bytes or too long → ``default`` (or 400)."""
    raw = _source(source).get(name)
    if raw is None or raw == "":
        return default
    value = clean_text(raw, max_length)
    return _bad(name, strict, default) if value is None else value


def arg_int(name, default=None, *, minimum=0, maximum=MAX_ID, source=None, strict=False):
    """An integer argument (``?max_population=``); junk or out of range → ``default``."""
    raw = _source(source).get(name)
    if raw is None or raw == "":
        return default
    value = to_int(raw, minimum, maximum)
    if value is None:
        return _bad(name, strict, default)
    return value


def arg_id(name: str, *, source=None, strict=False) -> int | None:
    """A row id (``?network=``, ``event_id=``): 1..MAX_ID, else None (or 400)."""
    return arg_int(name, None, minimum=1, source=source, strict=strict)


def arg_choice(name: str, choices, default=None, *, source=None, strict=False):
    """One of ``choices`` (``?status=``), else ``default``."""
    raw = _source(source).get(name)
    if raw is None or raw == "":
        return default
    if raw in choices:
        return raw
    return _bad(name, strict, default)


def arg_date(name: str, default=None, *, source=None, strict=False) -> dt.date | None:
    """An ISO date argument (``?from=2026-01-31``); impossible dates → ``default``."""
    raw = _source(source).get(name)
    if raw is None or raw == "":
        return default
    value = to_date(raw)
    if value is None:
        return _bad(name, strict, default)
    return value


def single_line(value: str | None) -> bool:
    """True for a name or title without line breaks, tabs or control characters."""
    return not value or not (NOT_IN_A_LINE.search(value) or LINE_BREAKS.search(value))


def is_http_url(value: str | None) -> bool:
    """True for an absolute ``http://`` or ``https://`` address with a host (no spaces, no
    control characters); never ``javascript:``, ``data:``, ``file:`` or a relative path."""
    return bool(value) and len(value) <= MAX_URL and bool(HTTP_URL.fullmatch(value))
