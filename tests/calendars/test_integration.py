"""The calendar feature with the real event services and the mail composer."""

from __future__ import annotations

import datetime as dt

from netmgr.calendars.ics import itip_text
from netmgr.calendars.models import CalendarState
from netmgr.events import services as event_services
from netmgr.extensions import db
from netmgr.mail.compose import queue_mail

from .helpers import by_uid, make_event, parse_both, vevents


def state_version() -> int:
    db.session.expire_all()
    state = db.session.get(CalendarState, 1)
    return state.version if state else 0


def test_services_edit_and_cancel_reach_the_feed(client, app_ctx):
    event = make_event("Nettverksmøte")
    first = client.get("/calendar/all.ics")
    version = state_version()

    event_services.update_event(
        event,
        {
            "title": "Nettverksmøte (ny tid)",
            "starts_at": event.starts_at + dt.timedelta(hours=2),
            "ends_at": event.ends_at + dt.timedelta(hours=2),
        },
    )
    db.session.commit()
    assert state_version() == version + 1
    second = client.get("/calendar/all.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    ve = by_uid(parse_both(second.data)[0], event.uid)
    assert ve["SEQUENCE"] == 1 and str(ve["SUMMARY"]) == "Nettverksmøte (ny tid)"

    event_services.cancel_event(event)
    db.session.commit()
    assert state_version() == version + 2
    third = client.get("/calendar/all.ics", headers={"If-None-Match": second.headers["ETag"]})
    assert third.status_code == 200
    ical, vcal = parse_both(third.data)
    ve = by_uid(ical, event.uid)
    assert str(ve["STATUS"]) == "CANCELLED" and ve["SEQUENCE"] == 2
    assert vevents(vcal)[0].status.value == "CANCELLED"


def test_invitation_mail_carries_request_with_rsvp(app_ctx, contact):
    event = make_event("Invitasjon til møteplass")
    with app_ctx.test_request_context("/"):
        msg = queue_mail(
            "test.invitation",
            contact,
            "calendar_subscription",
            language=contact.effective_language,
            event=event,
            ics=itip_text(event, "REQUEST", language=contact.effective_language, attendee=contact),
            ics_method="REQUEST",
            organization=contact.organization,
            feed_url="https://x",
            webcal_url="webcal://x",
        )
    ical, vcal = parse_both(msg.ics.encode())
    assert str(ical["METHOD"]) == "REQUEST"
    ve = by_uid(ical, event.uid)
    assert ve["ATTENDEE"].params["RSVP"] == "TRUE"
    assert str(ve["ORGANIZER"]) == "mailto:svar@netmgr.lup.no"
    assert vcal.vevent.attendee.params["RSVP"] == ["TRUE"]
