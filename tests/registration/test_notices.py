"""The confirmation is queued in the registration's transaction and composed by the sender:
never lost once committed, never sent for a rolled-back registration."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.mail.sender import drain_outbox
from netmgr.registration import services


def _outbox_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_rolled_back_registration_sends_no_mail(app, smtp_server, make_event, make_contact):
    event = make_event(capacity=5)
    contact = make_contact()
    services.register(event, contact)
    db.session.rollback()
    assert _outbox_rows() == 0
    assert drain_outbox(app).sent == 0
    assert smtp_server.messages == []


def test_committed_registration_is_mailed_by_the_sender(app, smtp_server, make_event, make_contact):
    event = make_event(capacity=5)
    contact = make_contact()
    reg, _ = services.register(event, contact)
    db.session.commit()
    row = db.session.scalar(select(OutboxMessage))
    assert row.renderer == "registration" and row.body_text == ""  # composed later
    assert drain_outbox(app).sent == 1
    [message] = smtp_server.messages
    assert message["To"].addresses[0].addr_spec == contact.email
    assert "Påmeldingen er bekreftet" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    token = re.search(r"/registrations/cancel/([A-Za-z0-9_-]{43})\s", text).group(1)
    assert services.find_link(token).registration.id == reg.id  # the mail's own link
    calendar = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert calendar and "METHOD:PUBLISH" in calendar[0].get_content()
