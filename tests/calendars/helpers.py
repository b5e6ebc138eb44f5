"""Helpers of the calendar tests (events made directly, edits that send the signals)."""

from __future__ import annotations

import datetime as dt

import icalendar
import vobject

from netmgr.core import signals
from netmgr.core.timeutil import oslo_datetime, utcnow  # noqa: F401
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.networks.models import Theme


def theme(slug="welfare_technology") -> Theme:
    return db.session.query(Theme).filter_by(slug=slug).one()


def make_event(title="Nettverksmøte", *, start=None, hours=2, status="published", **fields):
    start = start or utcnow().replace(microsecond=0) + dt.timedelta(days=30)
    event = Event(
        kind=fields.pop("kind", "network_meeting"),
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        status=status,
        **fields,
    )
    if status == "published":
        event.published_at = utcnow()
    if status == "cancelled":
        event.cancelled_at = fields.get("cancelled_at") or utcnow()
    db.session.add(event)
    db.session.flush()
    signals.event_changed.send(event, event=event, changes={"status"}, calendar_visible=True)
    db.session.commit()
    return event


def edit(event, **changes):
    visible = event.apply_changes(changes)
    db.session.flush()
    signals.event_changed.send(event, event=event, changes=set(changes), calendar_visible=visible)
    db.session.commit()
    return event


def cancel(event):
    event.apply_changes({"status": "cancelled"})
    event.cancelled_at = utcnow()
    db.session.flush()
    signals.event_cancelled.send(event, event=event)
    db.session.commit()
    return event


def parse_both(body: bytes):
    """Parse with icalendar and with vobject (an independent parser); both must accept it."""
    ical = icalendar.Calendar.from_ical(body)
    # vobject keeps the first VTIMEZONE it ever saw per TZID for the whole process; forget
    # it so that each document is read with its own VTIMEZONE.
    vobject.icalendar.__dict__["__tzidMap"].pop("Europe/Oslo", None)
    vcal = vobject.readOne(body.decode("utf-8"))
    return ical, vcal


def vevents(vcal):
    return list(getattr(vcal, "vevent_list", []))


def by_uid(ical, uid):
    found = [e for e in ical.walk("VEVENT") if str(e["UID"]) == uid]
    assert len(found) == 1, f"{uid} appears {len(found)} times"
    return found[0]
