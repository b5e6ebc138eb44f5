"""Builders for the privacy tests: two people with contacts, registrations, invitations,
mails (rows and .eml files), calendar links and audit entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netmgr.calendars.models import CalendarSubscription
from netmgr.campaigns.models import Campaign, CampaignRecipient
from netmgr.core.audit import audit
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.mail.journal import journal_dir
from netmgr.mail.outbox import enqueue
from netmgr.mail.transport import eml_name, mail_dir
from netmgr.organizations.models import Contact
from netmgr.registration.models import Registration
from tests import factories


def person(org, email, name, *, phone="+47 900 00 000", title="Innkjøpsrådgiver"):
    contact = Contact(organization=org, name=name, email=email, phone=phone, title=title)
    db.session.add(contact)
    db.session.flush()
    return contact


def sent_mail(contact, subject, *, sent_days_ago=1, kind="registration.confirmed"):
    """A sent outbox row and its .eml file (the embedded file backend)."""
    msg = enqueue(
        kind=kind,
        to_address=contact.email,
        to_name=contact.name,
        subject=subject,
        body_text=f"Hei {contact.name}",
        body_html=f"<p>Hei {contact.name}</p>",
        contact_id=contact.id,
    )
    db.session.flush()
    msg.state = "sent"
    msg.sent_at = utcnow() - dt.timedelta(days=sent_days_ago)
    path = Path(mail_dir()) / eml_name(msg.id, msg.message_id)
    path.write_text(f"To: {contact.email}\n\nHei {contact.name}\n")
    return msg, path


@pytest.fixture(autouse=True)
def _empty_mail_folders(app):
    """The mail and journal folders belong to the session's app: start each test empty."""
    with app.app_context():
        for folder in (Path(mail_dir()), journal_dir()):
            if folder.exists():
                for path in folder.iterdir():
                    if path.is_file():
                        path.unlink()
    yield


@pytest.fixture
def world(app_ctx):
    """Kari (the person) and Ola (someone else) at the same municipality."""
    org = factories.municipality(name="Voss", population=16000)
    past = factories.event("Nettverksmøte i fjor", days=-30)
    future = factories.event("Møteplass neste måned", days=30, capacity=1)
    kari = person(org, "kari@voss.kommune.no", "Kari Nordmann")
    ola = person(org, "ola@voss.kommune.no", "Ola Hansen")
    kari_past = Registration(
        event=past, contact=kari, organization=org, status="confirmed", attendance="attended"
    )
    ola_past = Registration(
        event=past, contact=ola, organization=org, status="confirmed", attendance="attended"
    )
    kari_future = Registration(
        event=future, contact=kari, organization=org, status="confirmed", confirmed_at=utcnow()
    )
    ola_waiting = Registration(
        event=future,
        contact=ola,
        organization=org,
        status="waitlisted",
        waitlisted_at=utcnow(),
    )
    db.session.add_all([kari_past, ola_past, kari_future, ola_waiting])
    campaign = Campaign(event=future, name="Invitasjon Voss", status="sent")
    db.session.add(campaign)
    db.session.flush()
    db.session.add_all(
        [
            CampaignRecipient(
                campaign=campaign, contact=kari, organization_id=org.id, response="accepted"
            ),
            CampaignRecipient(campaign=campaign, contact=ola, organization_id=org.id),
        ]
    )
    kari_mail, kari_file = sent_mail(kari, "Bekreftelse til Kari")
    ola_mail, ola_file = sent_mail(ola, "Bekreftelse til Ola")
    sub, _token = CalendarSubscription.issue(org, kari)
    db.session.flush()
    audit("contact.updated", kari, email=kari.email, name=kari.name)
    audit("contact.updated", ola, email=ola.email, name=ola.name)
    db.session.commit()
    return {
        "org": org,
        "past": past,
        "future": future,
        "kari": kari,
        "ola": ola,
        "kari_file": kari_file,
        "ola_file": ola_file,
        "ola_waiting": ola_waiting,
        "kari_id": kari.id,
        "ola_id": ola.id,
    }
