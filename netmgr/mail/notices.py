"""Calendar notices on event changes, written to the outbox in the change's transaction.

* ``event_changed`` with ``calendar_visible``: every confirmed or waitlisted registered contact
  gets the event again as ``METHOD:REQUEST`` with the raised ``SEQUENCE`` (same ``UID``), so the
  calendar entry moves.
* ``event_cancelled``: registered contacts and invited contacts who did not decline get
  ``METHOD:CANCEL`` with the same ``UID``.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from ..core.signals import event_cancelled, event_changed
from ..extensions import db
from .compose import queue_mail

log = logging.getLogger(__name__)


def _registered_contacts(event):
    from ..organizations.models import Contact
    from ..registration.models import Registration

    return list(
        db.session.scalars(
            select(Contact)
            .join(Registration, Registration.contact_id == Contact.id)
            .where(
                Registration.event_id == event.id,
                Registration.status.in_(("confirmed", "waitlisted")),
            )
            .order_by(Contact.id)
            .distinct()
        )
    )


def _invited_not_declined(event):
    from ..campaigns.models import Campaign, CampaignRecipient
    from ..organizations.models import Contact

    return list(
        db.session.scalars(
            select(Contact)
            .join(CampaignRecipient, CampaignRecipient.contact_id == Contact.id)
            .join(Campaign, Campaign.id == CampaignRecipient.campaign_id)
            .where(
                Campaign.event_id == event.id,
                CampaignRecipient.sends > 0,
                CampaignRecipient.response != "declined",
            )
            .order_by(Contact.id)
            .distinct()
        )
    )


def on_event_changed(sender, event=None, changes=None, calendar_visible=False, **_):
    if event is None or not calendar_visible or event.status != "published":
        return
    contacts = _registered_contacts(event)
    for contact in contacts:
        queue_mail(
            "event.updated",
            contact,
            "notice_updated",
            event=event,
            ics_method="REQUEST",
            changes=sorted(changes or ()),
        )
    if contacts:
        log.info(
            "event %s changed (SEQUENCE %s): %d updates queued",
            event.id,
            event.sequence,
            len(contacts),
        )


def on_event_cancelled(sender, event=None, **_):
    if event is None:
        return
    seen = set()
    for contact in _registered_contacts(event) + _invited_not_declined(event):
        if contact.id in seen or not contact.email:
            continue
        seen.add(contact.id)
        queue_mail("event.cancelled", contact, "notice_cancelled", event=event, ics_method="CANCEL")
    log.info("event %s cancelled: %d notices queued", event.id, len(seen))


def connect() -> None:
    event_changed.connect(on_event_changed, weak=False)
    event_cancelled.connect(on_event_cancelled, weak=False)
