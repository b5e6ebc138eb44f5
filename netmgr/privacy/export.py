"""Access export (innsyn): everything netmgr holds about one person, found by e-mail address.

:func:`person_data` returns the JSON document of the API; :func:`export_zip` wraps it with a
readable HTML page. Both look at the same rows that erasure removes (:func:`find_person`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field

from flask import render_template
from sqlalchemy import String, and_, cast, func, or_, select

from ..calendars.models import CalendarSubscription
from ..campaigns.models import CampaignRecipient
from ..core.audit import AuditEntry, audit
from ..extensions import db
from ..mail.models import OutboxMessage
from ..organizations.models import Contact
from ..registration.models import Registration

SECTIONS = ("contacts", "registrations", "campaign_recipients", "mails", "subscriptions", "audit")


def normalise(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


@dataclass
class Person:
    """The rows about one address (empty lists for an unknown one)."""

    email: str
    contacts: list = field(default_factory=list)
    registrations: list = field(default_factory=list)
    campaign_recipients: list = field(default_factory=list)
    mails: list = field(default_factory=list)
    subscriptions: list = field(default_factory=list)
    audit: list = field(default_factory=list)

    @property
    def contact_ids(self) -> list[int]:
        return [c.id for c in self.contacts]


def find_person(email: str) -> Person:
    address = normalise(email)
    person = Person(email=address)
    if not address or "@" not in address:
        return person
    person.contacts = db.session.scalars(
        select(Contact).where(func.lower(Contact.email) == address).order_by(Contact.id)
    ).all()
    ids = person.contact_ids
    if ids:
        person.registrations = db.session.scalars(
            select(Registration).where(Registration.contact_id.in_(ids)).order_by(Registration.id)
        ).all()
        person.campaign_recipients = db.session.scalars(
            select(CampaignRecipient)
            .where(CampaignRecipient.contact_id.in_(ids))
            .order_by(CampaignRecipient.id)
        ).all()
        person.subscriptions = db.session.scalars(
            select(CalendarSubscription)
            .where(CalendarSubscription.contact_id.in_(ids))
            .order_by(CalendarSubscription.id)
        ).all()
    mail_match = func.lower(OutboxMessage.to_address) == address
    if ids:
        mail_match = or_(mail_match, OutboxMessage.contact_id.in_(ids))
    person.mails = db.session.scalars(
        select(OutboxMessage).where(mail_match).order_by(OutboxMessage.id)
    ).all()
    person.audit = db.session.scalars(
        select(AuditEntry).where(audit_about(person)).order_by(AuditEntry.id)
    ).all()
    return person


def audit_about(person: Person):
    """Audit entries about the person: their contact, registrations, invitations, or naming
    their address in the details."""
    # JSON text quotes every string, so the quoted address matches it whole, not a part of
    # a longer address.
    quoted = f'"{person.email}"'
    about = [func.lower(cast(AuditEntry.data, String)).contains(quoted, autoescape=True)]
    for table, ids in (
        ("contacts", person.contact_ids),
        ("registrations", [r.id for r in person.registrations]),
        ("campaign_recipients", [r.id for r in person.campaign_recipients]),
        ("calendar_subscriptions", [s.id for s in person.subscriptions]),
    ):
        if ids:
            about.append(and_(AuditEntry.object_type == table, AuditEntry.object_id.in_(ids)))
    return or_(*about)


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _columns(row, names: str) -> dict:
    """The columns of ``row`` named in ``names`` (space-separated, as namedtuple takes them) as
    they are stored, times as ISO 8601 text."""
    values = {name: getattr(row, name) for name in names.split()}
    return {
        name: _time(value) if isinstance(value, dt.datetime) else value
        for name, value in values.items()
    }


def _contact(c: Contact) -> dict:
    return {
        **_columns(c, "id name email phone title language"),
        "organization": c.organization.name if c.organization else None,
        **_columns(c, "opted_out opted_out_at note created_at updated_at"),
    }


def _registration(r: Registration) -> dict:
    return {
        "id": r.id,
        "event": r.event.title,
        "event_starts_at": _time(r.event.starts_at),
        "organization": r.organization.name,
        **_columns(r, "role status attendance source"),
        **_columns(r, "solution_title solution_description privacy_notice_version"),
        **_columns(r, "created_at confirmed_at waitlisted_at cancelled_at"),
    }


def _recipient(r: CampaignRecipient) -> dict:
    return {
        "id": r.id,
        "campaign": r.campaign.name,
        "event": r.campaign.event.title if r.campaign.event else None,
        **_columns(r, "language response responded_at response_via sends"),
    }


def _mail(m: OutboxMessage) -> dict:
    return _columns(
        m, "id kind to_address to_name subject body_text body_html state created_at sent_at"
    )


def _subscription(s: CalendarSubscription) -> dict:
    return {
        "id": s.id,
        "organization": s.organization.name,
        **_columns(s, "prefix created_at revoked_at"),
    }


def _audit(a: AuditEntry) -> dict:
    return _columns(a, "id at action object_type object_id data")


def as_document(person: Person) -> dict:
    return {
        "contacts": [_contact(c) for c in person.contacts],
        "registrations": [_registration(r) for r in person.registrations],
        "campaign_recipients": [_recipient(r) for r in person.campaign_recipients],
        "mails": [_mail(m) for m in person.mails],
        "subscriptions": [_subscription(s) for s in person.subscriptions],
        "audit": [_audit(a) for a in person.audit],
    }


def person_data(email: str, *, user=None, via: str = "api") -> dict:
    """The export document; audited without the address (counts and contact ids only)."""
    person = find_person(email)
    document = as_document(person)
    audit(
        "privacy.exported",
        user=user,
        via=via,
        contact_ids=person.contact_ids,
        **{key: len(document[key]) for key in SECTIONS},
    )
    return document


def export_zip(email: str, *, user=None, via: str = "page") -> bytes:
    """A ZIP with ``data.json`` and ``index.html`` (the same data, readable)."""
    document = person_data(email, user=user, via=via)
    html = render_template("privacy/export.html", data=document, email=normalise(email))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        archive.writestr("index.html", html)
    return buffer.getvalue()
