"""Search text in SQL: one way to match "contains" with ``%`` and ``_`` taken literally."""

from __future__ import annotations

from sqlalchemy import func

#: Escape character of the LIKE patterns built here (works on SQLite and PostgreSQL)
ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    """A lower-case LIKE pattern that finds ``text`` anywhere; ``%``, ``_`` and ``\\`` are
    matched as themselves, so a search for "50%" does not match everything."""
    escaped = (
        text.lower()
        .replace(ESCAPE, ESCAPE * 2)
        .replace("%", ESCAPE + "%")
        .replace("_", ESCAPE + "_")
    )
    return f"%{escaped}%"


def contains(column, text: str):
    """``column`` contains ``text``, ignoring case (a SQL expression for ``where``)."""
    return func.lower(column).like(contains_pattern(text), escape=ESCAPE)
