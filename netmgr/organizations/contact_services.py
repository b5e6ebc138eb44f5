"""Contact rules beyond create/update: deactivation, the main contact, merging duplicates.

Like :mod:`.services`, these flush and never commit, and raise ``ServiceError`` on bad input.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import update

from ..core.audit import audit
from ..core.errors import ServiceError
from ..core.signals import contacts_merged
from ..core.timeutil import utcnow
from ..extensions import db
from ..mail.models import OutboxMessage
from .models import Contact

#: Fields a merged contact takes from the duplicate when its own are empty
_FILL_IN = ("phone", "title", "language", "note")


def set_active(contact: Contact, active: bool) -> Contact:
    """Deactivate (left the organisation: never invited again, history kept) or reactivate."""
    contact.active = bool(active)
    if not contact.active:
        contact.is_main = False
    db.session.flush()
    return contact


def set_main_contact(contact: Contact) -> Contact:
    """Make ``contact`` its organisation's main contact for LUP (the previous one is unset)."""
    if not contact.active:
        raise ServiceError(
            {"contact": [_("En deaktivert kontaktperson kan ikke være hovedkontakt.")]}
        )
    # Unset first: the unique index allows one main contact per organisation at any moment.
    db.session.execute(
        update(Contact)
        .where(Contact.organization_id == contact.organization_id, Contact.is_main.is_(True))
        .values(is_main=False)
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
    contact.is_main = True
    db.session.flush()
    return contact


def unset_main_contact(contact: Contact) -> Contact:
    contact.is_main = False
    db.session.flush()
    return contact


def merge_contacts(target: Contact, source: Contact, user=None) -> Contact:
    """Merge ``source`` into ``target`` (the same person): the features above move their rows
    (registrations, campaign answers, calendar subscriptions) through ``contacts_merged``, the
    outbox follows, empty fields are filled from the source, and the source is deleted."""
    if target.id == source.id:
        raise ServiceError({"source": [_("Velg en annen kontaktperson enn den som beholdes.")]})
    contacts_merged.send(target, source=source)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.contact_id == source.id)
        .values(contact_id=target.id)
    )
    for name in _FILL_IN:
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    if source.opted_out and not target.opted_out:
        # The person asked not to be invited under one of the addresses: respect it.
        target.opted_out, target.opted_out_at = True, source.opted_out_at or utcnow()
    was_main = source.is_main and source.organization_id == target.organization_id
    audit("contact.merged", target, user=user, merged_id=source.id)
    db.session.delete(source)
    db.session.flush()
    if was_main and target.active:
        set_main_contact(target)
    return target
