"""Fields of the REST API: each accepts exactly what the OpenAPI document says it accepts.

The document is the contract (schemathesis checks it both ways, tests/api/test_conformance.py):
every rule a field enforces is declared in its JSON schema (``pattern``, ``format``,
``maxLength``, ``enum``, ``minimum``), and every value the declaration allows is accepted.
Hence JSON booleans and numbers are strict (``0`` is not ``false``, ``"5"`` is not ``5``),
query-string values are read in one written form (``true``/``false``, ASCII digits), lengths
are counted on the value as sent, and dates carry the year range in their pattern.
"""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import fields, validate

from ..core.timeutil import UTC
from ..web.inputs import (
    LINE_FORBIDDEN,
    MAX_ID,
    MAX_URL,
    MAX_YEAR,
    MIN_YEAR,
    SLUG,
    SURROGATES,
    TEXT_FORBIDDEN,
    is_http_url,
)

# Lone surrogates (web.inputs.SURROGATES) are refused too, but not named in the document's
# patterns (JSON text is Unicode, and the generators of schemathesis give up on a class with a
# surrogate range)
_YEAR = f"({MIN_YEAR // 100}[0-9]{{2}}|2[01][0-9]{{2}}|{MAX_YEAR})"
#: A calendar day (RFC 3339 full-date) in the accepted years
DATE_PATTERN = f"^{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: RFC 3339 date-time with an offset, in the accepted years (no leap second)
DATETIME_PATTERN = (
    f"^{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]"
    ":[0-5][0-9]([.][0-9]{1,6})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
_DATE_RE = re.compile(DATE_PATTERN)
_DATETIME_RE = re.compile(DATETIME_PATTERN)
_QUERY_INT = re.compile("-?[0-9]{1,18}")
_YEAR_MESSAGE = f"Year must be between {MIN_YEAR} and {MAX_YEAR}."


def _pattern(forbidden: str, nonblank: bool) -> str:
    if nonblank:  # at least one character that is neither space nor forbidden
        return f"^[^{forbidden}]*[^\\s{forbidden}][^{forbidden}]*$"
    return f"^[^{forbidden}]*$"


def _with(metadata, **schema) -> dict:
    """Field metadata with JSON schema keywords (the caller's own keys win)."""
    return {**schema, **(metadata or {})}


class Str(fields.String):
    """One line of text, stripped; its length is counted as sent.

    Refuses what ``LINE_FORBIDDEN`` names (``multiline=True``: only ``TEXT_FORBIDDEN``). A
    ``Length(min=1)`` validator also makes a value of only spaces invalid, and the pattern in
    the document says so.
    """

    default_error_messages = {
        "bad_chars": "Contains characters that are not allowed.",
        "too_long": "Longer than maximum length {max}.",
    }

    def __init__(self, *, max_length: int | None = 200, strip=True, multiline=False, **kwargs):
        validators = kwargs.pop("validate", None) or []
        validators = list(validators) if isinstance(validators, (list, tuple)) else [validators]
        nonblank = any(isinstance(v, validate.Length) and (v.min or 0) > 0 for v in validators)
        has_pattern = any(isinstance(v, validate.Regexp) for v in validators)
        forbidden = TEXT_FORBIDDEN if multiline else LINE_FORBIDDEN
        self.forbidden = re.compile(f"[{forbidden}{SURROGATES}]")
        extra = {} if has_pattern else {"pattern": _pattern(forbidden, nonblank)}
        # A declared pattern or format applies to the value as sent: nothing is stripped
        strip = strip and not has_pattern and "format" not in (kwargs.get("metadata") or {})
        if max_length:
            extra["maxLength"] = max_length
        kwargs["metadata"] = _with(kwargs.get("metadata"), **extra)
        super().__init__(validate=validators, **kwargs)
        self.max_length, self.strip = max_length, strip

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if self.max_length and len(value) > self.max_length:
            raise self.make_error("too_long", max=self.max_length)
        if self.forbidden.search(value):
            raise self.make_error("bad_chars")
        return value.strip() if self.strip else value


class Text(Str):
    """Free text over several lines (descriptions, notes, messages)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20000)
        super().__init__(multiline=True, **kwargs)


class Email(Str):
    """An e-mail address (``format: email``); the services normalise it.

    The one leniency: spaces around the address are removed (pasted addresses carry them).
    """

    def __init__(self, *, max_length=254, **kwargs):
        kwargs["metadata"] = _with(kwargs.get("metadata"), format="email")
        validators = [*(kwargs.pop("validate", None) or []), validate.Email()]
        super().__init__(max_length=max_length, validate=validators, **kwargs)
        self.strip = True


#: An http(s) address in ASCII (an IDN host in punycode): a host without user part or
#: brackets, an optional port, then anything printable (web.inputs.is_http_url, in ASCII)
URL_PATTERN = '^https?://[!"$-.0-9;->A-Z^-~]+(:[0-9]{1,4})?([/?#][!-\\[\\]-~]*)?$'


class Url(Str):
    """An http:// or https:// address (``format: uri``), in ASCII (an IDN host in punycode)."""

    default_error_messages = {"not_http": "Use an http:// or https:// address."}

    def __init__(self, *, max_length=MAX_URL, **kwargs):
        kwargs["metadata"] = _with(kwargs.get("metadata"), format="uri")
        validators = [
            validate.Regexp(URL_PATTERN, error="Use an http:// or https:// address."),
            validate.URL(
                schemes={"http", "https"},
                require_tld=False,
                error="Use an http:// or https:// address.",
            ),
        ]
        super().__init__(max_length=max_length, validate=validators, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value and not is_http_url(value):
            raise self.make_error("not_http")
        return value


def Slug(**kwargs):  # noqa: N802
    """A required URL name (slug), as the services check it."""
    error = "Use lower-case letters a-z, digits and hyphens."
    return Str(required=True, max_length=80, validate=[validate.Regexp(SLUG.pattern, error=error)])


def OneOf(choices, **kwargs):  # noqa: N802
    """One of ``choices`` exactly as written (an ``enum``)."""
    return fields.String(validate=validate.OneOf(choices), **kwargs)


class Bool(fields.Boolean):
    """JSON ``true`` or ``false``; nothing else (not 0, 1 or "yes")."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value is True or value is False:
            return value
        raise self.make_error("invalid", input=value)


class QueryBool(fields.Boolean):
    """A query-string flag: ``true`` or ``false``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value in ("true", "false"):
            return value == "true"
        raise self.make_error("invalid", input=value)


class _StrictInteger(fields.Integer):
    """An integer from JSON: no strings, floats or booleans."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)


class _QueryInteger(fields.Integer):
    """An integer from a query string: ASCII digits with an optional minus sign, nothing else."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not _QUERY_INT.fullmatch(value):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


def Int(*, minimum=0, maximum=MAX_ID, strict=True, **kwargs):  # noqa: N802
    """An integer within the range of the column; ``strict=False`` for query strings."""
    cls = _StrictInteger if strict else _QueryInteger
    return cls(validate=validate.Range(min=minimum, max=maximum), **kwargs)


def Id(**kwargs):  # noqa: N802
    return Int(minimum=1, **kwargs)


def QueryInt(**kwargs):  # noqa: N802
    return Int(strict=False, **kwargs)


class Float(fields.Float):
    """A JSON number (not a string or a boolean)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class DateField(fields.Date):
    """``YYYY-MM-DD`` with a year in MIN_YEAR..MAX_YEAR (the pattern in the document)."""

    default_error_messages = {"range": _YEAR_MESSAGE}

    def __init__(self, **kwargs):
        kwargs["metadata"] = _with(kwargs.get("metadata"), pattern=DATE_PATTERN)
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
            if isinstance(value, str) and re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise self.make_error("range")
            raise self.make_error("invalid")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.make_error("invalid") from None


class AwareDateTime(fields.AwareDateTime):
    """RFC 3339 with an offset, in the accepted years; loaded as UTC. Naive times are refused."""

    default_error_messages = {
        "invalid_awareness": "Give a time zone offset, e.g. 2026-03-01T09:00:00+01:00.",
        "range": _YEAR_MESSAGE,
    }

    def __init__(self, **kwargs):
        kwargs["metadata"] = _with(kwargs.get("metadata"), pattern=DATETIME_PATTERN)
        super().__init__(format="iso", default_timezone=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
            raise self.make_error("invalid", input=str(value)[:64], obj_type=self.OBJ_TYPE)
        try:
            parsed = dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        except ValueError:
            raise self.make_error("invalid", input=value[:64], obj_type=self.OBJ_TYPE) from None
        return parsed.astimezone(UTC)


class DateOrDateTime(fields.Field):
    """A date (YYYY-MM-DD, a whole day in Norway) or an RFC 3339 datetime with an offset."""

    default_error_messages = {"invalid": "Not a valid date or datetime."}

    def __init__(self, **kwargs):
        kwargs["metadata"] = _with(
            kwargs.get("metadata"),
            type="string",
            anyOf=[
                {"format": "date", "pattern": DATE_PATTERN},
                {"format": "date-time", "pattern": DATETIME_PATTERN},
            ],
        )
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) == 10:
            return DateField()._deserialize(value, attr, data, **kwargs)
        return AwareDateTime()._deserialize(value, attr, data, **kwargs)
