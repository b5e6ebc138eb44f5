"""Tables of the calendar feature: personal feed tokens and the shared feed-state counter."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.timeutil import utcnow
from ..core.types import UTCDateTime
from ..events.models import Event
from ..extensions import db
from ..organizations.models import Contact, Organization

#: The feed fingerprint reads max(events.updated_at) on every request: a seek, not a scan
ix_events_updated_at = Index("ix_events_updated_at", Event.updated_at)


def hash_feed_token(token: str) -> str:
    """Feed tokens are 256-bit random, so one SHA-256 round is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarSubscription(db.Model):
    """A personal feed link of an organisation; only the hash of its token is stored."""

    __tablename__ = "calendar_subscriptions"
    __table_args__ = (
        Index("ix_calendar_subscriptions_org_active", "organization_id", "revoked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The organisation whose networks and registrations the feed shows
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
    )
    #: The contact who asked for the link (mailed to them); empty if issued by a coordinator
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), info={"personal": "subscription"}
    )
    #: SHA-256 of the token; the token itself is only ever in the mailed link
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: First characters of the token, to tell links apart in lists
    prefix: Mapped[str] = mapped_column(String(8), nullable=False)
    #: When the link was issued
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: When the link was revoked (it then answers 404); empty while valid
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The link that replaced this one, if it was replaced
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("calendar_subscriptions.id", ondelete="SET NULL")
    )

    organization: Mapped[Organization] = relationship()
    contact: Mapped[Contact | None] = relationship()

    @classmethod
    def issue(cls, organization, contact=None) -> tuple[CalendarSubscription, str]:
        """A new subscription and its secret token (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        sub = cls(
            organization=organization,
            contact=contact,
            token_hash=hash_feed_token(token),
            prefix=token[:6],
        )
        db.session.add(sub)
        return sub, token

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class CalendarState(db.Model):
    """One row whose version every event change raises, in the change's own transaction.

    Every worker process reads it (with the feed's own aggregate) to know whether its cached
    feed is still current, so a change made through any worker invalidates all caches.
    """

    __tablename__ = "calendar_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    #: Always 1
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Raised by every event change and cancellation
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: When the version was last raised
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
