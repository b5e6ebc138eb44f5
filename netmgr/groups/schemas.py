"""marshmallow schemas of /api/v1/groups and /api/v1/groups/<id>/members."""

from __future__ import annotations

from marshmallow import fields, validate

from ..api.common import PageQuery, Schema, page_schema, partial_schema
from ..api.fields import Id, OneOf, QueryInt, Slug, Str, Text, Url
from ..organizations.member_api import member_schemas
from .models import GROUP_KINDS


class GroupSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = Slug()
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


GroupPatch = partial_schema(GroupSchema)
GroupPage = page_schema(GroupSchema, "GroupPage")
#: GroupMembershipSchema, GroupMembershipPage, GroupMemberQuery, GroupEndQuery, GroupEndBody
MEMBERS = member_schemas("group_id", prefix="Group")
