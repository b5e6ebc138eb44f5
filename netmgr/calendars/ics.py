"""Building iCalendar objects for one event (download, iTIP mail) — the one place that does it."""
from __future__ import annotations

from flask import current_app, url_for
from icalendar import Calendar, Event as VEvent, vCalAddress, vText

from ..core.timeutil import OSLO


def event_component(event) -> VEvent:
    """The VEVENT of an event, with its stable UID and current SEQUENCE."""
    ve = VEvent()
    ve.add("uid", event.uid)
    ve.add("dtstamp", event.updated_at)
    ve.add("sequence", event.sequence)
    ve.add("last-modified", event.updated_at)
    ve.add("summary", event.title)
    ve.add("dtstart", event.starts_at.astimezone(OSLO))
    ve.add("dtend", event.ends_at.astimezone(OSLO))
    ve.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    if event.location:
        ve.add("location", event.location)
    if event.description:
        ve.add("description", event.description)
    base = current_app.config["BASE_URL"].rstrip("/")
    ve.add("url", f"{base}/events/{event.id}")
    organizer = vCalAddress("mailto:" + current_app.config["RSVP_ADDRESS"])
    organizer.params["cn"] = vText("LUP")
    ve.add("organizer", organizer)
    return ve


def event_calendar(event, *, method: str | None = None, attendee=None) -> Calendar:
    """A calendar holding one event; with ``method`` (REQUEST/CANCEL) an iTIP message.

    ``attendee`` is a Contact; it is added with RSVP=TRUE for invitations.
    """
    cal = Calendar()
    cal.add("prodid", "-//LUP//netmgr//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    ve = event_component(event)
    if attendee is not None:
        addr = vCalAddress("mailto:" + attendee.email)
        addr.params["cn"] = vText(attendee.name)
        addr.params["rsvp"] = "TRUE"
        addr.params["partstat"] = "NEEDS-ACTION"
        addr.params["role"] = "REQ-PARTICIPANT"
        ve.add("attendee", addr)
    cal.add_component(ve)
    cal.add_missing_timezones()
    return cal
