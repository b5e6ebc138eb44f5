"""Read-only queries of the coordinator's organisation pages."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from ..core.search import contains
from ..extensions import db
from ..web.paging import Page, paginate
from .models import ORG_KINDS, Contact, Organization

#: Values of the "has contact" filter
CONTACT_STATES = ("yes", "no", "official")


def _reachable_contact():
    return (
        select(Contact.id)
        .where(
            Contact.organization_id == Organization.id,
            Contact.active.is_(True),
            Contact.opted_out.is_(False),
        )
        .exists()
    )


def organization_page(args: dict, extra_filters, page: int) -> Page:
    """One page of organisations matching ``args`` (kind, county, contact, q, active and the
    features' filters), with each one's number of active contacts."""
    contacts = (
        select(func.count(Contact.id))
        .where(Contact.organization_id == Organization.id, Contact.active.is_(True))
        .correlate(Organization)
        .scalar_subquery()
    )
    stmt = select(Organization, contacts.label("contacts")).order_by(
        Organization.name, Organization.id
    )
    if args.get("kind") in ORG_KINDS:
        stmt = stmt.where(Organization.kind == args["kind"])
    if args.get("county"):
        stmt = stmt.where(Organization.county_number == args["county"])
    if args.get("q"):
        text = args["q"]
        digits = text.replace(" ", "")
        stmt = stmt.where(
            or_(
                contains(Organization.name, text),
                contains(Organization.sami_name, text),
                Organization.municipality_number == digits,
                Organization.org_number == digits,
            )
        )
    if args.get("contact") == "yes":
        stmt = stmt.where(_reachable_contact())
    elif args.get("contact") == "no":
        stmt = stmt.where(~_reachable_contact())
    elif args.get("contact") == "official":
        stmt = stmt.where(~_reachable_contact(), Organization.official_email.is_not(None))
    if args.get("active") != "all":
        stmt = stmt.where(Organization.active.is_(True))
    for list_filter in extra_filters:
        value = args.get(list_filter.name)
        condition = list_filter.where(value) if value else None
        if condition is not None:
            stmt = stmt.where(condition)
    return paginate(stmt, page, per_page=50, scalars=False)


def contacts_of(org: Organization) -> list[Contact]:
    """The organisation's contacts: the main contact first, then active ones, by name."""
    return db.session.scalars(
        select(Contact)
        .where(Contact.organization_id == org.id)
        .order_by(Contact.is_main.desc(), Contact.active.desc(), Contact.name, Contact.id)
    ).all()


def merge_candidates(contact: Contact) -> list[Contact]:
    """Contacts that may be the same person: same organisation or same name, active first."""
    return db.session.scalars(
        select(Contact)
        .where(
            Contact.id != contact.id,
            or_(
                Contact.organization_id == contact.organization_id,
                func.lower(Contact.name) == contact.name.lower(),
            ),
        )
        .order_by(Contact.name, Contact.id)
        .limit(200)
    ).all()
