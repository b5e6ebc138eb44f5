"""Read-only queries behind the event pages (a fixed number of queries per page, no N+1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from ..core.search import contains
from ..core.signals import event_seats_left
from ..core.timeutil import OSLO, UTC, utcnow
from ..extensions import db
from ..networks.models import Network, Theme
from ..web.paging import Page, paginate
from .models import EVENT_KINDS, EVENT_STATUSES, Event

#: Statuses the public may see; drafts never leave the coordinator pages
PUBLIC_STATUSES = ("published", "cancelled")


@dataclass
class EventFilters:
    network: str | None = None  #: network slug
    theme: str | None = None  #: theme slug (events tagged with it or run by a network of it)
    kind: str | None = None
    county: str | None = None  #: 2-digit county number
    mode: str | None = None  #: "online" or "onsite"
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def oslo_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=OSLO).astimezone(UTC)


def public_events_query(filters: EventFilters, now: dt.datetime | None = None):
    """Upcoming public events (not yet ended), soonest first, narrowed by ``filters``."""
    now = now or utcnow()
    stmt = select(Event).where(Event.status.in_(PUBLIC_STATUSES), Event.ends_at >= now)
    if filters.network:
        stmt = stmt.join(Network, Event.network_id == Network.id).where(
            Network.slug == filters.network
        )
    if filters.theme:
        theme_id = select(Theme.id).where(Theme.slug == filters.theme).scalar_subquery()
        stmt = stmt.where(
            or_(
                Event.themes.any(Theme.slug == filters.theme),
                Event.network_id.in_(select(Network.id).where(Network.theme_id == theme_id)),
            )
        )
    if filters.kind:
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.county:
        # national events (no county) are for every county: the county's calendar feed
        # (/calendar/counties/<n>.ics) has them too, and both pages say so
        stmt = stmt.where(or_(Event.county_number == filters.county, Event.county_number.is_(None)))
    if filters.mode == "online":
        stmt = stmt.where(and_(Event.online_url.is_not(None), Event.online_url != ""))
    elif filters.mode == "onsite":
        stmt = stmt.where(and_(Event.location.is_not(None), Event.location != ""))
    if filters.date_from:
        stmt = stmt.where(Event.ends_at >= oslo_midnight(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(Event.starts_at < oslo_midnight(filters.date_to + dt.timedelta(days=1)))
    return stmt.order_by(Event.starts_at, Event.id)


def list_public_events(
    filters: EventFilters, page: int = 1, per_page: int = 10, now: dt.datetime | None = None
) -> Page:
    return paginate(public_events_query(filters, now), page, per_page)


def seats_left_map(events) -> dict[int, int | None]:
    """Seats left per event id (None: no limit). The registration feature counts them (one
    query for the whole page, by the rule registering uses); without it every seat is free."""
    events = list(events)
    with_capacity = [e for e in events if e.capacity is not None]
    left: dict[int, int] = {}
    if with_capacity:
        for _receiver, answer in event_seats_left.send(events=with_capacity):
            left.update(answer or {})
    return {e.id: (None if e.capacity is None else left.get(e.id, e.capacity)) for e in events}


def get_public_event(event_id: int) -> Event | None:
    event = db.session.get(Event, event_id)
    if event is None or event.status not in PUBLIC_STATUSES:
        return None
    return event


def network_upcoming_events(
    network_id: int, limit: int = 20, now: dt.datetime | None = None
) -> list[Event]:
    stmt = public_events_query(EventFilters(), now).where(Event.network_id == network_id)
    return list(db.session.scalars(stmt.limit(limit)).unique())


def filter_choices() -> dict:
    """Networks and themes for the filter form (two small queries)."""
    networks = db.session.execute(
        select(Network.slug, Network.name).where(Network.active.is_(True)).order_by(Network.name)
    ).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.id)).all()
    return {"networks": networks, "themes": themes}


def coordinator_events_query(
    status: str, when: str, network_id: int | None, kind: str, q: str, now: dt.datetime
):
    """The coordinator's event list: any status, upcoming (soonest first), past or all
    (newest first), narrowed by network, kind and a text in the title or place."""
    query = select(Event)
    if status in EVENT_STATUSES:
        query = query.where(Event.status == status)
    if when == "upcoming":
        query = query.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    elif when == "past":
        query = query.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id)
    else:
        query = query.order_by(Event.starts_at.desc(), Event.id)
    if network_id:
        query = query.where(Event.network_id == network_id)
    if kind in EVENT_KINDS:
        query = query.where(Event.kind == kind)
    if q:
        query = query.where(or_(contains(Event.title, q), contains(Event.location, q)))
    return query


def networks_and_themes() -> tuple[list[Network], list[Theme]]:
    """Choices of the event form: active networks first, then by name; themes in order."""
    networks = db.session.scalars(select(Network).order_by(Network.active.desc(), Network.name))
    return list(networks), list(db.session.scalars(select(Theme).order_by(Theme.id)))


def process_choices(current_id: int | None = None) -> list[tuple[int, str]]:
    """(id, title) of the active joint processes (and the event's own, whatever its status)
    for the event form. processes sits above events: read its table, never import it."""
    table = db.metadata.tables.get("processes")
    if table is None:
        return []
    keep = table.c.status == "active"
    if current_id:
        keep = keep | (table.c.id == current_id)
    return [
        (row.id, row.title)
        for row in db.session.execute(
            select(table.c.id, table.c.title).where(keep).order_by(table.c.title)
        )
    ]
