"""Issue 12.7: personal registration links are opaque random tokens, stored only as SHA-256,
valid until 30 days after the event, and ended by erasure."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.privacy.erasure import erase_person
from netmgr.registration import services
from netmgr.registration.links import VALID_AFTER_EVENT, find_link
from netmgr.registration.models import Registration, RegistrationLink

from .conftest import supplier_data

TOKEN = re.compile(r"/registrations/(?:cancel/)?([A-Za-z0-9_-]{43})(?=[\s\"'<]|$)")


def _register(client, event) -> str:
    resp = client.post(f"/events/{event.id}/register/supplier", data=supplier_data())
    assert resp.status_code == 303
    return TOKEN.search(resp.headers["Location"]).group(1)


def test_the_link_is_random_and_only_its_hash_is_stored(client, make_event, outbox):
    event = make_event()
    token = _register(client, event)
    [link] = db.session.scalars(select(RegistrationLink)).all()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    [queued] = db.session.scalars(select(OutboxMessage)).all()
    assert token not in repr(queued.render_args)  # the queued row holds no link
    assert client.get(f"/registrations/{token}").status_code == 200

    [mail] = outbox("registration.confirmed")  # composed now: a link of its own
    [mailed] = set(TOKEN.findall(mail.body_text))
    assert mailed != token and mailed in (mail.body_html or "")
    assert mail.render_args is None
    assert client.get(f"/registrations/cancel/{mailed}").status_code == 200
    assert client.get(f"/registrations/{token}").status_code == 200  # the first still works
    hashes = set(db.session.scalars(select(RegistrationLink.token_hash)))
    assert hashes == {hashlib.sha256(t.encode()).hexdigest() for t in (token, mailed)}


def test_links_work_until_30_days_after_the_event(client, make_event):
    event = make_event()
    token = _register(client, event)
    end = event.ends_at + VALID_AFTER_EVENT
    assert find_link(token, now=end - dt.timedelta(seconds=1)).problem is None
    assert find_link(token, now=end).problem == "expired"

    past = utcnow() - VALID_AFTER_EVENT - dt.timedelta(days=1)
    event.starts_at, event.ends_at = past - dt.timedelta(hours=2), past  # moved: expiry follows
    db.session.commit()
    for url in (f"/registrations/{token}", f"/registrations/cancel/{token}"):
        page = client.get(url)
        assert page.status_code == 410 and "Lenken er utløpt" in page.get_data(as_text=True)
    resp = client.post(f"/registrations/cancel/{token}")
    assert resp.status_code == 410
    db.session.expire_all()
    assert db.session.scalar(select(Registration.status)) == "confirmed"  # nothing changed


def test_unknown_and_old_signed_links_are_refused_without_a_500(
    app, client, make_event, make_contact
):
    event = make_event()
    reg, _ = services.register(event, make_contact())
    db.session.commit()
    old = URLSafeSerializer(app.config["SECRET_KEY"], salt="registration-cancel").dumps(
        {"r": reg.id, "c": reg.contact_id}
    )  # the links mailed before this change: readable ids, no expiry
    for token in (old, "x" * 43, "A" * 5000, "%00", "\u00b2"):
        for url in (f"/registrations/{token}", f"/registrations/cancel/{token}"):
            page = client.get(url)
            assert page.status_code == 404, url
            assert "Lenken virker ikke" in page.get_data(as_text=True)
        assert client.get(f"/registrations/{token}/calendar.ics").status_code == 404


def test_erasure_revokes_the_links(client, make_event):
    event = make_event()
    token = _register(client, event)
    email = db.session.scalar(select(Registration)).contact.email
    counts = erase_person(email)
    db.session.commit()
    assert counts["tokens_revoked"] >= 1
    page = client.get(f"/registrations/{token}")
    assert page.status_code == 410 and "ikke lenger gyldig" in page.get_data(as_text=True)
    assert client.post(f"/registrations/cancel/{token}").status_code == 410
