"""marshmallow schemas of /api/v1/networks and /api/v1/networks/<id>/members."""

from __future__ import annotations

from marshmallow import fields, validate

from ..api.common import (
    Bool,
    DateField,
    Id,
    PageQuery,
    QueryBool,
    Schema,
    Str,
    Text,
    page_schema,
    partial_schema,
)
from . import services


class NetworkSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = Str(
        required=True,
        max_length=80,
        validate=[
            validate.Regexp(
                services.SLUG.pattern, error="Use lower-case letters a-z, digits and hyphens."
            )
        ],
    )
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


class MembershipSchema(Schema):
    id = fields.Integer(dump_only=True)
    network_id = fields.Integer(dump_only=True)
    organization_id = Id(required=True)
    organization_name = fields.Function(lambda m: m.organization.name, dump_only=True)
    joined_on = DateField(allow_none=True)
    left_on = DateField(dump_only=True, allow_none=True)
    active = fields.Function(
        lambda m: m.left_on is None or m.left_on >= services.today(), dump_only=True
    )


class MemberQuery(PageQuery):
    current = QueryBool(metadata={"description": "true: members today; false: history"})
    on = DateField(metadata={"description": "members on this date"})


class EndQuery(Schema):
    left_on = DateField(metadata={"description": "last day of membership; default today"})


class EndBody(Schema):
    organization_id = Id(required=True)
    left_on = DateField(
        allow_none=True, metadata={"description": "last day of membership; default today"}
    )


NetworkPatch = partial_schema(NetworkSchema)
NetworkPage = page_schema(NetworkOut, "NetworkPage")
MembershipPage = page_schema(MembershipSchema, "MembershipPage")
