"""Time helpers: everything is stored in UTC and shown in Europe/Oslo."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
UTC = dt.UTC


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def to_oslo(value: dt.datetime) -> dt.datetime:
    return value.astimezone(OSLO)


def oslo_datetime(year, month, day, hour=0, minute=0) -> dt.datetime:
    """An Oslo wall-clock time as an aware UTC datetime."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=OSLO).astimezone(UTC)
