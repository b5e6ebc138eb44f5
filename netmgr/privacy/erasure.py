"""Erasure: one function removes a person and keeps the statistics of their organisation.

Past registrations stay with their organisation, role, status and attendance (only the link to
the person goes), so participation figures are the same before and after. Future registrations
are cancelled through the registration service, so their seats go to the waiting list as on
any cancellation. Mails to the person (rows and ``.eml`` files) are deleted, their calendar
links revoked, and their data in audit details replaced by a marker.
"""

from __future__ import annotations

import os

from sqlalchemy import delete, select

from ..core.audit import AuditEntry, audit
from ..core.timeutil import utcnow
from ..extensions import db
from ..mail.transport import eml_name, mail_dir
from ..registration.services import cancel_registration, revoke_links
from .export import audit_about, find_person
from .models import AccessRequest

#: What replaces the person's data in audit details
MARKER = "[slettet]"


def _redact(value, secrets: set[str]):
    if isinstance(value, dict):
        return {k: _redact(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, secrets) for v in value]
    if isinstance(value, str) and any(s in value.lower() for s in secrets):
        return MARKER
    return value


def erase_person(email: str, *, user=None) -> dict[str, int]:
    """Erase everything about ``email``; returns the counts (the caller commits)."""
    person = find_person(email)
    now = utcnow()
    counts = dict.fromkeys(
        ("contacts", "registrations_anonymised", "registrations_cancelled", "mails_deleted"), 0
    )
    counts["tokens_revoked"] = 0
    ids = person.contact_ids
    secrets = {person.email} if person.email else set()
    for contact in person.contacts:
        secrets |= {v.strip().lower() for v in (contact.name, contact.phone) if v and v.strip()}

    # Audit details first: the rows they point at are still there to be found.
    entries = []
    if person.email:
        entries = db.session.scalars(select(AuditEntry).where(audit_about(person))).all()
    for entry in entries:
        entry.data = {**_redact(entry.data or {}, secrets), "redacted": True}
        if entry.object_type == "contacts" and entry.object_id in ids:
            entry.object_id = None

    for reg in person.registrations:
        if reg.status != "cancelled" and reg.event.starts_at > now:
            cancel_registration(reg, by_coordinator=True, notify=False)
            counts["registrations_cancelled"] += 1
        else:
            counts["registrations_anonymised"] += 1
        counts["tokens_revoked"] += revoke_links(reg, now)
        reg.contact = None

    for sub in person.subscriptions:
        if sub.revoked_at is None:
            sub.revoked_at = now
            counts["tokens_revoked"] += 1
        sub.contact = None
    requests = db.session.execute(
        delete(AccessRequest).where(AccessRequest.email == person.email),
        execution_options={"synchronize_session": False},
    )
    counts["tokens_revoked"] += requests.rowcount or 0

    folder = mail_dir()
    for mail in person.mails:
        path = folder / eml_name(mail.id, mail.message_id)
        if path.exists():
            os.unlink(path)
        db.session.delete(mail)
        counts["mails_deleted"] += 1

    for recipient in person.campaign_recipients:
        db.session.delete(recipient)
    db.session.flush()
    for contact in person.contacts:
        db.session.delete(contact)
        counts["contacts"] += 1
    db.session.flush()
    audit("privacy.erased", user=user, **counts)
    return counts
