"""Read-only queries behind the public pages (a fixed number of queries per page, no N+1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from ..core.timeutil import OSLO, UTC, utcnow
from ..events.models import Event
from ..extensions import db
from ..networks.models import Network, NetworkMembership, Theme
from ..organizations.models import Organization
from ..registration.models import Registration
from .paging import Page, paginate

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


def oslo_today() -> dt.date:
    return utcnow().astimezone(OSLO).date()


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
        stmt = stmt.where(Event.county_number == filters.county)
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


def confirmed_attendees(event_ids) -> dict[int, int]:
    """Confirmed attendee registrations per event, in one grouped query."""
    ids = list(event_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Registration.event_id, func.count())
        .where(
            Registration.event_id.in_(ids),
            Registration.status == "confirmed",
            Registration.role == "attendee",
        )
        .group_by(Registration.event_id)
    )
    return {event_id: count for event_id, count in rows}


def seats_left_map(events) -> dict[int, int | None]:
    """Seats left per event id (None: no limit); the batched form of
    ``registration.services.seats_left`` for lists (one query for the whole page)."""
    counts = confirmed_attendees(e.id for e in events if e.capacity is not None)
    return {
        e.id: (None if e.capacity is None else max(0, e.capacity - counts.get(e.id, 0)))
        for e in events
    }


def get_public_event(event_id: int) -> Event | None:
    event = db.session.get(Event, event_id)
    if event is None or event.status not in PUBLIC_STATUSES:
        return None
    return event


def public_networks() -> list[tuple[Network, int]]:
    """Active networks with their number of current members, by name."""
    today = oslo_today()
    members = (
        select(NetworkMembership.network_id, func.count().label("n"))
        .where(
            NetworkMembership.joined_on <= today,
            or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= today),
        )
        .group_by(NetworkMembership.network_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Network, func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.network_id == Network.id)
        .where(Network.active.is_(True))
        .order_by(Network.name)
    )
    return [(network, count) for network, count in rows]


def get_network(slug: str) -> Network | None:
    return db.session.scalar(select(Network).where(Network.slug == slug))


def current_member_names(network: Network, on: dt.date | None = None) -> list[str]:
    """Names of the member organisations today (no personal data)."""
    on = on or oslo_today()
    orgs = db.session.scalars(
        select(Organization)
        .join(NetworkMembership, NetworkMembership.organization_id == Organization.id)
        .where(
            NetworkMembership.network_id == network.id,
            NetworkMembership.joined_on <= on,
            or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= on),
        )
        .order_by(Organization.name)
    ).all()
    return [org.display_name for org in orgs]


def network_upcoming_events(
    network: Network, limit: int = 20, now: dt.datetime | None = None
) -> list[Event]:
    stmt = public_events_query(EventFilters(), now).where(Event.network_id == network.id)
    return list(db.session.scalars(stmt.limit(limit)).unique())


def filter_choices() -> dict:
    """Networks and themes for the filter form (two small queries)."""
    networks = db.session.execute(
        select(Network.slug, Network.name).where(Network.active.is_(True)).order_by(Network.name)
    ).all()
    themes = db.session.scalars(select(Theme).order_by(Theme.id)).all()
    return {"networks": networks, "themes": themes}
