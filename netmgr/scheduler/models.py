from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.mixins import TimestampMixin
from ..core.timeutil import utcnow
from ..core.types import UTCDateTime, one_of
from ..extensions import db

JOB_STATES = ("pending", "claimed", "done", "skipped", "failed")


class DueJob(TimestampMixin, db.Model):
    """A piece of timed work. The table, not APScheduler, is the truth about what is due."""

    __tablename__ = "due_jobs"
    __table_args__ = (one_of("state", JOB_STATES), Index("ix_due_jobs_due", "state", "due_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Dotted kind: event.reminder, event.registration_closed, event.follow_up,
    #: campaign.send, coordinator.digest
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    #: Identity of the work, unique: the same work is never planned twice
    key: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    #: When it should run (UTC)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: pending, claimed, done, skipped or failed
    state: Mapped[str] = mapped_column(String(10), default="pending", nullable=False)
    #: Event the work is about, if any
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    #: Campaign to send, for campaign.send
    campaign_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: Coordinator the work is for (digests)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: Parameters (e.g. the reminder offset in hours)
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Scheduler instance that claimed it
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    #: When it was claimed (a stale claim goes back to pending)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When it finished
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Short outcome shown to coordinators ("3 reminders", "event already begun")
    result: Mapped[str | None] = mapped_column(Text)
    #: Runs so far (failures are retried a few times)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    event = relationship("Event")


class SchedulerInstance(db.Model):
    """Heartbeat of every scheduler process, for the admin health page."""

    __tablename__ = "scheduler_instances"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: host:pid:random, unique per process start
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    #: When the process started
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: Last sign of life
    heartbeat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: Holds the leader lock and runs jobs
    active: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    #: Jobs run by this instance
    jobs_run: Mapped[int] = mapped_column(Integer, default=0, nullable=False)


class EventSeries(TimestampMixin, db.Model):
    """Recurring network meetings: an RRULE in Europe/Oslo wall-clock time."""

    __tablename__ = "event_series"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("horizon_days > 0", name="horizon_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Title given to every occurrence
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: Event kind of the occurrences
    kind: Mapped[str] = mapped_column(String(20), default="network_meeting", nullable=False)
    #: Network that holds the meetings
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id"))
    #: Description copied to occurrences
    description: Mapped[str | None] = mapped_column(Text)
    #: Place copied to occurrences
    location: Mapped[str | None] = mapped_column(String(300))
    #: Online link copied to occurrences
    online_url: Mapped[str | None] = mapped_column(String(500))
    #: Seats per occurrence
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: First occurrence, Oslo wall-clock time as an aware UTC value
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: Length of each occurrence
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    #: RFC 5545 RRULE without DTSTART, e.g. FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU
    rrule: Mapped[str] = mapped_column(String(300), nullable=False)
    #: Dates (Oslo, ISO) on which no occurrence is made
    exceptions: Mapped[list[str] | None] = mapped_column(JSON)
    #: Occurrences are created this many days ahead
    horizon_days: Mapped[int] = mapped_column(Integer, default=120, nullable=False)
    #: Created occurrences are published at once
    publish: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    #: Coordinator responsible for the occurrences
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Last day of the series (Oslo); empty means open-ended
    until: Mapped[dt.date | None] = mapped_column(Date)
