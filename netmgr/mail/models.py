from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.mixins import TimestampMixin
from ..core.types import UTCDateTime, one_of
from ..extensions import db

OUTBOX_STATES = ("pending", "claimed", "sent", "failed")


class OutboxMessage(TimestampMixin, db.Model):
    """One e-mail to one recipient, written in the same transaction as its cause."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        one_of("state", OUTBOX_STATES),
        Index("ix_outbox_messages_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: RFC 5322 Message-ID, fixed at enqueue time so a resend after a crash is recognisable
    message_id: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    #: Dotted kind, e.g. ``registration.confirmed``, ``campaign.invitation``
    kind: Mapped[str] = mapped_column(String(60), nullable=False, index=True)
    #: Recipient address (one recipient per message, never a list)
    to_address: Mapped[str] = mapped_column(String(254), nullable=False, info={"personal": "mail"})
    #: Recipient display name
    to_name: Mapped[str | None] = mapped_column(String(200), info={"personal": "mail"})
    #: Reply-To, the responsible coordinator
    reply_to: Mapped[str | None] = mapped_column(String(254))
    #: Language the message was written in (nb, nn, en)
    language: Mapped[str] = mapped_column(String(2), default="nb", nullable=False)
    #: Subject line
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    #: Plain-text body
    body_text: Mapped[str] = mapped_column(Text, nullable=False, info={"personal": "mail_content"})
    #: HTML body
    body_html: Mapped[str | None] = mapped_column(Text, info={"personal": "mail_content"})
    #: iCalendar attachment, if any
    ics: Mapped[str | None] = mapped_column(Text, info={"personal": "mail_content"})
    #: iTIP method of the attachment (REQUEST, CANCEL, PUBLISH)
    ics_method: Mapped[str | None] = mapped_column(String(10))
    #: Extra headers (List-Unsubscribe …)
    headers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Contact the message is for, if known
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True, info={"personal": "mail"}
    )
    #: Event the message is about, if any
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    #: pending, claimed, sent or failed
    state: Mapped[str] = mapped_column(String(10), default="pending", nullable=False)
    #: Delivery attempts so far
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    #: Not to be tried before this time (exponential backoff)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When a sender claimed it (a stale claim is recovered, see the sender)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When the SMTP server (or the file backend) accepted it
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Reason of the last failure
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Random token of the sender run holding the claim (its journal file has the same name)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    #: Renderer (registered by a feature at start-up) that composes the message when the sender
    #: claims it; empty once composed. Lets a feature queue a mail without composing it inside
    #: a short, lock-holding transaction.
    renderer: Mapped[str | None] = mapped_column(String(60))
    #: What the renderer needs (ids, template name); JSON, empty once composed
    render_args: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Campaign the message belongs to, if any
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
