"""Dashboard figures, each computed by one aggregate query (no per-row Python counting)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from flask import current_app
from sqlalchemy import and_, case, func, select

from ..core.timeutil import OSLO, UTC, utcnow
from ..events.models import Event
from ..extensions import db
from ..organizations.models import Organization
from ..registration.models import Registration


@dataclass(frozen=True)
class EventFigures:
    """One upcoming event with its registrations against capacity."""

    event: Event
    confirmed: int  #: confirmed attendees (these take seats)
    waitlisted: int  #: attendees and presenters on the waiting list
    presenters: int  #: confirmed presenters (own slots, not seats)

    @property
    def seats_left(self) -> int | None:
        if self.event.capacity is None:
            return None
        return max(self.event.capacity - self.confirmed, 0)


@dataclass(frozen=True)
class ParticipationFigures:
    municipalities: int  #: distinct municipalities with at least one attendance
    small_municipalities: int  #: the same, population under SMALL_MUNICIPALITY_LIMIT
    since: dt.datetime  #: start of the period (UTC)


def week_start(now: dt.datetime) -> dt.datetime:
    """Monday 00:00 Europe/Oslo of the week containing ``now``, as UTC."""
    local = now.astimezone(OSLO)
    monday = local.date() - dt.timedelta(days=local.weekday())
    return dt.datetime.combine(monday, dt.time(0, 0), tzinfo=OSLO).astimezone(UTC)


def upcoming_events(now: dt.datetime | None = None, limit: int = 20) -> list[EventFigures]:
    """Draft and published events that have not ended, soonest first, with counts."""
    now = now or utcnow()
    active = Registration.status != "cancelled"
    confirmed = func.coalesce(
        func.sum(
            case(
                (and_(Registration.status == "confirmed", Registration.role == "attendee"), 1),
                else_=0,
            )
        ),
        0,
    )
    waitlisted = func.coalesce(func.sum(case((Registration.status == "waitlisted", 1), else_=0)), 0)
    presenters = func.coalesce(
        func.sum(
            case(
                (and_(Registration.status == "confirmed", Registration.role == "presenter"), 1),
                else_=0,
            )
        ),
        0,
    )
    counts = (
        select(
            Registration.event_id.label("event_id"),
            confirmed.label("confirmed"),
            waitlisted.label("waitlisted"),
            presenters.label("presenters"),
        )
        .where(active)
        .group_by(Registration.event_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Event,
            func.coalesce(counts.c.confirmed, 0),
            func.coalesce(counts.c.waitlisted, 0),
            func.coalesce(counts.c.presenters, 0),
        )
        .outerjoin(counts, counts.c.event_id == Event.id)
        .where(Event.status.in_(("draft", "published")), Event.ends_at >= now)
        .order_by(Event.starts_at, Event.id)
        .limit(limit)
    ).all()
    return [EventFigures(event, int(c), int(w), int(p)) for event, c, w, p in rows]


def new_registrations_this_week(now: dt.datetime | None = None) -> int:
    """Registrations made since Monday 00:00 (Oslo time) that are still active."""
    now = now or utcnow()
    return (
        db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.created_at >= week_start(now),
                Registration.created_at <= now,
                Registration.status != "cancelled",
            )
        )
        or 0
    )


def municipalities_participating(
    now: dt.datetime | None = None, small_limit: int | None = None
) -> ParticipationFigures:
    """Municipalities with someone marked as attended at an event in the last 12 months."""
    now = now or utcnow()
    if small_limit is None:
        small_limit = current_app.config["SMALL_MUNICIPALITY_LIMIT"]
    since = now - relativedelta(months=12)
    took_part = (
        select(Registration.organization_id.label("org_id"))
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.attendance == "attended",
            Event.status != "cancelled",
            Event.starts_at >= since,
            Event.starts_at <= now,
        )
        .distinct()
        .subquery()
    )
    total, small = db.session.execute(
        select(
            func.count(Organization.id),
            func.coalesce(func.sum(case((Organization.population < small_limit, 1), else_=0)), 0),
        )
        .join(took_part, took_part.c.org_id == Organization.id)
        .where(Organization.kind == "municipality")
    ).one()
    return ParticipationFigures(int(total or 0), int(small or 0), since)


def dashboard(now: dt.datetime | None = None) -> dict:
    """Everything the dashboard shows."""
    now = now or utcnow()
    return {
        "upcoming": upcoming_events(now),
        "new_this_week": new_registrations_this_week(now),
        "participation": municipalities_participating(now),
        "week_start": week_start(now),
    }
