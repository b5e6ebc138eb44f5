"""/api/v1/organizations and /api/v1/contacts."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy import func, or_, select

from ..auth.tokens import require_token
from ..core.audit import audit
from ..extensions import db
from ..organizations import services
from ..organizations.models import LANGUAGES, ORG_KINDS, WRITTEN_STANDARDS, Contact, Organization
from .common import (
    BEARER,
    ApiBlueprint,
    Id,
    Int,
    OneOf,
    PageQuery,
    Schema,
    Str,
    Text,
    acting_user,
    get_or_404,
    page_schema,
    paginate,
    partial_schema,
    register_error_handlers,
)

bp = ApiBlueprint(
    "api_organizations",
    __name__,
    url_prefix="/api/v1",
    description="Municipalities, counties, state agencies, suppliers and their "
    "contact persons (bearer token required).",
)
register_error_handlers(bp)

REGISTRY_KINDS = ("municipality", "county")


class OrganizationSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = OneOf(ORG_KINDS, required=True)
    name = Str(required=True, validate=[validate.Length(min=1)])
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
    sami_name = Str(allow_none=True)
    admin_centre = Str(allow_none=True)
    website = Str(allow_none=True)
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
    name = Str(max_length=100, metadata={"description": "same as q"})
    active = fields.Boolean()


class ContactSchema(Schema):
    id = fields.Integer(dump_only=True)
    organization_id = Id(required=True)
    name = Str(required=True, validate=[validate.Length(min=1)])
    email = Str(required=True, max_length=320)
    phone = Str(max_length=40, allow_none=True)
    title = Str(allow_none=True)
    language = OneOf(LANGUAGES, allow_none=True)
    opted_out = fields.Boolean()
    note = Text(allow_none=True)
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


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@bp.route("/organizations")
class Organizations(MethodView):
    decorators = [require_token()]

    @bp.doc(security=BEARER)
    @bp.arguments(OrganizationQuery, location="query")
    @bp.response(200, OrganizationPage)
    def get(self, args):
        """List organisations (filters: kind, county, municipality_number, population range, q)"""
        query = select(Organization).order_by(Organization.name, Organization.id)
        if args.get("kind"):
            query = query.where(Organization.kind == args["kind"])
        county = args.get("county") or args.get("county_number")
        if county:
            query = query.where(Organization.county_number == county)
        if args.get("municipality_number"):
            query = query.where(Organization.municipality_number == args["municipality_number"])
        if args.get("org_number"):
            query = query.where(
                Organization.org_number == "".join(c for c in args["org_number"] if c.isdigit())
            )
        if args.get("population_min") is not None:
            query = query.where(Organization.population >= args["population_min"])
        if args.get("population_max") is not None:
            query = query.where(Organization.population <= args["population_max"])
        text = args.get("q") or args.get("name")
        if text:
            like = _like(text)
            query = query.where(
                or_(
                    func.lower(Organization.name).like(like, escape="\\"),
                    func.lower(Organization.sami_name).like(like, escape="\\"),
                )
            )
        if "active" in args:
            query = query.where(Organization.active == args["active"])
        return paginate(query, args)

    @bp.doc(security=BEARER)
    @bp.arguments(OrganizationSchema)
    @bp.response(201, OrganizationSchema)
    def post(self, data):
        """Create an organisation"""
        org = services.create_organization(data)
        audit("organization.created", org, user=acting_user())
        db.session.commit()
        return org


@bp.route("/organizations/<int:org_id>")
class OrganizationItem(MethodView):
    decorators = [require_token()]

    @bp.doc(security=BEARER)
    @bp.response(200, OrganizationSchema)
    def get(self, org_id):
        """Get one organisation"""
        return get_or_404(Organization, org_id)

    @bp.doc(security=BEARER)
    @bp.arguments(OrganizationPatch)
    @bp.response(200, OrganizationSchema)
    def patch(self, data, org_id):
        """Change fields of an organisation"""
        org = get_or_404(Organization, org_id)
        services.update_organization(org, data)
        audit("organization.updated", org, user=acting_user(), fields=sorted(data))
        db.session.commit()
        return org

    @bp.doc(security=BEARER)
    @bp.response(204)
    def delete(self, org_id):
        """Delete an organisation nothing refers to (municipalities and counties: admin only)"""
        org = get_or_404(Organization, org_id)
        if org.kind in REGISTRY_KINDS and not acting_user().has_role("admin"):
            abort(403)
        audit("organization.deleted", org, user=acting_user(), name=org.name)
        services.delete_organization(org)
        db.session.commit()


@bp.route("/contacts")
class Contacts(MethodView):
    decorators = [require_token()]

    @bp.doc(security=BEARER)
    @bp.arguments(ContactQuery, location="query")
    @bp.response(200, ContactPage)
    def get(self, args):
        """List contacts (filters: organization_id, email, q, opted_out)"""
        query = select(Contact).order_by(Contact.name, Contact.id)
        if args.get("organization_id"):
            query = query.where(Contact.organization_id == args["organization_id"])
        if args.get("email"):
            query = query.where(Contact.email == args["email"].lower())
        if args.get("q"):
            like = _like(args["q"])
            query = query.where(
                or_(
                    func.lower(Contact.name).like(like, escape="\\"),
                    Contact.email.like(like, escape="\\"),
                )
            )
        if "opted_out" in args:
            query = query.where(Contact.opted_out == args["opted_out"])
        return paginate(query, args)

    @bp.doc(security=BEARER)
    @bp.arguments(ContactSchema)
    @bp.response(201, ContactSchema)
    def post(self, data):
        """Create a contact (email unique: 409 when taken)"""
        contact = services.create_contact(data)
        audit("contact.created", contact, user=acting_user())
        db.session.commit()
        return contact


@bp.route("/contacts/<int:contact_id>")
class ContactItem(MethodView):
    decorators = [require_token()]

    @bp.doc(security=BEARER)
    @bp.response(200, ContactSchema)
    def get(self, contact_id):
        """Get one contact"""
        return get_or_404(Contact, contact_id)

    @bp.doc(security=BEARER)
    @bp.arguments(ContactPatch)
    @bp.response(200, ContactSchema)
    def patch(self, data, contact_id):
        """Change fields of a contact"""
        contact = get_or_404(Contact, contact_id)
        services.update_contact(contact, data)
        audit("contact.updated", contact, user=acting_user(), fields=sorted(data))
        db.session.commit()
        return contact

    @bp.doc(security=BEARER)
    @bp.response(204)
    def delete(self, contact_id):
        """Erase a contact (their registrations stay, without the person)"""
        contact = get_or_404(Contact, contact_id)
        audit("contact.deleted", contact, user=acting_user())
        services.delete_contact(contact)
        db.session.commit()
