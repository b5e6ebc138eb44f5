"""marshmallow schemas of /api/v1/networks and /api/v1/networks/<id>/members."""

from __future__ import annotations

from marshmallow import fields, validate

from ..api.common import PageQuery, Schema, page_schema, partial_schema
from ..api.fields import Bool, QueryBool, Slug, Str, Text
from ..organizations.member_api import member_schemas


class NetworkSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = Slug()
    name = Str(required=True, validate=[validate.Length(min=1)])
    theme = Str(
        required=True,
        max_length=60,
        metadata={
            "description": "theme slug: buildings, welfare_technology, "
            "digital_solutions, climate_environment, mobility ..."
        },
    )
    description = Text(allow_none=True)
    active = Bool()
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class NetworkOut(NetworkSchema):
    theme = fields.Function(lambda n: n.theme.slug if n.theme else None)


class NetworkQuery(PageQuery):
    theme = Str(max_length=60)
    active = QueryBool()
    q = Str(max_length=100)


NetworkPatch = partial_schema(NetworkSchema)
NetworkPage = page_schema(NetworkOut, "NetworkPage")
#: MembershipSchema, MembershipPage, MemberQuery, EndQuery, EndBody
MEMBERS = member_schemas("network_id")
