"""Invitation campaigns: one event, many personal invitations, their answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.mixins import TimestampMixin
from ..core.types import UTCDateTime, one_of, partial_unique
from ..extensions import db

CAMPAIGN_STATUSES = ("draft", "scheduled", "sent")
RESPONSES = ("none", "accepted", "declined", "tentative")
#: contact: a known person; official: the organisation's official address (postmottak)
RECIPIENT_KINDS = ("contact", "official")


class Campaign(TimestampMixin, db.Model):
    """An invitation campaign for one event."""

    __tablename__ = "campaigns"
    __table_args__ = (
        one_of("status", CAMPAIGN_STATUSES),
        # An invitation to an event, or to join a joint process: exactly one of them
        CheckConstraint("(event_id IS NULL) <> (process_id IS NULL)", name="event_or_process"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The event the invitation is for (empty for an invitation to join a process)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    #: The joint process the invitation asks to join (empty for an event invitation)
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    #: Internal name shown to coordinators
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: Optional personal note from the coordinator, put into every invitation
    message: Mapped[str | None] = mapped_column(Text)
    #: Subject line chosen by the coordinator (None: "Invitasjon: <title>" in each language)
    subject: Mapped[str | None] = mapped_column(String(200))
    #: Opening paragraph chosen by the coordinator, instead of "Du inviteres til <title>."
    #: (the same text in every language group; None keeps the translated standard text)
    intro: Mapped[str | None] = mapped_column(Text)
    #: draft, scheduled or sent
    status: Mapped[str] = mapped_column(String(10), default="draft", nullable=False)
    #: How the recipients were picked (contacts, organizations, networks, municipality filter)
    recipients_spec: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Targeting criteria that produced the list, if it came from the targeting engine
    criteria: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Contacts left out because they opted out of invitations
    opted_out_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    #: Organisations picked that have no contact: [{"id":..., "name":...}]
    orgs_without_contacts: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    #: Coordinator who created it (Reply-To of the invitations)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Send at this time (the scheduler calls send_campaign); empty means by hand
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    #: When the invitations were written to the outbox
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    event = relationship("Event")
    process = relationship("Process")
    created_by = relationship("User")
    recipients: Mapped[list[CampaignRecipient]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def kind(self) -> str:
        """``event`` (an invitation to an event) or ``process`` (to join a joint process)."""
        return "process" if self.process_id is not None else "event"

    @property
    def subject_title(self) -> str:
        """Title of what the campaign invites to."""
        target = self.process if self.process_id is not None else self.event
        return target.title if target is not None else ""


class CampaignRecipient(db.Model):
    """One invited contact of a campaign, with the answer."""

    __tablename__ = "campaign_recipients"
    __table_args__ = (
        one_of("response", RESPONSES),
        one_of("kind", RECIPIENT_KINDS),
        UniqueConstraint("campaign_id", "contact_id", name="uq_campaign_recipients_contact"),
        Index("ix_campaign_recipients_response", "campaign_id", "response"),
        # An organisation's invitations (its page's timeline)
        Index("ix_campaign_recipients_organization", "organization_id", "campaign_id"),
        # A contact invitation names its person; an official one its address (the person
        # who registers through it is set later).
        CheckConstraint("kind = 'official' OR contact_id IS NOT NULL", name="contact_has_person"),
        CheckConstraint(
            "kind = 'contact' OR (email IS NOT NULL AND organization_id IS NOT NULL)",
            name="official_has_address",
        ),
        # One official invitation per organisation and campaign
        partial_unique(
            "uq_campaign_recipients_official",
            "campaign_id",
            "organization_id",
            where="kind = 'official'",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The campaign
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False
    )
    #: The invited person; for an official invitation the person who registered through it
    #: (empty until then)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True, info={"personal": "invitation"}
    )
    #: contact or official
    kind: Mapped[str] = mapped_column(
        String(10), default="contact", server_default="contact", nullable=False
    )
    #: The official address written to (official invitations only)
    email: Mapped[str | None] = mapped_column(String(254))
    #: The organisation the person was invited for
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    #: Language of the invitation (nb, nn, en)
    language: Mapped[str] = mapped_column(String(2), default="nb", nullable=False)
    #: none, accepted, declined or tentative
    response: Mapped[str] = mapped_column(
        String(10), default="none", nullable=False, info={"personal": "invitation"}
    )
    #: When the answer came
    responded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: How the answer came: link, itip
    response_via: Mapped[str | None] = mapped_column(String(10))
    #: Message-ID of the latest invitation sent to this person (joins the outbox)
    message_id: Mapped[str | None] = mapped_column(String(200), index=True)
    #: How many invitations were sent (1 + resends)
    sends: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    campaign: Mapped[Campaign] = relationship(back_populates="recipients")
    contact = relationship("Contact")
