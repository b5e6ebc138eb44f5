"""Schemas of the privacy API: person export, erasure, audit log."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validates_schema

from ..api.common import DateOrDateTime, Email, Id, PageQuery, Schema, Str, page_schema


class PersonQuery(Schema):
    email = Email(required=True)


class PersonIn(Schema):
    email = Email(required=True)


def _rows(description: str):
    return fields.List(fields.Dict(), metadata={"description": description})


class PersonExport(Schema):
    contacts = _rows("contact rows with this address")
    registrations = _rows("their registrations")
    campaign_recipients = _rows("invitations sent to them and their answers")
    mails = _rows("mails sent to them, with bodies")
    subscriptions = _rows("their personal calendar links (never the token)")
    audit = _rows("audit entries about them")


class ErasedCounts(Schema):
    contacts = fields.Integer()
    registrations_anonymised = fields.Integer()
    registrations_cancelled = fields.Integer()
    mails_deleted = fields.Integer()
    tokens_revoked = fields.Integer()


class Erased(Schema):
    erased = fields.Nested(ErasedCounts)


class AuditQuery(PageQuery):
    action = Str(max_length=80)
    user_id = Id(strict=False)
    date_from = DateOrDateTime(data_key="from", metadata={"description": "date or time"})
    date_to = DateOrDateTime(data_key="to", metadata={"description": "date (inclusive) or time"})

    @validates_schema
    def _order(self, data, **kwargs):
        start, end = data.get("date_from"), data.get("date_to")
        if start is not None and end is not None and type(start) is type(end) and end < start:
            raise ValidationError("Must not be before from.", "to")


class AuditEntryOut(Schema):
    id = fields.Integer()
    at = fields.AwareDateTime()
    action = fields.String()
    user_id = fields.Integer(allow_none=True)
    object_type = fields.String(allow_none=True)
    object_id = fields.Integer(allow_none=True)
    data = fields.Dict(allow_none=True)


AuditPage = page_schema(AuditEntryOut, "AuditPage")
