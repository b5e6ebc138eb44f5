from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date
from sqlalchemy.orm import Mapped, mapped_column

from .timeutil import utcnow
from .types import UTCDateTime, partial_unique


class TimestampMixin:
    #: When the row was created (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: When the row was last changed (UTC)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class PeriodMixin:
    """A row that covers the days from ``joined_on`` to ``left_on``: leaving sets ``left_on``
    and keeps the row as history, joining again adds a new row (see :func:`period_rules`)."""

    #: First day (of the membership, of taking part)
    joined_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: Last day; empty while the row is open
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    def is_active(self, on: dt.date) -> bool:
        return self.joined_on <= on and (self.left_on is None or self.left_on >= on)


def period_rules(table: str, owner: str, member: str = "organization_id") -> tuple:
    """Constraints of a :class:`PeriodMixin` table: a period ends on or after its first day,
    and at most one open row per ``owner`` and ``member`` (closed ones are history)."""
    return (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="left_after_joined"),
        partial_unique(f"uq_{table}_open", owner, member, where="left_on IS NULL"),
    )
