from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.mixins import TimestampMixin
from ..core.types import UTCDateTime, one_of
from ..extensions import db
from ..networks.models import Network, Theme

EVENT_KINDS = ("network_meeting", "meeting_place", "market_dialogue", "webinar", "other")
EVENT_STATUSES = ("draft", "published", "cancelled")
#: Fields whose change a calendar must see: changing one raises the iCalendar SEQUENCE
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "location", "online_url", "status")

event_themes = Table(
    "event_themes",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True),
)


def new_uid() -> str:
    return f"{uuid.uuid4()}@netmgr.lup"


class Event(TimestampMixin, db.Model):
    __tablename__ = "events"
    __table_args__ = (
        one_of("kind", EVENT_KINDS),
        one_of("status", EVENT_STATUSES),
        CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        CheckConstraint("presenter_slots >= 0", name="presenter_slots_positive"),
        CheckConstraint("sequence >= 0", name="sequence_positive"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL "
            "OR registration_closes_at >= registration_opens_at",
            name="registration_window_order",
        ),
        CheckConstraint(
            "county_number IS NULL OR length(county_number) = 2", name="county_number_length"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: iCalendar UID, fixed for the event's whole life (never derived from editable fields)
    uid: Mapped[str] = mapped_column(String(120), unique=True, nullable=False, default=new_uid)
    #: iCalendar SEQUENCE, raised on every change a calendar must see (CALENDAR_FIELDS)
    sequence: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    #: network_meeting, meeting_place, market_dialogue, webinar or other
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    #: Title
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    #: Plain-text description
    description: Mapped[str | None] = mapped_column(Text)
    #: Programme (agenda), plain text, one item per line ("09.00 Velkommen"); on the event
    #: page and in the invitation and confirmation mails
    agenda: Mapped[str | None] = mapped_column(Text)
    #: Start (UTC)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    #: End (UTC), after the start
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: Place (address or venue); empty for online-only events
    location: Mapped[str | None] = mapped_column(String(300))
    #: Link to the online meeting, if any
    online_url: Mapped[str | None] = mapped_column(String(500))
    #: Network that runs the event, if any
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id"), index=True)
    #: County for a regional event; empty for a national one
    county_number: Mapped[str | None] = mapped_column(String(2), index=True)
    #: Attendee seats; empty means unlimited
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: Presenter slots, counted apart from the attendee seats
    presenter_slots: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    #: Presenter requests wait for a coordinator's approval
    presenter_approval_required: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    #: Only member organisations of the network may register themselves
    members_only: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    #: Self-service registration opens (UTC); empty means at once
    registration_opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Self-service registration closes (UTC); empty means at the start
    registration_closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: draft, published or cancelled
    status: Mapped[str] = mapped_column(String(12), default="draft", nullable=False, index=True)
    #: Link to slides or other material after the event
    material_url: Mapped[str | None] = mapped_column(String(500))
    #: Coordinator responsible (Reply-To of mails, receiver of notices)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: When the event was first published
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When the event was cancelled
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    #: Reminder offsets in hours before the start; empty list switches reminders off
    reminder_hours: Mapped[list[int] | None] = mapped_column(JSON, default=lambda: [168, 24])
    #: Series this event is an occurrence of, if any
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_series.id", ondelete="SET NULL"), index=True
    )
    #: Start of the occurrence as the series planned it (stable key of the occurrence)
    series_slot: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Joint process the event belongs to (dialogue conference, one-to-one meetings), if any
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="SET NULL"), index=True
    )

    network: Mapped[Network | None] = relationship(lazy="joined")
    themes: Mapped[list[Theme]] = relationship(secondary=event_themes, lazy="selectin")
    coordinator = relationship("User")

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    def registration_open(self, now: dt.datetime) -> bool:
        if self.status != "published" or now >= self.starts_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now > self.registration_closes_at)

    def apply_changes(self, changes: dict) -> bool:
        """Set attributes; raise SEQUENCE once if any calendar-visible field changed."""
        visible = False
        for name, value in changes.items():
            if getattr(self, name) != value:
                visible |= name in CALENDAR_FIELDS
                setattr(self, name, value)
        if visible and self.id is not None:
            self.sequence += 1
        return visible

    def __repr__(self):
        return f"<Event {self.id} {self.title!r}>"
