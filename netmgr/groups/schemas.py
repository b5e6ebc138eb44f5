"""marshmallow schemas of /api/v1/groups and /api/v1/groups/<id>/members."""

from __future__ import annotations

from marshmallow import fields, validate

from ..api.common import (
    DateField,
    Id,
    OneOf,
    PageQuery,
    QueryBool,
    QueryInt,
    Schema,
    Str,
    Text,
    Url,
    page_schema,
    partial_schema,
)
from . import services
from .models import GROUP_KINDS


class GroupSchema(Schema):
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
    name = Str(required=True, max_length=200, validate=[validate.Length(min=1)])
    kind = OneOf(GROUP_KINDS, required=True)
    host_organization_id = Id(allow_none=True)
    description = Text(allow_none=True)
    website = Url(allow_none=True, max_length=300)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class GroupQuery(PageQuery):
    kind = OneOf(GROUP_KINDS)
    q = Str(max_length=100)
    organization_id = QueryInt(
        minimum=1,
        metadata={"description": "groups the organisation is a member of today"},
    )


class GroupMembershipSchema(Schema):
    id = fields.Integer(dump_only=True)
    group_id = fields.Integer(dump_only=True)
    organization_id = Id(required=True)
    organization_name = fields.Function(lambda m: m.organization.name, dump_only=True)
    joined_on = DateField(allow_none=True)
    left_on = DateField(dump_only=True, allow_none=True)
    active = fields.Function(
        lambda m: m.left_on is None or m.left_on >= services.today(), dump_only=True
    )


class GroupMemberQuery(PageQuery):
    current = QueryBool(metadata={"description": "true: members today; false: history"})
    on = DateField(metadata={"description": "members on this date"})


class GroupEndQuery(Schema):
    left_on = DateField(metadata={"description": "last day of membership; default today"})


class GroupEndBody(Schema):
    organization_id = Id(required=True)
    left_on = DateField(
        allow_none=True, metadata={"description": "last day of membership; default today"}
    )


GroupPatch = partial_schema(GroupSchema)
GroupPage = page_schema(GroupSchema, "GroupPage")
GroupMembershipPage = page_schema(GroupMembershipSchema, "GroupMembershipPage")
