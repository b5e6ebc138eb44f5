"""Calendar notices to registered contacts on event changes, in the change's transaction.

* ``event_changed`` with ``calendar_visible``: every confirmed or waitlisted registered contact
  gets the event again as ``METHOD:REQUEST`` with the raised ``SEQUENCE`` (same ``UID``), so the
  calendar entry moves.
* ``event_cancelled``: the same contacts get ``METHOD:CANCEL`` with the same ``UID``. (Invited
  contacts who did not decline get theirs from :mod:`netmgr.campaigns.notices`.)
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from ..calendars.ics import itip_text
from ..core.signals import event_cancelled, event_changed
from ..extensions import db
from ..mail.compose import queue_mail
from ..organizations.models import Contact
from .models import Registration

log = logging.getLogger(__name__)

#: Registrations whose contact has the event in their calendar
HOLDING_STATUSES = ("confirmed", "waitlisted")


def registered_contact_ids(event):
    """A select of the ids of contacts with a confirmed or waitlisted registration."""
    return select(Registration.contact_id).where(
        Registration.event_id == event.id,
        Registration.status.in_(HOLDING_STATUSES),
        Registration.contact_id.is_not(None),  # a NULL would empty every NOT IN over this
    )


def registered_contacts(event) -> list[Contact]:
    return list(
        db.session.scalars(
            select(Contact)
            .where(Contact.id.in_(registered_contact_ids(event)))
            .order_by(Contact.id)
        )
    )


def notice(kind: str, contact: Contact, template: str, event, method: str, **context):
    """Queue one calendar notice in the contact's language with the event attached."""
    language = contact.effective_language
    return queue_mail(
        kind,
        contact,
        template,
        language=language,
        event=event,
        ics=itip_text(event, method, language=language, attendee=contact),
        ics_method=method,
        **context,
    )


def on_event_changed(sender, event=None, changes=None, calendar_visible=False, **_):
    if event is None or not calendar_visible or event.status != "published":
        return
    contacts = registered_contacts(event)
    for contact in contacts:
        notice(
            "event.updated",
            contact,
            "notice_updated",
            event,
            "REQUEST",
            changes=sorted(changes or ()),
        )
    if contacts:
        log.info(
            "event %s changed (SEQUENCE %s): %d updates queued",
            event.id,
            event.sequence,
            len(contacts),
        )


def send_cancel_notices(event, contacts, who: str) -> None:
    """The cancellation notice (with an iTIP CANCEL) to each of ``contacts`` with an address;
    ``who`` names them in the log line."""
    contacts = [c for c in contacts if c.email]
    for contact in contacts:
        notice("event.cancelled", contact, "notice_cancelled", event, "CANCEL")
    log.info("event %s cancelled: %d notices to %s contacts", event.id, len(contacts), who)


def on_event_cancelled(sender, event=None, **_):
    if event is not None:
        send_cancel_notices(event, registered_contacts(event), "registered")


def connect() -> None:
    event_changed.connect(on_event_changed, weak=False)
    event_cancelled.connect(on_event_cancelled, weak=False)
