"""Dates, times and numbers written the way each language writes them, in Europe/Oslo.

nb: "tirsdag 3. mars 2026 kl. 09.00–11.30", nn: "tysdag 3. mars 2026 kl. 09.00–11.30",
en: "Tuesday 3 March 2026, 09:00–11:30".
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

from ..core.timeutil import to_oslo

DATE_PATTERNS = {"nb": "EEEE d. MMMM y", "nn": "EEEE d. MMMM y", "en": "EEEE d MMMM y"}
SHORT_DATE_PATTERNS = {"nb": "d. MMMM y", "nn": "d. MMMM y", "en": "d MMMM y"}
EN_DASH = "\u2013"


def current_language() -> str:
    try:
        from flask_babel import get_locale

        locale = get_locale()
    except RuntimeError:  # outside a request or app context
        locale = None
    language = str(locale) if locale else "nb"
    return language if language in DATE_PATTERNS else "nb"


def _language(language: str | None) -> str:
    language = language or current_language()
    return language if language in DATE_PATTERNS else "nb"


def format_long_date(value: dt.datetime | dt.date, language: str | None = None) -> str:
    """ "tirsdag 3. mars 2026" (a datetime is first turned to Oslo time)."""
    language = _language(language)
    if isinstance(value, dt.datetime):
        value = to_oslo(value).date()
    return format_date(value, DATE_PATTERNS[language], locale=language)


def format_short_date(value: dt.datetime | dt.date, language: str | None = None) -> str:
    """ "3. mars 2026" / "3 March 2026"."""
    language = _language(language)
    if isinstance(value, dt.datetime):
        value = to_oslo(value).date()
    return format_date(value, SHORT_DATE_PATTERNS[language], locale=language)


def format_clock(value: dt.datetime, language: str | None = None) -> str:
    """ "09.00" in Norwegian, "09:00" in English (Oslo time)."""
    language = _language(language)
    local = to_oslo(value)
    sep = ":" if language == "en" else "."
    return f"{local.hour:02d}{sep}{local.minute:02d}"


def _at(language: str) -> str:
    return ", " if language == "en" else " kl. "


def format_datetime_long(value: dt.datetime, language: str | None = None) -> str:
    """ "tirsdag 3. mars 2026 kl. 09.00" / "Tuesday 3 March 2026, 09:00"."""
    language = _language(language)
    return format_long_date(value, language) + _at(language) + format_clock(value, language)


def format_event_time(
    starts_at: dt.datetime, ends_at: dt.datetime | None = None, language: str | None = None
) -> str:
    """An event's time span; one date when it starts and ends the same day in Oslo."""
    language = _language(language)
    if ends_at is None:
        return format_datetime_long(starts_at, language)
    if to_oslo(starts_at).date() == to_oslo(ends_at).date():
        return format_datetime_long(starts_at, language) + EN_DASH + format_clock(ends_at, language)
    return (
        format_datetime_long(starts_at, language)
        + f" {EN_DASH} "
        + format_datetime_long(ends_at, language)
    )


def format_number(value, language: str | None = None) -> str:
    """12 345 in Norwegian, 12,345 in English."""
    if value is None:
        return ""
    return format_decimal(value, locale=_language(language))


def format_one_decimal(value, language: str | None = None) -> str:
    """A measured figure with one decimal: "3,9" in Norwegian, "3.9" in English; "–" if none."""
    if value is None:
        return EN_DASH
    return format_decimal(value, format="#,##0.0", locale=_language(language))


def format_percent(value, language: str | None = None) -> str:
    """A percentage given as 0–100: "28,0 %" in Norwegian, "28.0%" in English."""
    if value is None:
        return EN_DASH
    sign = "%" if _language(language) == "en" else "\u00a0%"
    return format_one_decimal(value, language) + sign


def format_date_numeric(value: dt.datetime | dt.date | None, language: str | None = None) -> str:
    """A compact date for tables: "16.09.2026" in Norwegian, "16/09/2026" in English."""
    if value is None:
        return ""
    language = _language(language)
    if isinstance(value, dt.datetime):
        value = to_oslo(value).date()
    return format_date(value, "dd/MM/y" if language == "en" else "dd.MM.y", locale=language)


def format_datetime_numeric(value: dt.datetime | None, language: str | None = None) -> str:
    """ "16.09.2026 09.30" (Oslo time); for tables, mail lists and exports."""
    if value is None:
        return ""
    return format_date_numeric(value, language) + " " + format_clock(value, language)


def event_time_filter(event_or_start, ends_at=None) -> str:
    """Jinja: ``{{ event|event_time }}`` or ``{{ starts|event_time(ends) }}``."""
    if hasattr(event_or_start, "starts_at"):
        return format_event_time(event_or_start.starts_at, event_or_start.ends_at)
    return format_event_time(event_or_start, ends_at)


FILTERS = {
    "event_time": event_time_filter,
    "datetime_long": format_datetime_long,
    "date_long": format_long_date,
    "date_short": format_short_date,
    "clock": format_clock,
    "number": format_number,
    "decimal1": format_one_decimal,
    "percent": format_percent,
    "date_numeric": format_date_numeric,
    "datetime_numeric": format_datetime_numeric,
}
