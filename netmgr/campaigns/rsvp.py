"""Answers to invitations: personal links, iTIP REPLY mails, unsubscribe.

Links and calendar replies end up in :func:`record_response`, so both behave the same.
Every function is idempotent: the same answer twice changes nothing the second time.
"""

from __future__ import annotations

import email
import email.policy
import logging
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from icalendar import Calendar
from sqlalchemy import select

from ..core.audit import audit
from ..core.errors import NotFoundError, ServiceError
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from ..mail.tokens import InvalidToken, read_token  # noqa: F401 (used by views)
from ..organizations.models import Contact
from ..registration import services as registration
from .models import Campaign, CampaignRecipient

log = logging.getLogger(__name__)

PARTSTAT = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}


@dataclass
class Outcome:
    event: Event
    contact: Contact
    response: str
    changed: bool
    registration: object | None = None


def _recipient(event: Event, contact: Contact, campaign_id: int | None):
    query = (
        select(CampaignRecipient)
        .join(Campaign)
        .where(Campaign.event_id == event.id, CampaignRecipient.contact_id == contact.id)
    )
    if campaign_id:
        query = query.where(CampaignRecipient.campaign_id == campaign_id)
    return db.session.scalars(query.order_by(CampaignRecipient.id.desc())).first()


def record_response(
    event: Event,
    contact: Contact,
    response: str,
    *,
    via: str = "link",
    campaign_id: int | None = None,
) -> Outcome:
    """Record accepted / declined / tentative. Accept registers (confirmed or waitlisted);
    decline cancels an active registration of the person. The caller commits."""
    recipient = _recipient(event, contact, campaign_id)
    changed = recipient is not None and recipient.response != response
    if recipient is not None and changed:
        recipient.response = response
        recipient.responded_at = utcnow()
        recipient.response_via = via
    reg = None
    if response == "accepted":
        invited = recipient is not None
        # A personal invitation overrides "members only" (the coordinator chose the
        # person), not the registration window nor the capacity.
        closed = event.status != "published" or not event.registration_open(utcnow())
        if invited and closed and registration.active_registration(event, contact) is None:
            raise ServiceError({"event": [_l("Påmeldingen til dette arrangementet er stengt.")]})
        reg, created = registration.register(
            event, contact, source="invitation", by_coordinator=invited
        )
        changed |= created
    elif response == "declined":
        reg = registration.active_registration(event, contact)
        if reg is not None:
            registration.cancel_registration(reg)
            changed = True
    if changed:
        audit(
            f"rsvp.{response}",
            recipient or event,
            via=via,
            contact_id=contact.id,
            event_id=event.id,
        )
    return Outcome(
        event=event, contact=contact, response=response, changed=changed, registration=reg
    )


def standing_answer(event: Event, contact: Contact, answer: str, campaign_id: int | None):
    """What a second click on an invitation link finds already done: the person's active
    registration (accept), or the recorded "no" without a registration (decline); else None."""
    reg = registration.active_registration(event, contact)
    if answer == "accept":
        return reg
    recipient = _recipient(event, contact, campaign_id)
    if reg is None and recipient is not None and recipient.response == "declined":
        return recipient
    return None


def response_from_token(purpose: str, token: str) -> tuple[Event, Contact, int | None]:
    """Event, contact and campaign of an accept/decline token (InvalidToken / NotFoundError)."""
    payload = read_token(purpose, token)
    event = db.session.get(Event, payload.get("e") or 0)
    contact = db.session.get(Contact, payload.get("c") or 0)
    if event is None or contact is None:
        raise NotFoundError("not found")
    return event, contact, payload.get("k")


def unsubscribe(token: str) -> Contact:
    """Set the contact's opt-out (idempotent). Raises InvalidToken / NotFoundError."""
    payload = read_token("unsubscribe", token)
    contact = db.session.get(Contact, payload.get("c") or 0)
    if contact is None:
        raise NotFoundError("not found")
    if not contact.opted_out:
        contact.opted_out = True
        contact.opted_out_at = utcnow()
        audit("contact.opted_out", contact, via="unsubscribe")
    return contact


def handle_itip_reply(raw: bytes) -> Outcome | None:
    """Record an iTIP REPLY found in a raw mail; anything else is logged and ignored."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype not in ("text/calendar", "application/ics"):
            continue
        try:
            cal = Calendar.from_ical(part.get_payload(decode=True))
        except Exception as exc:  # noqa: BLE001 - garbage from the internet
            log.warning("receive-mail: unreadable calendar part: %s", exc)
            continue
        if str(cal.get("method", "")).upper() != "REPLY":
            log.info("receive-mail: calendar part is %s, not REPLY; ignored", cal.get("method"))
            continue
        for ve in cal.walk("VEVENT"):
            outcome = _reply_event(ve, msg)
            if outcome is not None:
                return outcome
    log.info(
        "receive-mail: no usable iTIP REPLY in message %s from %s; ignored",
        msg.get("Message-ID"),
        msg.get("From"),
    )
    return None


def _reply_event(ve, msg) -> Outcome | None:
    uid = str(ve.get("uid", ""))
    event = db.session.scalars(select(Event).where(Event.uid == uid)).first()
    if event is None:
        log.info("receive-mail: reply for unknown UID %r ignored", uid)
        return None
    attendees = ve.get("attendee")
    if attendees is None:
        return None
    if not isinstance(attendees, list):
        attendees = [attendees]
    for att in attendees:
        address = str(att)
        if address.lower().startswith("mailto:"):
            address = address[7:]
        contact = db.session.scalars(
            select(Contact).where(Contact.email == address.strip().lower())
        ).first()
        if contact is None:
            log.info("receive-mail: reply from unknown attendee %r ignored", address)
            continue
        partstat = str(att.params.get("PARTSTAT", "")).upper()
        response = PARTSTAT.get(partstat)
        if response is None:
            log.info("receive-mail: PARTSTAT %r from %s ignored", partstat, address)
            continue
        return record_response(event, contact, response, via="itip")
    return None


__all__ = [
    "InvalidToken",
    "Outcome",
    "handle_itip_reply",
    "record_response",
    "response_from_token",
    "standing_answer",
    "unsubscribe",
]
