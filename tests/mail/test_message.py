"""Message building: MIME structure, headers, iTIP parts, read back with the email parser."""

from __future__ import annotations

from icalendar import Calendar

from netmgr.calendars.ics import itip_text
from netmgr.extensions import db
from netmgr.mail.compose import queue_mail
from netmgr.mail.message import build_message

from .conftest import parse


def test_invitation_structure_headers_and_calendar(app, factory, coordinator):
    event = factory.event(coordinator=coordinator)
    contact = factory.contact(name="Åse Ærlig-Øvrebø")
    row = queue_mail(
        "test.invite",
        contact,
        "notice_updated",
        language=contact.effective_language,
        event=event,
        ics=itip_text(event, "REQUEST", language=contact.effective_language, attendee=contact),
        ics_method="REQUEST",
        unsubscribe=True,
    )
    db.session.commit()
    msg = parse(build_message(row, sender=app.config["MAIL_DEFAULT_SENDER"]))

    assert msg["To"].addresses[0].addr_spec == contact.email
    assert msg["To"].addresses[0].display_name == "Åse Ærlig-Øvrebø"
    assert msg["From"].addresses[0].addr_spec == "noreply@netmgr.lup.no"
    assert msg["Reply-To"] == coordinator.email
    assert msg["Message-ID"] == row.message_id
    assert msg["Date"].datetime is not None
    assert msg["List-Unsubscribe"].startswith("<http://netmgr.test/mail/unsubscribe/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Cc"] is None and msg["Bcc"] is None

    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    text, html, cal_part = alternative.get_payload()
    assert text.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    assert cal_part.get_content_type() == "text/calendar"
    assert cal_part.get_param("method") == "REQUEST"
    assert cal_part.get_param("charset").upper() == "UTF-8"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert event.title in text.get_content()
    assert "Åse Ærlig-Øvrebø" in html.get_content()

    cal = Calendar.from_ical(cal_part.get_payload(decode=True))
    assert str(cal["method"]) == "REQUEST"
    (ve,) = cal.events
    assert str(ve["uid"]) == event.uid
    assert int(ve["sequence"]) == event.sequence
    assert str(ve["organizer"]) == "mailto:" + app.config["RSVP_ADDRESS"]
    attendee = ve["attendee"]
    assert str(attendee) == "mailto:" + contact.email
    assert attendee.params["RSVP"] == "TRUE"
    assert cal_part.get_payload(decode=True) == attachment.get_payload(decode=True)


def test_plain_message_without_calendar_is_alternative(app, factory):
    contact = factory.contact()
    event = factory.event()
    row = queue_mail(
        "test.plain", contact, "notice_updated", language=contact.effective_language, event=event
    )
    db.session.commit()
    msg = parse(build_message(row, sender=app.config["MAIL_DEFAULT_SENDER"]))
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.get_payload()] == ["text/plain", "text/html"]
    assert msg["List-Unsubscribe"] is None


def test_language_follows_contact_then_written_standard(app, factory):
    """nynorsk municipality → nn; own preference wins; suppliers may choose English."""
    event = factory.event()
    # a Monday keeps weekday names apart: mandag (nb), måndag (nn), Monday (en)
    import datetime as dt

    start = event.starts_at
    while start.weekday() != 0:
        start += dt.timedelta(days=1)
    event.starts_at, event.ends_at = start, start + dt.timedelta(hours=6)
    nn_org = factory.org(standard="nn")
    neutral = factory.org(standard="neutral")
    supplier = factory.org(kind="supplier", name="Leverandør AS")
    cases = [
        (factory.contact(nn_org), "nn", "måndag"),
        (factory.contact(neutral), "nb", "mandag"),
        (factory.contact(nn_org, language="nb"), "nb", "mandag"),
        (factory.contact(supplier, language="en"), "en", "Monday"),
    ]
    for contact, language, weekday in cases:
        row = queue_mail(
            "test.lang",
            contact,
            "notice_updated",
            language=contact.effective_language,
            event=event,
        )
        db.session.commit()
        msg = parse(build_message(row, sender=app.config["MAIL_DEFAULT_SENDER"]))
        assert msg["Content-Language"] == language
        text = msg.get_body(("plain",)).get_content()
        assert weekday in text, (language, text)
        assert f'lang="{language}"' in msg.get_body(("html",)).get_content()
