"""One event as iCalendar: the download and the objects the mail feature attaches."""

from __future__ import annotations

import datetime as dt

from netmgr.calendars.ics import event_calendar
from netmgr.core.timeutil import oslo_datetime

from .helpers import cancel, edit, make_event, parse_both, vevents

ICS_TYPE = "text/calendar; charset=utf-8"


def get_ics(client, event):
    resp = client.get(f"/events/{event.id}.ics")
    assert resp.status_code == 200, resp.status
    assert resp.headers["Content-Type"] == ICS_TYPE
    return resp


def test_download_fields_one_by_one(client, app_ctx, network):
    event = make_event(
        "Nettverksmøte velferd",
        network=network,
        location="Rådhuset, Tromsø",
        description="Agenda:\n1. Velkommen\n2. Innovasjon",
        start=oslo_datetime(2027, 3, 10, 9, 0),
    )
    resp = get_ics(client, event)
    assert resp.headers["ETag"].startswith('"') and not resp.headers["ETag"].startswith("W/")
    assert "Last-Modified" in resp.headers
    assert "attachment" in resp.headers["Content-Disposition"]
    ical, vcal = parse_both(resp.data)

    assert str(ical["VERSION"]) == "2.0"
    assert "netmgr" in str(ical["PRODID"])
    assert str(ical["CALSCALE"]) == "GREGORIAN"
    assert "METHOD" not in ical
    (ve,) = ical.walk("VEVENT")
    assert str(ve["UID"]) == event.uid
    assert ve["SEQUENCE"] == 0
    assert ve.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
    assert ve.decoded("LAST-MODIFIED") == event.updated_at.replace(microsecond=0)
    assert str(ve["STATUS"]) == "CONFIRMED"
    assert str(ve["SUMMARY"]) == "Nettverksmøte velferd"
    assert str(ve["URL"]) == f"http://netmgr.test/events/{event.id}"
    assert str(ve["LOCATION"]) == "Rådhuset, Tromsø"
    assert str(ve["ORGANIZER"]) == "mailto:svar@netmgr.lup.no"
    assert ve["ORGANIZER"].params["CN"] == "LUP"
    description = str(ve["DESCRIPTION"])
    assert description.startswith("Agenda:\n1. Velkommen\n2. Innovasjon")
    assert f"http://netmgr.test/events/{event.id}" in description
    assert "<" not in description
    assert ve.start == oslo_datetime(2027, 3, 10, 9, 0)
    assert ve.end == oslo_datetime(2027, 3, 10, 11, 0)
    assert ve["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert [str(tz["TZID"]) for tz in ical.walk("VTIMEZONE")] == ["Europe/Oslo"]

    (vv,) = vevents(vcal)
    assert vv.uid.value == event.uid
    assert vv.sequence.value == "0"
    assert vv.summary.value == "Nettverksmøte velferd"
    assert vv.location.value == "Rådhuset, Tromsø"
    assert vv.status.value == "CONFIRMED"
    assert vv.dtstart.value == oslo_datetime(2027, 3, 10, 9, 0)
    assert vv.description.value == description


def test_draft_and_unknown_events_give_404(client, app_ctx):
    draft = make_event("Utkast", status="draft")
    assert client.get(f"/events/{draft.id}.ics").status_code == 404
    assert client.get("/events/999999.ics").status_code == 404


def test_edit_raises_sequence_and_cancel_keeps_uid(client, app_ctx):
    event = make_event("Møteplass")
    uid = event.uid
    first = get_ics(client, event)
    edit(
        event,
        starts_at=event.starts_at + dt.timedelta(hours=1),
        ends_at=event.ends_at + dt.timedelta(hours=1),
    )
    second = get_ics(client, event)
    assert second.headers["ETag"] != first.headers["ETag"]
    ical, vcal = parse_both(second.data)
    (ve,) = ical.walk("VEVENT")
    assert str(ve["UID"]) == uid and ve["SEQUENCE"] == 1
    assert vevents(vcal)[0].sequence.value == "1"

    cancel(event)
    third = get_ics(client, event)
    ical, vcal = parse_both(third.data)
    (ve,) = ical.walk("VEVENT")
    assert str(ve["UID"]) == uid
    assert ve["SEQUENCE"] == 2
    assert str(ve["STATUS"]) == "CANCELLED"
    assert vevents(vcal)[0].status.value == "CANCELLED"
    assert vevents(vcal)[0].uid.value == uid


def test_download_conditional_get(client, app_ctx):
    event = make_event()
    first = get_ics(client, event)
    again = client.get(f"/events/{event.id}.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_summer_and_winter_offsets(client, app_ctx):
    summer = make_event("Sommermøte", start=oslo_datetime(2027, 6, 15, 10, 0))
    winter = make_event("Vintermøte", start=oslo_datetime(2027, 1, 15, 10, 0))
    for event, offset, name in ((summer, 2, "CEST"), (winter, 1, "CET")):
        body = get_ics(client, event).data
        ical, vcal = parse_both(body)
        (ve,) = ical.walk("VEVENT")
        assert ve.start.utcoffset() == dt.timedelta(hours=offset)
        assert ve.start.hour == 10
        assert vevents(vcal)[0].dtstart.value.utcoffset() == dt.timedelta(hours=offset)
        assert vevents(vcal)[0].dtstart.value.hour == 10
        (tz,) = ical.walk("VTIMEZONE")
        assert str(tz["TZID"]) == "Europe/Oslo"
        offsets = {sub["TZOFFSETTO"].td for sub in tz.subcomponents}
        assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
        assert f"TZNAME:{name}".encode() in body
        assert b"DTSTART;TZID=Europe/Oslo:" in body


def test_across_the_dst_change(app_ctx):
    # Starts in winter time, ends after the spring change (last Sunday of March 2027).
    event = make_event("Over natten", start=oslo_datetime(2027, 3, 27, 22, 0), hours=12)
    ical, vcal = parse_both(event_calendar(event).to_ical())
    (ve,) = ical.walk("VEVENT")
    assert ve.start.utcoffset() == dt.timedelta(hours=1)
    assert ve.end.utcoffset() == dt.timedelta(hours=2)
    assert ve.end.astimezone(dt.UTC) - ve.start.astimezone(dt.UTC) == dt.timedelta(hours=12)
    assert ve.end.hour == 11  # wall clock after the change
    assert vevents(vcal)[0].dtend.value.utcoffset() == dt.timedelta(hours=2)


def test_norwegian_and_sami_letters_round_trip(client, app_ctx):
    title = "Møte i Guovdageaidnu – æøå ÆØÅ Áŋđšŧž čʒǯ"
    place = "Kulturhuset, Kárášjohka/Karasjok"
    text = "Velkommen! Buorre beaivi – ášši ŋ đ ŧ ž ÆØÅ."
    event = make_event(title, location=place, description=text)
    body = get_ics(client, event).data
    body.decode("utf-8")  # valid UTF-8 throughout, also where lines are folded
    ical, vcal = parse_both(body)
    (ve,) = ical.walk("VEVENT")
    assert str(ve["SUMMARY"]) == title
    assert str(ve["LOCATION"]) == place
    assert str(ve["DESCRIPTION"]).startswith(text)
    vv = vevents(vcal)[0]
    assert vv.summary.value == title
    assert vv.location.value == place
    assert vv.description.value.startswith(text)


def test_crlf_and_folding(client, app_ctx):
    long_title = "Markedsdialog om velferdsteknologi for små kommuner i Nord-Norge – " * 3
    event = make_event(long_title.strip(), description="Lang tekst med æøå. " * 40)
    body = get_ics(client, event).data
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), max(len(line) for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # folded continuation lines
    ical, vcal = parse_both(body)
    assert str(ical.walk("VEVENT")[0]["SUMMARY"]) == long_title.strip()
    assert vevents(vcal)[0].summary.value == long_title.strip()


def test_online_event_has_conference_and_location(client, app_ctx):
    event = make_event("Webinar", kind="webinar", online_url="https://teams.example/meet/123")
    body = get_ics(client, event).data
    ical, vcal = parse_both(body)
    (ve,) = ical.walk("VEVENT")
    assert str(ve["URL"]) == f"http://netmgr.test/events/{event.id}"
    assert str(ve["LOCATION"]) == "https://teams.example/meet/123"
    conference = ve["CONFERENCE"]
    assert str(conference) == "https://teams.example/meet/123"
    assert conference.params["VALUE"] == "URI"
    assert "https://teams.example/meet/123" in str(ve["DESCRIPTION"])
    assert vevents(vcal)[0].conference.value == "https://teams.example/meet/123"


def test_itip_request_and_cancel(app_ctx, contact):
    event = make_event("Invitasjon")
    request = event_calendar(event, method="REQUEST", attendee=contact).to_ical()
    ical, vcal = parse_both(request)
    assert str(ical["METHOD"]) == "REQUEST"
    (ve,) = ical.walk("VEVENT")
    attendee = ve["ATTENDEE"]
    assert str(attendee) == "mailto:aile@kautokeino.kommune.no"
    assert attendee.params["RSVP"] == "TRUE"
    assert attendee.params["CN"] == "Áile Ŋuvttá"
    assert str(ve["ORGANIZER"]) == "mailto:svar@netmgr.lup.no"
    assert vcal.method.value == "REQUEST"

    cancel(event)
    message = event_calendar(event, method="CANCEL").to_ical()
    ical, vcal = parse_both(message)
    (ve,) = ical.walk("VEVENT")
    assert str(ical["METHOD"]) == "CANCEL"
    assert str(ve["UID"]) == event.uid
    assert ve["SEQUENCE"] == 1
    assert str(ve["STATUS"]) == "CANCELLED"
    assert vevents(vcal)[0].status.value == "CANCELLED"


def test_download_etag_follows_theme_tags(client, app_ctx):
    from .helpers import theme

    event = make_event()
    first = get_ics(client, event)
    event.themes.append(theme("mobility"))
    edit(event)
    second = get_ics(client, event)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert "Mobilitet og transport" in str(
        parse_both(second.data)[0].walk("VEVENT")[0]["CATEGORIES"].cats
    )
