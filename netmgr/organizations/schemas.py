"""marshmallow schemas of /api/v1/organizations and /api/v1/contacts."""

from __future__ import annotations

from marshmallow import fields, validate

from ..api.common import PageQuery, Schema, page_schema, partial_schema
from ..api.fields import Bool, Email, Float, Id, Int, OneOf, QueryBool, Str, Text, Url
from ..core.counties import COUNTIES
from .models import LANGUAGES, ORG_KINDS, WRITTEN_STANDARDS


class OrganizationSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = OneOf(ORG_KINDS, required=True)
    name = Str(required=True, validate=[validate.Length(min=1)])
    municipality_number = Str(
        max_length=4,
        allow_none=True,
        validate=[validate.Regexp("^[0-9]{4}$", error="Kommunenummeret må ha fire siffer.")],
        metadata={"description": "4-digit kommunenummer"},
    )
    org_number = Str(
        max_length=20,
        allow_none=True,
        metadata={"description": "9-digit organisasjonsnummer (spaces allowed)"},
    )
    county_number = OneOf(sorted(COUNTIES), allow_none=True)
    population = Int(maximum=100_000_000, allow_none=True)
    area_km2 = Float(allow_none=True, validate=validate.Range(min=0, max=1_000_000))
    written_standard = OneOf(WRITTEN_STANDARDS, allow_none=True)
    sami_name = Str(allow_none=True)
    admin_centre = Str(allow_none=True)
    website = Url(max_length=200, allow_none=True)
    official_email = Email(
        max_length=254,
        allow_none=True,
        metadata={
            "description": "official address (postmottak); invitations go here when no "
            "contact can be reached"
        },
    )
    active = Bool()
    county_id = fields.Integer(dump_only=True, allow_none=True)
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
    name = Str(max_length=100, metadata={"description": "same as q"})
    active = QueryBool()


class ContactSchema(Schema):
    id = fields.Integer(dump_only=True)
    organization_id = Id(required=True)
    name = Str(required=True, validate=[validate.Length(min=1)])
    email = Email(required=True)
    phone = Str(max_length=40, allow_none=True)
    title = Str(allow_none=True)
    language = OneOf(LANGUAGES, allow_none=True)
    opted_out = Bool()
    note = Text(allow_none=True)
    active = Bool(metadata={"description": "false: left the organisation, never invited"})
    is_main = Bool(
        dump_only=True, metadata={"description": "the organisation's main contact for LUP"}
    )
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class ContactQuery(PageQuery):
    organization_id = Id(strict=False)
    email = Str(max_length=320)
    q = Str(max_length=100, metadata={"description": "name or email contains"})
    opted_out = QueryBool()


OrganizationPatch = partial_schema(OrganizationSchema)
ContactPatch = partial_schema(ContactSchema)
OrganizationPage = page_schema(OrganizationSchema, "OrganizationPage")
ContactPage = page_schema(ContactSchema, "ContactPage")
