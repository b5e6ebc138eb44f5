"""/api/v1/organizations and /api/v1/contacts (routes in :mod:`.blueprint`)."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from sqlalchemy import or_, select

from ..api.common import BEARER, acting_user, doc, get_or_404, paginate
from ..auth.tokens import require_token
from ..core.audit import audit
from ..core.search import contains
from ..extensions import db
from . import services
from .models import Contact, Organization
from .schemas import (
    ContactPage,
    ContactPatch,
    ContactQuery,
    ContactSchema,
    OrganizationPage,
    OrganizationPatch,
    OrganizationQuery,
    OrganizationSchema,
)

#: Kinds from the official registry: only an admin deletes them
REGISTRY_KINDS = ("municipality", "county")


class Organizations(MethodView):
    decorators = [require_token()]

    @doc.doc(security=BEARER)
    @doc.arguments(OrganizationQuery, location="query")
    @doc.response(200, OrganizationPage)
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
            query = query.where(
                or_(contains(Organization.name, text), contains(Organization.sami_name, text))
            )
        if "active" in args:
            query = query.where(Organization.active == args["active"])
        return paginate(query, args)

    @doc.doc(security=BEARER)
    @doc.arguments(OrganizationSchema)
    @doc.response(201, OrganizationSchema)
    def post(self, data):
        """Create an organisation"""
        org = services.create_organization(data)
        audit("organization.created", org, user=acting_user())
        db.session.commit()
        return org


class OrganizationItem(MethodView):
    decorators = [require_token()]

    @doc.doc(security=BEARER)
    @doc.response(200, OrganizationSchema)
    def get(self, org_id):
        """Get one organisation"""
        return get_or_404(Organization, org_id)

    @doc.doc(security=BEARER)
    @doc.arguments(OrganizationPatch)
    @doc.response(200, OrganizationSchema)
    def patch(self, data, org_id):
        """Change fields of an organisation"""
        org = get_or_404(Organization, org_id)
        services.update_organization(org, data)
        audit("organization.updated", org, user=acting_user(), fields=sorted(data))
        db.session.commit()
        return org

    @doc.doc(security=BEARER)
    @doc.response(204)
    def delete(self, org_id):
        """Delete an organisation nothing refers to (municipalities and counties: admin only)"""
        org = get_or_404(Organization, org_id)
        if org.kind in REGISTRY_KINDS and not acting_user().has_role("admin"):
            abort(403)
        audit("organization.deleted", org, user=acting_user(), name=org.name)
        services.delete_organization(org)
        db.session.commit()


class Contacts(MethodView):
    decorators = [require_token()]

    @doc.doc(security=BEARER)
    @doc.arguments(ContactQuery, location="query")
    @doc.response(200, ContactPage)
    def get(self, args):
        """List contacts (filters: organization_id, email, q, opted_out)"""
        query = select(Contact).order_by(Contact.name, Contact.id)
        if args.get("organization_id"):
            query = query.where(Contact.organization_id == args["organization_id"])
        if args.get("email"):
            query = query.where(Contact.email == args["email"].lower())
        if args.get("q"):
            text = args["q"]
            query = query.where(or_(contains(Contact.name, text), contains(Contact.email, text)))
        if "opted_out" in args:
            query = query.where(Contact.opted_out == args["opted_out"])
        return paginate(query, args)

    @doc.doc(security=BEARER)
    @doc.arguments(ContactSchema)
    @doc.response(201, ContactSchema)
    def post(self, data):
        """Create a contact (email unique: 409 when taken)"""
        contact = services.create_contact(data)
        audit("contact.created", contact, user=acting_user())
        db.session.commit()
        return contact


class ContactItem(MethodView):
    decorators = [require_token()]

    @doc.doc(security=BEARER)
    @doc.response(200, ContactSchema)
    def get(self, contact_id):
        """Get one contact"""
        return get_or_404(Contact, contact_id)

    @doc.doc(security=BEARER)
    @doc.arguments(ContactPatch)
    @doc.response(200, ContactSchema)
    def patch(self, data, contact_id):
        """Change fields of a contact"""
        contact = get_or_404(Contact, contact_id)
        services.update_contact(contact, data)
        audit("contact.updated", contact, user=acting_user(), fields=sorted(data))
        db.session.commit()
        return contact

    @doc.doc(security=BEARER)
    @doc.response(204)
    def delete(self, contact_id):
        """Erase a contact (their registrations stay, without the person)"""
        contact = get_or_404(Contact, contact_id)
        audit("contact.deleted", contact, user=acting_user())
        services.delete_contact(contact)
        db.session.commit()
