"""Marshmallow schemas of the calendar API (personal feed links of organisations)."""

from __future__ import annotations

from marshmallow import fields

from ..api.common import Bool, Schema


class SubscriptionSchema(Schema):
    id = fields.Integer(dump_only=True)
    organization_id = fields.Integer(dump_only=True)
    contact_id = fields.Integer(dump_only=True, allow_none=True)
    prefix = fields.String(
        dump_only=True,
        metadata={"description": "first characters of the token, to tell links apart"},
    )
    created_at = fields.AwareDateTime(dump_only=True)
    revoked_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    replaced_by_id = fields.Integer(dump_only=True, allow_none=True)
    active = fields.Boolean(dump_only=True)


class SubscriptionListSchema(Schema):
    subscriptions = fields.List(fields.Nested(SubscriptionSchema), dump_only=True)


class FeedLinksSchema(Schema):
    """The personal feed's addresses; the token in them appears in this answer only."""

    https = fields.String(dump_only=True, metadata={"description": "feed address (https)"})
    webcal = fields.String(dump_only=True, metadata={"description": "the same as webcal://"})


class IssuedSchema(FeedLinksSchema):
    subscription = fields.Nested(SubscriptionSchema, dump_only=True)


class ReplacedSchema(IssuedSchema):
    replaced = fields.Nested(SubscriptionSchema, dump_only=True)
    mailed = fields.Boolean(dump_only=True, metadata={"description": "the new link was mailed"})


class RevokedCountSchema(Schema):
    revoked = fields.Integer(dump_only=True, metadata={"description": "links revoked"})


class SubscriptionOnlySchema(Schema):
    subscription = fields.Nested(SubscriptionSchema, dump_only=True)


class ReplaceArgs(Schema):
    notify = Bool(
        load_default=False, metadata={"description": "mail the new link to the link's contact"}
    )
