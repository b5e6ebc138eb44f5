"""Building iCalendar objects (download, feeds, iTIP mail) — the one place that does it.

Output is deterministic for a given database state (DTSTAMP of a published object is the
event's last change, as RFC 5545 allows without METHOD), so that every worker process builds
byte-identical feeds and a strong ETag stays honest.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from icalendar import Calendar, Conference, vCalAddress, vText
from icalendar import Event as VEvent
from icalendar.parser import Contentlines

from ..core.timeutil import OSLO, utcnow

#: How often subscribed clients should poll
REFRESH_INTERVAL = dt.timedelta(hours=4)  # also X-PUBLISHED-TTL below (PT4H)
PRODID = "-//LUP Leverandørutviklingsprogrammet//netmgr//NO"


def event_url(event) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/events/{event.id}"


def event_ics_url(event) -> str:
    return event_url(event) + ".ics"


def plain_description(event) -> str:
    """DESCRIPTION as plain text: the event text, then where to read more and join online."""
    parts = []
    if event.description:
        parts.append(event.description.replace("\r\n", "\n").strip())
    if event.status == "cancelled":
        parts.insert(0, _("AVLYST: Dette arrangementet er avlyst."))
    if event.online_url:
        parts.append(_("Delta digitalt: %(url)s", url=event.online_url))
    parts.append(_("Mer informasjon og påmelding: %(url)s", url=event_url(event)))
    return "\n\n".join(parts)


def _language() -> str:
    return str(get_locale() or "nb")


def _locale_ready():
    """Outside a request (scheduler, CLI) with no forced locale, a locale selector that reads
    the request fails: build in bokmål then. Inside a request or force_locale: no change."""
    try:
        get_locale()
        return nullcontext()
    except RuntimeError:
        return force_locale("nb")


def event_component(event, *, stamp: dt.datetime | None = None) -> VEvent:
    """The VEVENT of an event, with its stable UID and current SEQUENCE.

    ``stamp`` is the DTSTAMP; without it the event's last change (right for published
    calendars; iTIP messages pass the time the message is made).
    """
    ve = VEvent()
    ve.add("uid", event.uid)
    ve.add("dtstamp", (stamp or event.updated_at).astimezone(dt.UTC))
    ve.add("created", event.created_at.astimezone(dt.UTC))
    ve.add("last-modified", event.updated_at.astimezone(dt.UTC))
    ve.add("sequence", event.sequence)
    ve.add("summary", event.title)
    ve.add("dtstart", event.starts_at.astimezone(OSLO))
    ve.add("dtend", event.ends_at.astimezone(OSLO))
    ve.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    ve.add("transp", "OPAQUE")
    ve.add("class", "PUBLIC")
    if event.location:
        ve.add("location", event.location)
    elif event.online_url:
        ve.add("location", event.online_url)
    ve.add("description", plain_description(event))
    ve.add("url", event_url(event))
    if event.online_url:
        ve.conferences = [
            Conference(event.online_url, feature=["AUDIO", "VIDEO"], label=_("Nettmøte"))
        ]
    language = _language()
    categories = [t.name_for(language) for t in sorted(event.themes, key=lambda t: t.slug)]
    if categories:
        ve.add("categories", categories)
    organizer = vCalAddress("mailto:" + current_app.config["RSVP_ADDRESS"])
    organizer.params["cn"] = vText("LUP")
    ve.add("organizer", organizer)
    return ve


def new_calendar(name: str | None = None, *, method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/Oslo")
        cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"value": "DURATION"})
        cal.add("x-published-ttl", "PT4H")
    return cal


def add_timezones(cal: Calendar, events) -> None:
    """VTIMEZONE for Europe/Oslo from the year before the first event to at least 15 years on.

    Whole years, so both daylight-saving changes of each year are there, and a long enough
    span that a client which keeps the first VTIMEZONE it sees for a TZID (vobject does)
    still gets later events right. About 1 KB; depends only on the events (deterministic).
    """
    events = list(events)
    if not events:
        return
    first = min(e.starts_at for e in events).astimezone(OSLO).year - 1
    last = max(max(e.ends_at for e in events).astimezone(OSLO).year + 1, first + 16)
    cal.add_missing_timezones(first_date=dt.date(first, 1, 1), last_date=dt.date(last, 1, 1))


def _attendee(email: str, name: str) -> vCalAddress:
    addr = vCalAddress("mailto:" + email)
    addr.params["cn"] = vText(name)
    addr.params["rsvp"] = "TRUE"
    addr.params["partstat"] = "NEEDS-ACTION"
    addr.params["role"] = "REQ-PARTICIPANT"
    addr.params["cutype"] = "INDIVIDUAL"
    return addr


def event_calendar(event, *, method: str | None = None, attendee=None) -> Calendar:
    """A calendar holding one event; with ``method`` (REQUEST/CANCEL) an iTIP message.

    ``attendee`` is a Contact; it is added with RSVP=TRUE for invitations.
    """
    with _locale_ready():
        cal = new_calendar(method=method)
        ve = event_component(event, stamp=utcnow() if method else None)
    if method == "CANCEL":
        ve.pop("status", None)
        ve.add("status", "CANCELLED")
    if attendee is not None:
        ve.add("attendee", _attendee(attendee.email, attendee.name))
    cal.add_component(ve)
    add_timezones(cal, [event])
    return cal


def feed_calendar(name: str, events) -> Calendar:
    """A published calendar (feed) with the given events, ordered by start."""
    cal = new_calendar(name)
    events = sorted(events, key=lambda e: (e.starts_at, e.id))
    with _locale_ready():
        for event in events:
            cal.add_component(event_component(event))
    add_timezones(cal, events)
    return cal


def itip_text(event, method: str, *, language: str, attendee=None) -> str:
    """The event as an iTIP message (REQUEST, CANCEL or PUBLISH) in ``language``, as text for
    a mail attachment. REQUEST and CANCEL name ``attendee`` (a Contact); PUBLISH names nobody."""
    if method not in ("REQUEST", "CANCEL"):
        attendee = None
    with force_locale(language):
        return event_calendar(event, method=method, attendee=attendee).to_ical().decode()


class Invitation:
    """The ``METHOD:REQUEST`` calendar of one event for many attendees (campaign invitations).

    The calendar is built and serialised once (per language); each attendee's copy is that
    calendar with the attendee's ATTENDEE property, which icalendar renders and folds, placed
    as the VEVENT's last content line. Serialising the whole calendar per recipient costs about
    1.8 ms (18 s for a 10,000-recipient campaign); this costs microseconds.
    """

    def __init__(self, event, *, language: str):
        with force_locale(language):
            cal = event_calendar(event, method="REQUEST")
        self._event = cal.events[0]
        lines = cal.content_lines()
        end = lines.index("END:VEVENT")
        self._head = Contentlines(lines[:end]).to_ical()
        self._tail = Contentlines(lines[end:]).to_ical()

    def for_attendee(self, email: str, name: str) -> str:
        line = self._event.content_line("attendee", _attendee(email, name))
        return (self._head + line.to_ical() + b"\r\n" + self._tail).decode()
