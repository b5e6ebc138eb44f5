"""Update and cancel notices (METHOD/SEQUENCE/UID) and iTIP replies through receive-mail."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from icalendar import Calendar
from sqlalchemy import select

from netmgr.campaigns import services as campaigns
from netmgr.campaigns.models import CampaignRecipient
from netmgr.events.services import cancel_event, update_event
from netmgr.extensions import db
from netmgr.mail.sender import drain_outbox
from netmgr.registration.models import Registration
from netmgr.registration.services import register


def _calendar(msg):
    part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
    cal = Calendar.from_ical(part.get_payload(decode=True))
    return part.get_param("method"), cal, cal.events[0]


def test_update_then_cancel_reach_the_right_people(app, factory, coordinator, smtp_server):
    event = factory.event(coordinator=coordinator)
    registered = factory.contact(name="Påmeldt")
    waitlisted = factory.contact(name="Venter")
    invited = factory.contact(name="Invitert")
    declined = factory.contact(name="Takket nei")
    gone = factory.contact(name="Avmeldt")
    register(event, registered, by_coordinator=True)
    reg, _ = register(event, waitlisted, by_coordinator=True)
    reg.status = "waitlisted"
    old, _ = register(event, gone, by_coordinator=True)
    old.status, old.cancelled_at = "cancelled", old.created_at
    campaign = campaigns.create_campaign(event, [invited.id, declined.id])
    campaigns.send_campaign(campaign)
    db.session.execute(
        CampaignRecipient.__table__.update()
        .where(CampaignRecipient.contact_id == declined.id)
        .values(response="declined")
    )
    db.session.commit()
    drain_outbox(app)
    before = smtp_server.count()
    seq0 = event.sequence

    update_event(event, {"location": "Tromsø kulturhus"}, user=coordinator)
    db.session.commit()
    assert event.sequence == seq0 + 1
    drain_outbox(app)
    smtp_server.wait_for(before + 2)
    updates = smtp_server.messages[before:]
    assert sorted(m["To"].addresses[0].display_name for m in updates) == ["Påmeldt", "Venter"]
    for msg in updates:
        method, cal, ve = _calendar(msg)
        assert method == "REQUEST" and str(cal["method"]) == "REQUEST"
        assert str(ve["uid"]) == event.uid and int(ve["sequence"]) == seq0 + 1
        assert str(ve["location"]) == "Tromsø kulturhus"

    # a change no calendar sees sends nothing
    mid = smtp_server.count()
    update_event(event, {"description": "Ny tekst"}, user=coordinator)
    db.session.commit()
    assert drain_outbox(app).sent == 0

    cancel_event(event, user=coordinator)
    db.session.commit()
    drain_outbox(app)
    smtp_server.wait_for(mid + 3)
    cancels = smtp_server.messages[mid:]
    assert sorted(m["To"].addresses[0].display_name for m in cancels) == [
        "Invitert",
        "Påmeldt",
        "Venter",
    ]
    for msg in cancels:
        method, cal, ve = _calendar(msg)
        assert method == "CANCEL" and str(cal["method"]) == "CANCEL"
        assert str(ve["uid"]) == event.uid
        assert int(ve["sequence"]) == event.sequence > seq0 + 1
        assert str(ve["status"]) == "CANCELLED"


def _reply(event, email, partstat, method="REPLY"):
    return (
        f"From: {email}\r\nTo: svar@netmgr.lup.no\r\nSubject: Accepted\r\n"
        f"Message-ID: <reply-{partstat}@client.example>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/calendar; method={method}; charset=UTF-8\r\n\r\n"
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Client//EN\r\nMETHOD:{method}\r\n"
        f"BEGIN:VEVENT\r\nUID:{event.uid}\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:{event.sequence}\r\n"
        "ORGANIZER:mailto:svar@netmgr.lup.no\r\n"
        f"ATTENDEE;PARTSTAT={partstat}:mailto:{email}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _receive(app, database_url, raw: bytes) -> str:
    """``netmgr receive-mail`` in-process (Flask's CLI runner, message on stdin)."""
    result = app.test_cli_runner().invoke(args=["receive-mail"], input=raw)
    assert result.exit_code == 0, result.output
    return result.output


def _receive_process(app, database_url, raw: bytes) -> str:
    """``netmgr receive-mail`` as the mail server's pipe runs it: a real process."""
    env = {
        "NETMGR_DATABASE_URL": database_url,
        "NETMGR_SECRET_KEY": app.config["SECRET_KEY"],
        "NETMGR_ENV": "production",
        "NETMGR_INSTANCE_PATH": app.instance_path,
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [sys.executable, "-c", "from netmgr.cli import main; main()", "receive-mail"],
        input=raw,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode()


def test_receive_mail_records_itip_replies_like_the_links(app, factory, database_url):
    event = factory.event(capacity=5)
    yes = factory.contact()
    maybe = factory.contact()
    campaign = campaigns.create_campaign(event, [yes.id, maybe.id])
    campaigns.send_campaign(campaign)
    db.session.commit()

    assert "recorded accepted" in _receive_process(
        app, database_url, _reply(event, yes.email, "ACCEPTED")
    )
    db.session.expire_all()
    _receive(app, database_url, _reply(event, yes.email, "ACCEPTED"))  # twice: no harm
    assert "recorded tentative" in _receive(
        app, database_url, _reply(event, maybe.email, "TENTATIVE")
    )
    # anything else is ignored
    assert "ignored" in _receive(
        app, database_url, _reply(event, "stranger@example.no", "ACCEPTED")
    )
    assert "ignored" in _receive(
        app, database_url, _reply(event, yes.email, "ACCEPTED", method="REQUEST")
    )
    assert "ignored" in _receive(app, database_url, b"Subject: hello\r\n\r\nplain text\r\n")
    db.session.expire_all()
    regs = list(db.session.scalars(select(Registration)))
    assert [(r.contact_id, r.status, r.source) for r in regs] == [
        (yes.id, "confirmed", "invitation")
    ]
    answers = dict(
        db.session.execute(select(CampaignRecipient.contact_id, CampaignRecipient.response)).all()
    )
    assert answers == {yes.id: "accepted", maybe.id: "tentative"}

    # declining in the calendar later cancels the registration
    assert "recorded declined" in _receive(app, database_url, _reply(event, yes.email, "DECLINED"))
    db.session.expire_all()
    assert db.session.scalars(select(Registration)).one().status == "cancelled"
    assert dt.datetime  # (datetime used by helpers in other tests)
