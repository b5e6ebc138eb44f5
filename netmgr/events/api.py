"""/api/v1/events: public reading of published events; writes through the event services.

The routes are in :mod:`netmgr.events.blueprint`.
"""

from __future__ import annotations

import datetime as dt

from flask import abort
from flask.views import MethodView
from sqlalchemy import and_, or_, select

from ..api.common import acting_user, get_or_404, optional_user
from ..api.resources import Item, create_method, item_resource, list_method
from ..core.timeutil import OSLO, UTC
from ..networks.models import Theme
from . import services
from .models import Event
from .schemas import EventOut, EventPage, EventPatch, EventQuery, EventSchema


def _bound(value, end: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    day = value + dt.timedelta(days=1) if end else value
    return dt.datetime.combine(day, dt.time(0), tzinfo=OSLO).astimezone(UTC)


def _public_clause():
    """What the public may read: published events, and cancelled ones that had been published."""
    return or_(
        Event.status == "published",
        and_(Event.status == "cancelled", Event.published_at.is_not(None)),
    )


def _is_public(event: Event) -> bool:
    return event.status == "published" or (
        event.status == "cancelled" and event.published_at is not None
    )


def _search_events(args):
    """The select behind ``GET`` of :class:`Events` (its filters)."""
    user = optional_user()
    query = select(Event).order_by(Event.starts_at, Event.id)
    if user is None:
        if args.get("status") == "draft":
            abort(401)
        query = query.where(_public_clause())
    if args.get("status"):
        query = query.where(Event.status == args["status"])
    network_id = args.get("network_id") or args.get("network")
    if network_id:
        query = query.where(Event.network_id == network_id)
    if args.get("kind"):
        query = query.where(Event.kind == args["kind"])
    if args.get("from_") is not None:
        query = query.where(Event.starts_at >= _bound(args["from_"], end=False))
    if args.get("to") is not None:
        to = args["to"]
        query = query.where(
            Event.starts_at <= to
            if isinstance(to, dt.datetime)
            else Event.starts_at < _bound(to, end=True)
        )
    county = args.get("county") or args.get("county_number")
    if county:
        query = query.where(Event.county_number == county)
    if args.get("theme"):
        query = query.where(Event.themes.any(Theme.slug == args["theme"]))
    return query


class Events(MethodView):
    get = list_method(
        EventQuery,
        EventPage,
        _search_events,
        "List events (public: published ones; with a token: drafts too)",
        auth=(),
    )

    post = create_method(
        EventSchema,
        lambda data: services.create_event(data, user=acting_user()),
        "Create an event (a draft unless status is published)",
        out=EventOut,
    )


def _readable(event_id: int) -> Event:
    event = get_or_404(Event, event_id)
    if not _is_public(event) and optional_user() is None:
        abort(401)
    return event


EventItem = item_resource(
    "EventItem",
    Item(
        Event,
        schema=EventOut,
        patch=EventPatch,
        # the services audit the change themselves
        update=lambda event, data: services.update_event(event, data, user=acting_user()),
        delete=lambda event: services.delete_event(event, user=acting_user()),
        load_for_read=_readable,
        read=(),
        docs={
            "get": "Get one event (drafts need a token)",
            "patch": """Change fields; status published publishes, status cancelled cancels.

        Changes a calendar must see (title, times, place, status) raise ``sequence``.
        """,
            "delete": "Delete an event nobody registered for (409 otherwise: cancel it instead)",
        },
    ),
)
