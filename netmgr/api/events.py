"""/api/v1/events: public reading of published events; writes through the event services."""

from __future__ import annotations

import datetime as dt

from flask import abort
from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy import and_, or_, select

from ..auth.tokens import require_token
from ..core.timeutil import OSLO, UTC
from ..events import services
from ..events.models import EVENT_KINDS, EVENT_STATUSES, Event
from ..extensions import db
from .common import (
    BEARER,
    ApiBlueprint,
    AwareDateTime,
    DateOrDateTime,
    Id,
    Int,
    OneOf,
    PageQuery,
    Schema,
    Str,
    Text,
    acting_user,
    get_or_404,
    optional_user,
    page_schema,
    paginate,
    partial_schema,
    register_error_handlers,
)

bp = ApiBlueprint(
    "api_events",
    __name__,
    url_prefix="/api/v1",
    description="Network meetings, meeting places, market dialogues, webinars. "
    "Published events are public; drafts need a bearer token. "
    "PATCH status=cancelled cancels an event.",
)
register_error_handlers(bp)


class EventSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = OneOf(EVENT_KINDS, required=True)
    title = Str(required=True, validate=[validate.Length(min=1)])
    description = Text(allow_none=True)
    starts_at = AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    ends_at = AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    location = Str(max_length=300, allow_none=True)
    online_url = Str(
        max_length=500,
        allow_none=True,
        validate=[validate.URL(schemes={"http", "https"}, require_tld=False)],
    )
    network_id = Id(allow_none=True)
    process_id = Id(allow_none=True, metadata={"description": "joint process, if any"})
    county_number = Str(max_length=2, allow_none=True)
    capacity = Int(
        maximum=1_000_000,
        allow_none=True,
        metadata={"description": "attendee seats; null is unlimited"},
    )
    presenter_slots = Int(maximum=10_000)
    presenter_approval_required = fields.Boolean()
    members_only = fields.Boolean()
    registration_opens_at = AwareDateTime(allow_none=True)
    registration_closes_at = AwareDateTime(allow_none=True)
    status = OneOf(
        EVENT_STATUSES, metadata={"description": "draft (default), published or cancelled"}
    )
    themes = fields.List(
        Str(max_length=60),
        validate=[validate.Length(max=20)],
        metadata={"description": "theme slugs"},
    )
    material_url = Str(
        max_length=500,
        allow_none=True,
        validate=[validate.URL(schemes={"http", "https"}, require_tld=False)],
    )
    uid = fields.String(dump_only=True, metadata={"description": "iCalendar UID"})
    sequence = fields.Integer(dump_only=True, metadata={"description": "iCalendar SEQUENCE"})
    published_at = fields.AwareDateTime(dump_only=True)
    cancelled_at = fields.AwareDateTime(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class EventOut(EventSchema):
    themes = fields.Function(lambda e: [t.slug for t in e.themes])


class EventQuery(PageQuery):
    network_id = Id(strict=False)
    network = Id(strict=False, metadata={"description": "same as network_id"})
    kind = OneOf(EVENT_KINDS)
    status = OneOf(EVENT_STATUSES)
    from_ = DateOrDateTime(
        data_key="from",
        metadata={
            "description": "events starting on or after (date in Norway or ISO 8601 datetime)"
        },
    )
    to = DateOrDateTime(
        metadata={"description": "events starting on or before (a date includes the whole day)"}
    )
    county = Str(max_length=2, metadata={"description": "county number"})
    county_number = Str(max_length=2, metadata={"description": "same as county"})
    theme = Str(max_length=60)


EventPatch = partial_schema(EventSchema)
EventPage = page_schema(EventOut, "EventPage")


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


@bp.route("/events")
class Events(MethodView):
    @bp.arguments(EventQuery, location="query")
    @bp.response(200, EventPage)
    def get(self, args):
        """List events (public: published ones; with a token: drafts too)"""
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
            from ..networks.models import Theme

            query = query.where(Event.themes.any(Theme.slug == args["theme"]))
        return paginate(query, args)

    @require_token()
    @bp.doc(security=BEARER)
    @bp.arguments(EventSchema)
    @bp.response(201, EventOut)
    def post(self, data):
        """Create an event (a draft unless status is published)"""
        event = services.create_event(data, user=acting_user())
        db.session.commit()
        return event


@bp.route("/events/<int:event_id>")
class EventItem(MethodView):
    @bp.response(200, EventOut)
    def get(self, event_id):
        """Get one event (drafts need a token)"""
        event = get_or_404(Event, event_id)
        if not _is_public(event) and optional_user() is None:
            abort(401)
        return event

    @require_token()
    @bp.doc(security=BEARER)
    @bp.arguments(EventPatch)
    @bp.response(200, EventOut)
    def patch(self, data, event_id):
        """Change fields; status published publishes, status cancelled cancels.

        Changes a calendar must see (title, times, place, status) raise ``sequence``.
        """
        event = get_or_404(Event, event_id)
        services.update_event(event, data, user=acting_user())
        db.session.commit()
        return event

    @require_token()
    @bp.doc(security=BEARER)
    @bp.response(204)
    def delete(self, event_id):
        """Delete an event nobody registered for (409 otherwise: cancel it instead)"""
        event = get_or_404(Event, event_id)
        services.delete_event(event, user=acting_user())
        db.session.commit()
