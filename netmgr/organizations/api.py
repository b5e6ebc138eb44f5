"""/api/v1/organizations and /api/v1/contacts (routes in :mod:`.blueprint`)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import or_, select

from ..api.common import acting_user
from ..api.resources import DOCUMENTED_TOKEN, Item, create_method, item_resource, list_method
from ..auth.tokens import require_token
from ..core.search import contains
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


def _search_organizations(args):
    """The select behind ``GET`` of :class:`Organizations` (its filters)."""
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
    return query


class Organizations(MethodView):
    decorators = [require_token()]

    get = list_method(
        OrganizationQuery,
        OrganizationPage,
        _search_organizations,
        "List organisations (filters: kind, county, municipality_number, population range, q)",
        auth=DOCUMENTED_TOKEN,
    )

    post = create_method(
        OrganizationSchema,
        services.create_organization,
        "Create an organisation",
        audit_as="organization",
        auth=DOCUMENTED_TOKEN,
    )


OrganizationItem = item_resource(
    "OrganizationItem",
    Item(
        Organization,
        schema=OrganizationSchema,
        patch=OrganizationPatch,
        update=services.update_organization,
        delete=services.delete_organization,
        audit_as="organization",
        deleted_detail=lambda org: {"name": org.name},
        may_delete=lambda org: org.kind not in REGISTRY_KINDS or acting_user().has_role("admin"),
        docs={
            "get": "Get one organisation",
            "patch": "Change fields of an organisation",
            "delete": "Delete an organisation nothing refers to "
            "(municipalities and counties: admin only)",
        },
    ),
)


def _search_contacts(args):
    """The select behind ``GET`` of :class:`Contacts` (its filters)."""
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
    return query


class Contacts(MethodView):
    decorators = [require_token()]

    get = list_method(
        ContactQuery,
        ContactPage,
        _search_contacts,
        "List contacts (filters: organization_id, email, q, opted_out)",
        auth=DOCUMENTED_TOKEN,
    )

    post = create_method(
        ContactSchema,
        services.create_contact,
        "Create a contact (email unique: 409 when taken)",
        audit_as="contact",
        auth=DOCUMENTED_TOKEN,
    )


ContactItem = item_resource(
    "ContactItem",
    Item(
        Contact,
        schema=ContactSchema,
        patch=ContactPatch,
        update=services.update_contact,
        delete=services.delete_contact,
        audit_as="contact",
        docs={
            "get": "Get one contact",
            "patch": "Change fields of a contact",
            "delete": "Erase a contact (their registrations stay, without the person)",
        },
    ),
)
