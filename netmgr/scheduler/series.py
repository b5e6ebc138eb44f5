"""Recurring network meetings: RRULE occurrences (Oslo wall-clock time) become events."""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import rrulestr
from sqlalchemy import select

from ..core.errors import ServiceError
from ..core.timeutil import OSLO, UTC, utcnow
from ..events.models import Event
from ..extensions import db
from .models import EventSeries

#: Fields of a series copied to its occurrences
COPIED = ("title", "kind", "network_id", "description", "location", "online_url", "capacity")


def occurrences(series: EventSeries, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Occurrence starts (aware UTC) in [start, end), exceptions left out.

    The rule runs on naive Oslo wall-clock time, so 09:00 stays 09:00 across daylight saving.
    """
    first_local = series.starts_at.astimezone(OSLO).replace(tzinfo=None)
    try:
        rule = rrulestr(series.rrule, dtstart=first_local)
    except (ValueError, TypeError) as exc:
        raise ServiceError({"rrule": [f"Ugyldig gjentakelsesregel: {exc}"]}) from None
    skip = set(series.exceptions or [])
    lo = start.astimezone(OSLO).replace(tzinfo=None)
    hi = end.astimezone(OSLO).replace(tzinfo=None)
    result = []
    for local in rule.between(lo, hi, inc=True):
        if local >= hi or local.date().isoformat() in skip:
            continue
        if series.until and local.date() > series.until:
            break
        result.append(local.replace(tzinfo=OSLO).astimezone(UTC))
    return result


def validate_series(series: EventSeries) -> None:
    if not series.title or not series.title.strip():
        raise ServiceError({"title": ["Tittel må fylles ut."]})
    if series.duration_minutes is None or series.duration_minutes <= 0:
        raise ServiceError({"duration_minutes": ["Varigheten må være over null minutter."]})
    occurrences(series, series.starts_at, series.starts_at + dt.timedelta(days=1))


def extend_series(series: EventSeries, now: dt.datetime | None = None) -> list[Event]:
    """Create the occurrences up to the horizon that do not exist yet."""
    now = now or utcnow()
    horizon = now + dt.timedelta(days=series.horizon_days)
    existing = set(
        db.session.scalars(select(Event.series_slot).where(Event.series_id == series.id))
    )
    created = []
    for slot in occurrences(series, max(now, series.starts_at), horizon):
        if slot in existing:
            continue
        event = Event(
            series_id=series.id,
            series_slot=slot,
            starts_at=slot,
            ends_at=slot + dt.timedelta(minutes=series.duration_minutes),
            status="published" if series.publish else "draft",
            published_at=now if series.publish else None,
            coordinator_id=series.coordinator_id,
            **{f: getattr(series, f) for f in COPIED},
        )
        db.session.add(event)
        created.append(event)
    db.session.flush()
    if created:
        from ..core.signals import event_changed

        for event in created:
            event_changed.send(event, event=event, changes={"created"}, calendar_visible=True)
    return created


def extend_all(now: dt.datetime | None = None) -> int:
    return sum(len(extend_series(s, now)) for s in db.session.scalars(select(EventSeries)))


def update_series(series: EventSeries, changes: dict, now: dt.datetime | None = None) -> dict:
    """Change a series; only occurrences that have not started yet follow the change."""
    from ..events import services as event_services

    now = now or utcnow()
    for name, value in changes.items():
        setattr(series, name, value)
    validate_series(series)
    future = db.session.scalars(
        select(Event).where(
            Event.series_id == series.id, Event.starts_at > now, Event.status != "cancelled"
        )
    ).all()
    # Occurrences are matched by their Oslo date, so a new time of day moves them.
    wanted = {
        slot.astimezone(OSLO).date(): slot
        for slot in occurrences(series, now, now + dt.timedelta(days=series.horizon_days))
    }
    moved = cancelled = 0
    for event in future:
        slot = wanted.get(event.series_slot.astimezone(OSLO).date())
        if slot is None:
            event_services.cancel_event(event)
            cancelled += 1
            continue
        update = {f: getattr(series, f) for f in COPIED if getattr(event, f) != getattr(series, f)}
        if slot != event.starts_at:
            update["starts_at"] = slot
        end = slot + dt.timedelta(minutes=series.duration_minutes)
        if end != event.ends_at:
            update["ends_at"] = end
        event.series_slot = slot
        if update:
            event_services.update_event(event, update)
            moved += 1
    created = extend_series(series, now)
    return {"updated": moved, "cancelled": cancelled, "created": len(created)}
