"""Recurring network meetings: RRULE occurrences (Oslo wall-clock time) become events."""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import rrulestr
from sqlalchemy import select

from ..core.errors import ServiceError
from ..core.signals import event_changed
from ..core.timeutil import OSLO, UTC, utcnow
from ..events import services as event_services
from ..events.models import Event
from ..extensions import db
from .models import EventSeries

#: Fields of a series copied to its occurrences
COPIED = ("title", "kind", "network_id", "description", "location", "online_url", "capacity")
#: Most events one series may make (a rule with more is refused, extending stops there)
MAX_OCCURRENCES = 200
#: Furthest ahead occurrences are created (two years)
MAX_HORIZON_DAYS = 730
#: RRULE frequencies allowed: a meeting at most once a day
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
#: RRULE parts that would repeat within a day (the time of day is its own field)
SUB_DAILY_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")


def occurrences(
    series: EventSeries, start: dt.datetime, end: dt.datetime, limit: int | None = None
) -> list[dt.datetime]:
    """Occurrence starts (aware UTC) in [start, end), exceptions left out; with ``limit``,
    at most ``limit + 1`` of them (enough to tell that there are too many).

    The rule runs on naive Oslo wall-clock time, so 09:00 stays 09:00 across daylight saving.
    The rule is walked lazily, so a rule with very many occurrences costs only ``limit``.
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
    for local in rule.xafter(lo, inc=True):
        if local >= hi or (series.until and local.date() > series.until):
            break
        if local.date().isoformat() in skip:
            continue
        result.append(local.replace(tzinfo=OSLO).astimezone(UTC))
        if limit is not None and len(result) > limit:
            break
    return result


def _rule_parts(rrule: str) -> dict[str, str]:
    parts = {}
    for part in (rrule or "").upper().split(";"):
        name, _sep, value = part.partition("=")
        parts[name.strip()] = value.strip()
    return parts


def validate_series(series: EventSeries, now: dt.datetime | None = None) -> None:
    """Refuse a series that is incomplete or would make too many events: a frequency below
    daily, more than :data:`MAX_OCCURRENCES` occurrences up to the horizon, or a horizon
    beyond :data:`MAX_HORIZON_DAYS`. Raises ServiceError; the caller rolls back."""
    if not series.title or not series.title.strip():
        raise ServiceError({"title": ["Tittel må fylles ut."]})
    if series.duration_minutes is None or series.duration_minutes <= 0:
        raise ServiceError({"duration_minutes": ["Varigheten må være over null minutter."]})
    if series.horizon_days is None or not 1 <= series.horizon_days <= MAX_HORIZON_DAYS:
        raise ServiceError(
            {"horizon_days": [f"Horisonten må være mellom 1 og {MAX_HORIZON_DAYS} dager (to år)."]}
        )
    parts = _rule_parts(series.rrule)
    occurrences(series, series.starts_at, series.starts_at + dt.timedelta(days=1))
    if parts.get("FREQ") not in FREQUENCIES or any(p in parts for p in SUB_DAILY_PARTS):
        raise ServiceError(
            {
                "rrule": [
                    "Samlingene kan gjentas høyst én gang per dag (FREQ=DAILY eller sjeldnere)."
                ]
            }
        )
    start = max(now or utcnow(), series.starts_at)
    end = start + dt.timedelta(days=series.horizon_days)
    if len(occurrences(series, start, end, MAX_OCCURRENCES)) > MAX_OCCURRENCES:
        raise ServiceError(
            {
                "rrule": [
                    f"Regelen gir mer enn {MAX_OCCURRENCES} samlinger innenfor horisonten; "
                    f"en serie kan ha høyst {MAX_OCCURRENCES}."
                ]
            }
        )


def extend_series(series: EventSeries, now: dt.datetime | None = None) -> list[Event]:
    """Create the occurrences up to the horizon that do not exist yet (never more than
    :data:`MAX_OCCURRENCES` events in the series)."""
    now = now or utcnow()
    horizon = now + dt.timedelta(days=min(series.horizon_days, MAX_HORIZON_DAYS))
    existing = set(
        db.session.scalars(select(Event.series_slot).where(Event.series_id == series.id))
    )
    created = []
    room = MAX_OCCURRENCES - len(existing)
    for slot in occurrences(series, max(now, series.starts_at), horizon, MAX_OCCURRENCES):
        if slot in existing:
            continue
        if len(created) >= room:
            break
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
    for event in created:
        event_changed.send(event, event=event, changes={"created"}, calendar_visible=True)
    return created


def extend_all(now: dt.datetime | None = None) -> int:
    return sum(len(extend_series(s, now)) for s in db.session.scalars(select(EventSeries)))


def update_series(series: EventSeries, changes: dict, now: dt.datetime | None = None) -> dict:
    """Change a series; only occurrences that have not started yet follow the change."""
    now = now or utcnow()
    for name, value in changes.items():
        setattr(series, name, value)
    validate_series(series, now)
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
