"""Cancellation notices to invited contacts, in the cancellation's transaction.

``event_cancelled``: every contact invited to the event (at least one invitation sent) who did
not decline gets ``METHOD:CANCEL`` with the event's ``UID`` — unless they are also registered,
since :mod:`netmgr.registration.event_notices` already cancels for them (one notice per person).
"""

from __future__ import annotations

from sqlalchemy import select

from ..core.signals import event_cancelled
from ..extensions import db
from ..organizations.models import Contact
from ..registration.event_notices import registered_contact_ids, send_cancel_notices
from .models import Campaign, CampaignRecipient


def invited_not_declined(event) -> list[Contact]:
    return list(
        db.session.scalars(
            select(Contact)
            .join(CampaignRecipient, CampaignRecipient.contact_id == Contact.id)
            .join(Campaign, Campaign.id == CampaignRecipient.campaign_id)
            .where(
                Campaign.event_id == event.id,
                CampaignRecipient.sends > 0,
                CampaignRecipient.response != "declined",
                Contact.id.not_in(registered_contact_ids(event)),
            )
            .order_by(Contact.id)
            .distinct()
        )
    )


def on_event_cancelled(sender, event=None, **_):
    if event is not None:
        send_cancel_notices(event, invited_not_declined(event), "invited")


def connect() -> None:
    event_cancelled.connect(on_event_cancelled, weak=False)
