"""The outbox sender against a real SMTP server (and the embedded file mode)."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from netmgr.calendars.ics import itip_text
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.mail.compose import queue_mail
from netmgr.mail.models import OutboxMessage
from netmgr.mail.sender import drain_outbox


def _queue(factory, n, **kw):
    event = factory.event()
    rows = []
    for _ in range(n):
        contact = factory.contact(**kw)
        language = contact.effective_language
        ics = itip_text(event, "REQUEST", language=language, attendee=contact)
        rows.append(
            queue_mail(
                "test.notice",
                contact,
                "notice_updated",
                language=language,
                event=event,
                ics=ics,
                ics_method="REQUEST",
            )
        )
    db.session.commit()
    return rows


def _states():
    db.session.expire_all()
    return {
        m.to_address: (m.state, m.last_error, m.attempts)
        for m in db.session.scalars(select(OutboxMessage))
    }


def test_file_mode_writes_eml_and_coordinator_page_shows_it(
    app, factory, client, coordinator, tmp_path
):
    app.config["MAIL_FILE_DIR"] = str(tmp_path / "mail")
    try:
        rows = _queue(factory, 2)
        result = drain_outbox(app)
        assert result.sent == 2
        files = sorted((tmp_path / "mail").glob("*.eml"))
        assert len(files) == 2
        assert all(state == "sent" for state, _, _ in _states().values())

        assert client.get("/coordinator/mail").status_code in (302, 401)  # sign-in first
        client.post("/login", data={"email": coordinator.email, "password": "riktig-passord-123"})
        page = client.get("/coordinator/mail")
        assert page.status_code == 200
        assert rows[0].subject in page.get_data(as_text=True)
        detail = client.get(f"/coordinator/mail/{files[0].name}")
        assert detail.status_code == 200
        assert "text/calendar" in detail.get_data(as_text=True)
        assert "+0000" not in page.get_data(as_text=True)  # the Date header in Oslo time
        # the HTML part in a sandboxed frame, from its own response with its own policy (the
        # page's policy would block the mail's inline styles)
        [frame] = re.findall(r'<iframe[^>]* sandbox src="([^"]+)"', detail.get_data(as_text=True))
        html = client.get(frame)
        assert html.status_code == 200 and "<p>" in html.get_data(as_text=True)
        policy = html.headers["Content-Security-Policy"]
        assert "style-src 'unsafe-inline'" in policy and "sandbox" in policy
        assert "script-src" not in policy and "default-src 'none'" in policy
        assert client.get(frame.rsplit("/", 1)[0] + "/0").status_code == 404  # the text part
        assert client.get("/coordinator/mail/..%2Fsecret_key").status_code == 404
        # draining again sends nothing twice
        assert drain_outbox(app).sent == 0
        assert len(list((tmp_path / "mail").glob("*.eml"))) == 2
    finally:
        app.config["MAIL_FILE_DIR"] = str(app.instance_path) + "/mail"


def test_smtp_one_connection_one_recipient_each(app, factory, smtp_server):
    rows = _queue(factory, 5)
    result = drain_outbox(app)
    assert result.sent == 5
    smtp_server.wait_for(5)
    messages = smtp_server.messages
    assert sorted(m["Message-ID"] for m in messages) == sorted(r.message_id for r in rows)
    assert all(len(m["To"].addresses) == 1 for m in messages)
    assert all(state == "sent" for state, _, _ in _states().values())


def test_permanent_failure_fails_only_that_address(app, factory, smtp_server):
    rows = _queue(factory, 4)
    bad = rows[1].to_address
    smtp_server.refuse[bad] = "550 5.1.1 No such user here"
    result = drain_outbox(app)
    assert (result.sent, result.failed) == (3, 1)
    smtp_server.wait_for(3)
    states = _states()
    assert states[bad][0] == "failed"
    assert "550" in states[bad][1] and "No such user" in states[bad][1]
    assert sorted(a for a, s in states.items() if s[0] == "sent") == sorted(
        r.to_address for r in rows if r.to_address != bad
    )
    assert bad not in [m["To"].addresses[0].addr_spec for m in smtp_server.messages]


def test_temporary_failure_retries_with_backoff(app, factory, smtp_server):
    rows = _queue(factory, 3)
    busy = rows[0].to_address
    smtp_server.refuse[busy] = "451 4.3.0 Try again later"
    start = utcnow()
    result = drain_outbox(app, now=start)
    assert (result.sent, result.retried, result.failed) == (2, 1, 0)
    db.session.expire_all()
    row = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == busy)).one()
    assert (row.state, row.attempts) == ("pending", 1)
    assert row.next_attempt_at > start
    # not due yet: nothing happens
    assert drain_outbox(app, now=start + dt.timedelta(seconds=1)).sent == 0
    del smtp_server.refuse[busy]
    assert drain_outbox(app, now=start + dt.timedelta(hours=1)).sent == 1
    smtp_server.wait_for(3)
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp_server.messages) == sorted(
        r.to_address for r in rows
    )
    # the second failure waits twice as long as the first (exponential backoff)
    from netmgr.mail.sender import backoff

    with app.app_context():
        assert backoff(2) == 2 * backoff(1) and backoff(30) == dt.timedelta(hours=6)


def test_bad_address_is_a_permanent_failure(app, factory, smtp_server):
    rows = _queue(factory, 1)
    db.session.execute(OutboxMessage.__table__.update().values(to_address="not-an-address"))
    db.session.commit()
    result = drain_outbox(app)
    assert result.failed == 1 and smtp_server.count() == 0
    assert _states()["not-an-address"][0] == "failed"
    assert rows


def test_connection_refused_keeps_messages_pending(app, factory, smtp_server):
    _queue(factory, 3)
    smtp_server.stop()
    now = utcnow()
    result = drain_outbox(app, now=now)
    assert result.sent == 0
    assert {s[0] for s in _states().values()} == {"pending"}
    smtp_server.start()
    assert drain_outbox(app, now=now + dt.timedelta(hours=1)).sent == 3
    smtp_server.wait_for(3)


def test_send_mail_cli_once(app, factory, smtp_server):
    _queue(factory, 2)
    result = app.test_cli_runner().invoke(args=["send-mail", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output
    smtp_server.wait_for(2)
    again = app.test_cli_runner().invoke(args=["send-mail", "--once"])
    assert "sent 0" in again.output and smtp_server.count() == 2
