"""marshmallow schemas of /api/v1/events."""

from __future__ import annotations

from marshmallow import fields, validate

from ..api.common import PageQuery, Schema, page_schema, partial_schema
from ..api.fields import AwareDateTime, Bool, DateOrDateTime, Id, Int, OneOf, Str, Text, Url
from ..core.counties import COUNTIES
from .models import EVENT_KINDS, EVENT_STATUSES


class EventSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = OneOf(EVENT_KINDS, required=True)
    title = Str(required=True, validate=[validate.Length(min=1)])
    description = Text(allow_none=True)
    agenda = Text(
        allow_none=True,
        metadata={"description": "programme, plain text, one item per line"},
    )
    starts_at = AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    ends_at = AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    location = Str(max_length=300, allow_none=True)
    online_url = Url(allow_none=True)
    network_id = Id(allow_none=True)
    process_id = Id(allow_none=True, metadata={"description": "joint process, if any"})
    county_number = OneOf(sorted(COUNTIES), allow_none=True)
    capacity = Int(
        maximum=1_000_000,
        allow_none=True,
        metadata={"description": "attendee seats; null is unlimited"},
    )
    presenter_slots = Int(maximum=10_000)
    presenter_approval_required = Bool()
    members_only = Bool()
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
    material_url = Url(allow_none=True)
    uid = fields.String(dump_only=True, metadata={"description": "iCalendar UID"})
    sequence = fields.Integer(dump_only=True, metadata={"description": "iCalendar SEQUENCE"})
    published_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    cancelled_at = fields.AwareDateTime(dump_only=True, allow_none=True)
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
