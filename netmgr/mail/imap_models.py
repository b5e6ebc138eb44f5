"""Where the IMAP reader (netmgr/mail/imap.py) stands in each mailbox folder it reads."""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.mixins import TimestampMixin
from ..extensions import db


class ImapCursor(TimestampMixin, db.Model):
    """One row per mailbox folder: messages up to ``last_uid`` under ``uidvalidity`` are
    handled (moved away or kept as unreadable), so a restart never handles them again."""

    __tablename__ = "imap_cursors"
    __table_args__ = (
        CheckConstraint("last_uid >= 0", name="last_uid_not_negative"),
        CheckConstraint("uidvalidity > 0", name="uidvalidity_positive"),
    )

    #: Surrogate key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``user@host/folder`` of the mailbox folder (the RSVP address, not a person's)
    mailbox: Mapped[str] = mapped_column(String(400), unique=True, nullable=False)
    #: The folder's UIDVALIDITY when ``last_uid`` was recorded; a new value restarts at 0
    uidvalidity: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: Highest UID handled in this folder
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
