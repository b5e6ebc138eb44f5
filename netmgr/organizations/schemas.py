"""marshmallow schemas of /api/v1/organizations and /api/v1/contacts."""

from __future__ import annotations

from marshmallow import fields, validate

from ..api.common import (
    HttpUrl,
    Id,
    Int,
    Line,
    OneOf,
    PageQuery,
    Schema,
    Str,
    Text,
    page_schema,
    partial_schema,
)
from .models import LANGUAGES, ORG_KINDS, WRITTEN_STANDARDS


class OrganizationSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = OneOf(ORG_KINDS, required=True)
    name = Line(required=True, validate=[validate.Length(min=1)])
    municipality_number = Str(
        max_length=4, allow_none=True, metadata={"description": "4-digit kommunenummer"}
    )
    org_number = Str(
        max_length=20,
        allow_none=True,
        metadata={"description": "9-digit organisasjonsnummer (spaces allowed)"},
    )
    county_number = Str(max_length=2, allow_none=True)
    population = Int(maximum=100_000_000, allow_none=True)
    area_km2 = fields.Float(allow_none=True, validate=validate.Range(min=0, max=1_000_000))
    written_standard = OneOf(WRITTEN_STANDARDS, allow_none=True)
    sami_name = Line(allow_none=True)
    admin_centre = Str(allow_none=True)
    website = HttpUrl(allow_none=True)
    official_email = Str(
        max_length=320,
        allow_none=True,
        metadata={
            "description": "official address (postmottak); invitations go here when no "
            "contact can be reached"
        },
    )
    active = fields.Boolean()
    county_id = fields.Integer(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class OrganizationQuery(PageQuery):
    kind = OneOf(ORG_KINDS)
    county = Str(max_length=2, metadata={"description": "county number (fylkesnummer)"})
    county_number = Str(max_length=2, metadata={"description": "same as county"})
    municipality_number = Str(max_length=4)
    org_number = Str(max_length=20)
    population_min = Int(strict=False, maximum=100_000_000)
    population_max = Int(strict=False, maximum=100_000_000)
    q = Str(max_length=100, metadata={"description": "name contains (case-insensitive)"})
    name = Line(max_length=100, metadata={"description": "same as q"})
    active = fields.Boolean()


class ContactSchema(Schema):
    id = fields.Integer(dump_only=True)
    organization_id = Id(required=True)
    name = Line(required=True, validate=[validate.Length(min=1)])
    email = Str(required=True, max_length=320)
    phone = Str(max_length=40, allow_none=True)
    title = Line(allow_none=True)
    language = OneOf(LANGUAGES, allow_none=True)
    opted_out = fields.Boolean()
    note = Text(allow_none=True)
    active = fields.Boolean(metadata={"description": "false: left the organisation, never invited"})
    is_main = fields.Boolean(
        dump_only=True, metadata={"description": "the organisation's main contact for LUP"}
    )
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class ContactQuery(PageQuery):
    organization_id = Id(strict=False)
    email = Str(max_length=320)
    q = Str(max_length=100, metadata={"description": "name or email contains"})
    opted_out = fields.Boolean()


OrganizationPatch = partial_schema(OrganizationSchema)
ContactPatch = partial_schema(ContactSchema)
OrganizationPage = page_schema(OrganizationSchema, "OrganizationPage")
ContactPage = page_schema(ContactSchema, "ContactPage")
