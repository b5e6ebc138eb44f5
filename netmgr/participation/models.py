"""Admin-configurable settings of the participation figures (size classes, "small") and the
summary of participations per organisation and day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..core.types import UTCDateTime
from ..extensions import db

#: Lower bounds of the default size classes (SSB-style): <2,000; 2,000–4,999; … 50,000+
DEFAULT_THRESHOLDS = (2000, 5000, 10000, 20000, 50000)


class ParticipationSettings(db.Model):
    """At most one row; without a row the defaults apply."""

    __tablename__ = "participation_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("small_limit > 0", name="small_limit_positive"),
    )

    #: Always 1 (a single settings row)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    #: Ascending population lower bounds of the size classes after the first (JSON list of ints)
    thresholds: Mapped[list[int]] = mapped_column(JSON, nullable=False)
    #: A municipality is "small" below this population (SSB: 5,000)
    small_limit: Mapped[int] = mapped_column(Integer, nullable=False)


class OrganizationParticipationDay(db.Model):
    """Summary: an organisation's participations per Oslo calendar day of the events' start.

    One row per organisation and day with at least one participation (a registration, not
    cancelled, marked ``attended``, at an event that is not cancelled). Kept up to date in the
    same flush as every change of those registrations and events (``participation.summary``);
    always equal to a recomputation from them (tested). Pages read it instead of the history:
    the participations in any period of Oslo dates is a range of an organisation's rows, the
    last participation before a date is its newest row before that date.
    """

    __tablename__ = "organization_participation_days"
    __table_args__ = (
        CheckConstraint("attended >= 0", name="attended_not_negative"),
        # Zero only for a moment inside a flush (the row locked, then recounted or removed)
        CheckConstraint("attended = 0 OR last_attended_at IS NOT NULL", name="last_when_attended"),
    )

    #: The organisation the participants came for
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    #: The Oslo date on which the events started
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    #: Participations of the organisation at events starting that day
    attended: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The latest start among those events (the "last participation" when this is the last day)
    last_attended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
