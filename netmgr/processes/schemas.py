"""marshmallow schemas of the processes API."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from ..api.common import PageQuery, Schema, page_schema, partial_schema
from ..api.fields import Bool, DateField, Id, OneOf, QueryBool, Str, Text
from .models import PHASES, ROLES, STATUSES


class PhaseChangeSchema(Schema):
    phase = fields.String()
    from_phase = fields.String(allow_none=True)
    changed_on = fields.Date()
    note = fields.String(allow_none=True)


class ProcessSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = Str(
        max_length=80,
        required=True,
        metadata={"description": "URL name: a-z, digits and hyphens"},
    )
    title = Str(required=True, validate=[validate.Length(min=1)])
    description = Text(allow_none=True)
    theme = Str(max_length=60, allow_none=True, metadata={"description": "theme slug"})
    network_id = Id(allow_none=True, metadata={"description": "the network it grew from"})
    phase = OneOf(PHASES, metadata={"description": " → ".join(PHASES)})
    allow_backwards = Bool(
        load_only=True, metadata={"description": "true to move the phase backwards"}
    )
    phase_changed_on = DateField(
        load_only=True, metadata={"description": "day the new phase began (default today)"}
    )
    status = OneOf(STATUSES)
    public = Bool(metadata={"description": "false until published"})
    responsible_user_id = Id(allow_none=True)
    started_on = DateField(allow_none=True)
    ended_on = DateField(allow_none=True)
    published_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class ProcessOut(ProcessSchema):
    theme = fields.Function(lambda p: p.theme.slug if p.theme else None)
    timeline = fields.List(
        fields.Nested(PhaseChangeSchema), attribute="phase_changes", dump_only=True
    )


class ProcessQuery(PageQuery):
    phase = OneOf(PHASES)
    status = OneOf(STATUSES)
    theme = Str(max_length=60, metadata={"description": "theme slug"})
    public = QueryBool(metadata={"description": "true or false (false needs a token)"})


ProcessPatch = partial_schema(ProcessSchema)
ProcessPage = page_schema(ProcessOut, "ProcessPage")


class ParticipantSchema(Schema):
    id = fields.Integer(dump_only=True)
    organization_id = Id(metadata={"description": "the organisation; or give group_id"})
    group_id = Id(
        load_only=True,
        metadata={
            "description": "instead of organization_id: add the group's current members "
            "(those already taking part are left as they are); the answer is then a list"
        },
    )
    organization_name = fields.Function(lambda r: r.organization.name, dump_only=True)
    organization_kind = fields.Function(lambda r: r.organization.kind, dump_only=True)
    population = fields.Function(lambda r: r.organization.population, dump_only=True)
    role = OneOf(ROLES, load_default="need_owner")
    joined_on = DateField(metadata={"description": "default today"})
    left_on = fields.Date(dump_only=True, allow_none=True)
    buys_separately = Bool(load_default=True)
    joined_in_phase = OneOf(PHASES, metadata={"description": "default: the current phase"})
    status = fields.String(
        dump_only=True,
        metadata={
            "description": "active, or pending: accepted an invitation to join and waits "
            "for the coordinator's approval (counts nowhere until then)"
        },
    )

    @validates_schema
    def _one_of(self, data, **kwargs):
        if ("organization_id" in data) == ("group_id" in data):
            raise ValidationError(
                "Give exactly one of organization_id and group_id.", "organization_id"
            )


class ParticipantQuery(Schema):
    current = QueryBool(metadata={"description": "true: only those taking part today"})


class LeaveQuery(Schema):
    left_on = DateField(metadata={"description": "last day in the process (default today)"})


class SummarySchema(Schema):
    need_owners = fields.Integer()
    small_need_owners = fields.Integer(metadata={"description": "under 5,000 inhabitants"})
    population_covered = fields.Integer()
    counties = fields.Integer()
    suppliers_in_dialogue = fields.Integer()
    events = fields.Integer()
