"""marshmallow schemas of /api/v1/campaigns."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validates_schema

from ..api.common import Bool, Id, PageQuery, Schema, Str, Text, page_schema

RECIPIENT_STATUSES = ("not_sent", "queued", "sent", "failed")


class CampaignCreate(Schema):
    event_id = Id(metadata={"description": "the event invited to (or give process_id)"})
    process_id = Id(
        metadata={
            "description": "instead of event_id: an invitation to join this joint process; "
            "without a recipient choice it goes to the process's target list "
            "(targets {process: id})"
        }
    )
    organization_ids = fields.List(Id(), metadata={"description": "these organisations"})
    group_id = Id(metadata={"description": "the group's current members"})
    on_behalf = Bool(
        load_default=False,
        metadata={"description": "with group_id: invite the group's host organisation only"},
    )
    targets = fields.Dict(
        metadata={"description": "target-list criteria, as the query of GET /api/v1/targets"}
    )
    name = Str(max_length=200)
    message = Text(allow_none=True, max_length=5000)

    @validates_schema
    def _exactly_one(self, data, **kwargs):
        if ("event_id" in data) == ("process_id" in data):
            raise ValidationError("Give exactly one of event_id and process_id.", "event_id")
        given = [k for k in ("organization_ids", "group_id", "targets") if k in data]
        if len(given) > 1 or (not given and "process_id" not in data):
            raise ValidationError(
                "Give exactly one of organization_ids, group_id and targets.", "_schema"
            )
        if "organization_ids" in data and not data["organization_ids"]:
            raise ValidationError("Give at least one organisation.", "organization_ids")
        if data.get("on_behalf") and "group_id" not in data:
            raise ValidationError("on_behalf needs group_id.", "on_behalf")


class Unreachable(Schema):
    id = fields.Integer()
    name = fields.String()


class CampaignOut(Schema):
    id = fields.Integer()
    event_id = fields.Integer(allow_none=True)
    process_id = fields.Integer(allow_none=True)
    kind = fields.String(metadata={"description": "event, or process (an invitation to join)"})
    name = fields.String()
    message = fields.String(allow_none=True)
    status = fields.String()
    sent_at = fields.AwareDateTime(allow_none=True)
    recipients = fields.Integer(metadata={"description": "contacts and official addresses"})
    official = fields.Integer(metadata={"description": "invitations to an official address"})
    opted_out = fields.Integer(metadata={"description": "contacts left out (opted out)"})
    unreachable = fields.List(
        fields.Nested(Unreachable),
        metadata={"description": "organisations with no contact and no official address"},
    )
    recipients_spec = fields.Dict()
    criteria = fields.Dict(allow_none=True)
    queued = fields.Integer(metadata={"description": "messages queued by this send"})


class RecipientOut(Schema):
    organization_id = fields.Integer(allow_none=True)
    contact_id = fields.Integer(allow_none=True)
    email = fields.String()
    kind = fields.String(metadata={"description": "contact or official"})
    status = fields.String(metadata={"description": ", ".join(RECIPIENT_STATUSES)})
    answer = fields.String(metadata={"description": "none, accepted, declined, tentative"})


RecipientPage = page_schema(RecipientOut, "CampaignRecipientPage")
RecipientQuery = PageQuery
