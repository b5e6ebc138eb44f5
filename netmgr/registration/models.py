from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.mixins import TimestampMixin
from ..core.types import UTCDateTime, one_of, partial_unique
from ..events.models import Event
from ..extensions import db
from ..organizations.models import Contact, Organization

ROLES = ("attendee", "presenter")
STATUSES = ("confirmed", "waitlisted", "cancelled")
ATTENDANCE = ("unknown", "attended", "no_show")
SOURCES = ("form", "invitation", "api", "import", "coordinator", "walk_in")
PRESENTER_APPROVAL = ("pending", "approved", "declined")


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        one_of("role", ROLES),
        one_of("status", STATUSES),
        one_of("attendance", ATTENDANCE),
        one_of("source", SOURCES),
        one_of("presenter_approval", PRESENTER_APPROVAL),
        # One active registration per contact and event; cancelled ones are history.
        partial_unique(
            "uq_registrations_active", "event_id", "contact_id", where="status <> 'cancelled'"
        ),
        # Only an attendee's request waits on the presenter waiting list, and it has a title.
        CheckConstraint(
            "presenter_waitlisted_at IS NULL OR (role = 'attendee' AND solution_title IS NOT NULL)",
            name="presenter_waitlist_attendee",
        ),
        Index("ix_registrations_event_status", "event_id", "status", "role"),
        # Covers the participation report: it reads only these columns of 1M+ rows.
        Index(
            "ix_registrations_participation", "event_id", "organization_id", "attendance", "status"
        ),
        # The same columns from the organisation's side: the municipality page's counts
        Index(
            "ix_registrations_organization_participation",
            "organization_id",
            "event_id",
            "attendance",
            "status",
        ),
        # The dashboard's "registrations this week"
        Index("ix_registrations_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The event
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    #: The person; empty once the contact was erased (the participation stays)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"),
        index=True,
        info={"personal": "participation"},
    )
    #: The organisation the person came for; kept when the contact is erased
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id"), nullable=False, index=True
    )
    #: attendee or presenter
    role: Mapped[str] = mapped_column(String(10), default="attendee", nullable=False)
    #: confirmed, waitlisted or cancelled
    status: Mapped[str] = mapped_column(String(10), default="confirmed", nullable=False)
    #: unknown, attended or no_show
    attendance: Mapped[str] = mapped_column(String(10), default="unknown", nullable=False)
    #: form, invitation, api, import, coordinator or walk_in
    source: Mapped[str] = mapped_column(String(12), default="form", nullable=False)
    #: Presenter requests only: pending, approved or declined
    presenter_approval: Mapped[str | None] = mapped_column(String(10))
    #: Presenter requests only: title of the solution shown
    solution_title: Mapped[str | None] = mapped_column(String(200))
    #: Presenter requests only: short description of the solution
    solution_description: Mapped[str | None] = mapped_column(Text)
    #: Presenter requests only: the theme the solution addresses
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    #: Position on the waiting list is the order of this timestamp (then id)
    waitlisted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Attendee who asked to present when every slot was taken: when the request joined the
    #: presenter waiting list (its order, then id); empty otherwise and once moved up
    presenter_waitlisted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When the seat was confirmed
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When the registration was cancelled
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When attendance was recorded
    attendance_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Version of the privacy notice the public form linked to (empty for other sources)
    privacy_notice_version: Mapped[str | None] = mapped_column(String(20))
    #: When that form was sent
    privacy_notice_shown_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    contact: Mapped[Contact | None] = relationship()
    organization: Mapped[Organization] = relationship()


class RegistrationLink(db.Model):
    """A personal link to one registration (its page, calendar file, cancel); only the SHA-256
    of the random token is stored. Every mail gets a link of its own, so all of them work until
    the expiry; erasure removes them."""

    __tablename__ = "registration_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The registration the link opens
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: SHA-256 of the token; the token itself is only in the mail or the redirect that gave it
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: When the link was issued
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: When the link was revoked (it then answers 410); empty while valid
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
