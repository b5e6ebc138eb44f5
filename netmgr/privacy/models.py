"""Tables of the privacy feature: retention settings and self-service access requests."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.timeutil import utcnow
from ..core.types import UTCDateTime
from ..extensions import db

#: A self-service copy link is valid this long
ACCESS_LINK_VALID = dt.timedelta(days=7)


def hash_access_token(token: str) -> str:
    """Access tokens are 256-bit random, so one SHA-256 round is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


class RetentionSetting(db.Model):
    """An admin's choice for one retention rule; rules without a row use their default."""

    __tablename__ = "privacy_retention_settings"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    #: Rule key (see :mod:`netmgr.privacy.retention`)
    rule: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: Months or days (the rule's unit) after which the data goes
    amount: Mapped[int] = mapped_column(Integer, nullable=False)
    #: When an admin last changed it
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: Admin who changed it
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AccessRequest(db.Model):
    """A person asked for a copy of their data; the mailed link carries the only token."""

    __tablename__ = "privacy_access_requests"
    __table_args__ = (CheckConstraint("expires_at > created_at", name="expires_after_created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Address the copy was asked for (and the link mailed to), lower case
    email: Mapped[str] = mapped_column(String(254), nullable=False, info={"personal": "request"})
    #: SHA-256 of the token; the token itself is only in the mailed link
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: When it was asked for
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: The link stops working then
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    #: When the copy was downloaded (the link works once)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @classmethod
    def issue(cls, email: str, now: dt.datetime | None = None) -> tuple[AccessRequest, str]:
        now = now or utcnow()
        token = secrets.token_urlsafe(32)
        row = cls(
            email=email,
            token_hash=hash_access_token(token),
            created_at=now,
            expires_at=now + ACCESS_LINK_VALID,
        )
        db.session.add(row)
        return row, token

    def usable(self, now: dt.datetime | None = None) -> bool:
        return self.used_at is None and (now or utcnow()) < self.expires_at
