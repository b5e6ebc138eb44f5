"""Organisation and contact rules shared by the API, the web pages and the imports.

Service functions validate, change the session and flush; they never commit (the caller does).
They raise :class:`~netmgr.core.errors.ServiceError` (422), ``ConflictError`` (409) or
``NotFoundError`` (404) with ``{field: [messages]}``.
"""

from __future__ import annotations

import csv
import functools
import re
import weakref
from importlib import resources

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from ..core.commit import insert_returning
from ..core.counties import COUNTIES
from ..core.errors import ConflictError, ServiceError, restored_on_error
from ..core.signals import organization_deleting
from ..core.timeutil import utcnow
from ..extensions import db
from .models import LANGUAGES, ORG_KINDS, WRITTEN_STANDARDS, Contact, Organization

# Re-exported: registration and participation normalise addresses and numbers through here.
from .normalize import CONTROL_CHARACTERS, normalize_email, normalize_org_number  # noqa: F401

# fmt: off
#: Organisation attributes the API and forms may set
ORG_FIELDS = (
    "kind", "name", "municipality_number", "org_number", "county_number", "population",
    "area_km2", "written_standard", "sami_name", "admin_centre", "website", "official_email",
    "active",
)
#: Contact attributes the API and forms may set (the main contact has its own service)
CONTACT_FIELDS = (
    "organization_id", "name", "email", "phone", "title", "language", "opted_out", "note",
    "active",
)
#: Organisation fields stored as stripped text (empty = NULL)
_ORG_TEXT = (
    "name", "sami_name", "admin_centre", "website", "municipality_number", "county_number",
)
# fmt: on
_MUNICIPALITY_NUMBER = re.compile(r"^\d{4}$")


# ------------------------------------------------------------------------------------------
# Normalisation


@functools.lru_cache(maxsize=1)
def registry_municipalities() -> dict[str, str]:
    """Municipality number -> county number from the shipped registry file."""
    path = resources.files("netmgr") / "data" / "municipalities-2025.csv"
    with path.open(encoding="utf-8") as fh:
        return {row["number"]: row["county_number"] for row in csv.DictReader(fh)}


def known_municipality(number: str) -> str | None:
    """County number of a known municipality (shipped registry or seeded rows), else None."""
    county = registry_municipalities().get(number)
    if county:
        return county
    return db.session.scalar(
        select(Organization.county_number).where(
            Organization.kind == "municipality", Organization.municipality_number == number
        )
    )


def is_small(org) -> bool:
    """A municipality under the size limit (SSB: fewer than 5,000 inhabitants)."""
    if org is None or org.kind != "municipality" or org.population is None:
        return False
    limit = current_app.config.get("SMALL_MUNICIPALITY_LIMIT", 5000) if has_app_context() else 5000
    return org.population < limit


# ------------------------------------------------------------------------------------------
# Organisations


def _clean_text(value):
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def validate_organization(org: Organization) -> None:
    """Check the organisation as it would be stored; raise ServiceError with every problem."""
    errors: dict[str, list[str]] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    if org.kind not in ORG_KINDS:
        err("kind", _("Ugyldig organisasjonstype."))
    if not (org.name or "").strip():
        err("name", _("Skriv et navn."))
    if org.written_standard is not None and org.written_standard not in WRITTEN_STANDARDS:
        err("written_standard", _("Målform må være nb, nn eller neutral."))
    if org.population is not None and org.population < 0:
        err("population", _("Folketallet kan ikke være negativt."))
    if org.county_number is not None and org.county_number not in COUNTIES:
        err("county_number", _("Ukjent fylkesnummer."))
    if org.municipality_number is not None:
        if not _MUNICIPALITY_NUMBER.match(org.municipality_number):
            err("municipality_number", _("Kommunenummeret må ha fire siffer."))
        elif org.kind == "municipality":
            county = known_municipality(org.municipality_number)
            if county is None:
                err("municipality_number", _("Ukjent kommunenummer."))
            elif org.county_number is None:
                org.county_number = county
            elif org.county_number != county and "county_number" not in errors:
                err("county_number", _("Kommunen ligger ikke i dette fylket."))
        else:
            err("municipality_number", _("Bare kommuner har kommunenummer."))
    elif org.kind == "municipality":
        err("municipality_number", _("En kommune må ha kommunenummer."))
    if org.kind == "supplier" and not org.org_number:
        err("org_number", _("En leverandør må ha organisasjonsnummer."))
    if org.kind == "county" and org.county_number is None:
        err("county_number", _("Et fylke må ha fylkesnummer."))
    if errors:
        raise ServiceError(errors)


def _check_unique_org(org: Organization) -> None:
    for field in ("municipality_number", "org_number"):
        value = getattr(org, field)
        if value is None:
            continue
        other = db.session.scalar(
            select(Organization.id).where(
                getattr(Organization, field) == value, Organization.id != (org.id or 0)
            )
        )
        if other is not None:
            raise ConflictError(
                {
                    field: [
                        _(
                            "Det finnes allerede en organisasjon med dette nummeret (id %(id)s).",
                            id=other,
                        )
                    ]
                }
            )


def _link_county(org: Organization) -> None:
    if org.kind == "municipality" and org.county_number:
        org.county_id = db.session.scalar(
            select(Organization.id).where(
                Organization.kind == "county", Organization.county_number == org.county_number
            )
        )


def _org_value(name: str, value):
    if name in _ORG_TEXT:
        value = _clean_text(value)
        if name == "name" and value and CONTROL_CHARACTERS.search(value):
            raise ServiceError({name: [_("Linjeskift og kontrolltegn er ikke tillatt.")]})
    elif name == "org_number":
        value = normalize_org_number(value) if _clean_text(value) else None
    elif name == "official_email":
        value = normalize_email(value, "official_email") if _clean_text(value) else None
    return value


def _assign_org(org: Organization, data: dict) -> None:
    unknown = set(data) - set(ORG_FIELDS)
    if unknown:
        raise ServiceError({name: [_("Ukjent felt.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        try:
            setattr(org, name, _org_value(name, value))
        except ServiceError as exc:
            for field, messages in exc.errors.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ServiceError(errors)


def create_organization(data: dict) -> Organization:
    """Create an organisation from API/form data (kind, name, numbers ...)."""
    org = Organization(active=True)
    _assign_org(org, dict(data))
    validate_organization(org)
    _check_unique_org(org)
    _link_county(org)
    db.session.add(org)
    db.session.flush()
    return org


def update_organization(org: Organization, changes: dict) -> Organization:
    """Apply a partial change; the result is validated as a whole."""
    with restored_on_error(org, ORG_FIELDS):
        _assign_org(org, dict(changes))
        validate_organization(org)
        _check_unique_org(org)
    _link_county(org)
    db.session.flush()
    return org


def delete_organization(org: Organization) -> None:
    """Delete an organisation nothing refers to; otherwise ConflictError (deactivate instead).

    Features above this one (network memberships, registrations) answer the
    ``organization_deleting`` signal with a message when they still refer to ``org``.
    """
    checks = (
        (Contact.organization_id, _("Organisasjonen har kontaktpersoner.")),
        (Organization.county_id, _("Fylket har kommuner.")),
    )
    for column, message in checks:
        if db.session.scalar(select(func.count()).where(column == org.id)):
            raise ConflictError(message)
    for _receiver, message in organization_deleting.send(org):
        if message:
            raise ConflictError(message)
    db.session.delete(org)
    db.session.flush()


def find_or_create_supplier(org_number, name) -> Organization:
    """The organisation with this organisation number, or a new supplier with it."""
    number = normalize_org_number(org_number)
    org = db.session.scalar(select(Organization).where(Organization.org_number == number))
    if org is not None:
        return org
    name = _clean_text(name)
    if not name:
        raise ServiceError({"name": [_("Skriv navnet på virksomheten.")]})
    return create_organization({"kind": "supplier", "name": name[:200], "org_number": number})


# ------------------------------------------------------------------------------------------
# Contacts


def _assign_contact(contact: Contact, data: dict) -> None:
    unknown = set(data) - set(CONTACT_FIELDS)
    if unknown:
        raise ServiceError({name: [_("Ukjent felt.")] for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        try:
            if name == "email":
                value = normalize_email(value)
            elif name in ("name", "phone", "title", "note", "language"):
                value = _clean_text(value)
                if name in ("name", "title") and value and CONTROL_CHARACTERS.search(value):
                    raise ServiceError({name: [_("Linjeskift og kontrolltegn er ikke tillatt.")]})
            elif name == "active":
                value = bool(value)
                if not value:
                    contact.is_main = False
            elif name == "opted_out":
                value = bool(value)
                if value and not contact.opted_out:
                    contact.opted_out_at = utcnow()
                elif not value:
                    contact.opted_out_at = None
            elif (
                name == "organization_id"
                and value is not None
                and db.session.get(Organization, value) is None
            ):
                raise ServiceError({name: [_("Organisasjonen finnes ikke.")]})
        except ServiceError as exc:
            for field, messages in exc.errors.items():
                errors.setdefault(field, []).extend(messages)
            continue
        setattr(contact, name, value)
    if not (contact.name or "").strip():
        errors.setdefault("name", []).append(_("Skriv et navn."))
    if contact.email is None and "email" not in errors:
        errors["email"] = [_("Skriv en e-postadresse.")]
    if contact.organization_id is None and "organization_id" not in errors:
        errors["organization_id"] = [_("Velg en organisasjon.")]
    if contact.language is not None and contact.language not in LANGUAGES:
        errors.setdefault("language", []).append(_("Språk må være nb, nn eller en."))
    if errors:
        raise ServiceError(errors)


def _check_unique_email(contact: Contact) -> None:
    other = db.session.scalar(
        select(Contact.id).where(Contact.email == contact.email, Contact.id != (contact.id or 0))
    )
    if other is not None:
        raise ConflictError(
            {
                "email": [
                    _(
                        "Det finnes allerede en kontaktperson med denne "
                        "e-postadressen (id %(id)s).",
                        id=other,
                    )
                ]
            }
        )


#: ``db.session.info`` key: contacts created in this session (no registration can exist yet)
_CREATED = "netmgr_contacts_created"


def created_in_session(contact) -> bool:
    """Was ``contact`` created in the current session? (Lets callers skip "already
    registered?" look-ups that cannot find anything for a person who did not exist.)"""
    return contact in db.session.info.get(_CREATED, ())


def create_contact(data: dict, *, email_checked: bool = False) -> Contact:
    """Create a contact; the email is normalised and must be new (409 otherwise).

    ``email_checked``: the caller has just looked the address up and found nobody (the
    unique index still guards a race)."""
    data = dict(data)
    organization = data.pop("organization", None)
    contact = Contact(opted_out=False)
    if organization is not None:
        if organization.id is None:
            db.session.flush()
        data.setdefault("organization_id", organization.id)
    _assign_contact(contact, data)
    if not email_checked:
        _check_unique_email(contact)
    insert_returning(contact)  # one INSERT … RETURNING, no unit of work (bursts)
    db.session.info.setdefault(_CREATED, weakref.WeakSet()).add(contact)
    return contact


def update_contact(contact: Contact, changes: dict) -> Contact:
    with restored_on_error(contact, (*CONTACT_FIELDS, "opted_out_at")):
        _assign_contact(contact, dict(changes))
        _check_unique_email(contact)
    db.session.flush()
    return contact


def delete_contact(contact: Contact) -> None:
    """Erase a contact; registrations keep the organisation (contact_id becomes empty)."""
    db.session.delete(contact)
    db.session.flush()


def contact_by_email(email) -> Contact | None:
    """The contact with this address (normalised first), or None; one indexed query."""
    return db.session.scalar(_BY_EMAIL, {"email": normalize_email(email)})


_UNKNOWN = object()
_BY_EMAIL = select(Contact).where(Contact.email == bindparam("email"))  # built once (bursts)


def find_or_create_contact(email, name, organization, *, found=_UNKNOWN, **fields) -> Contact:
    """The contact with this email (name and other given fields updated when empty), or a new one.

    An existing contact keeps its organisation; ``fields`` may hold phone, title, language.
    ``found``: the result of :func:`contact_by_email` when the caller already asked.
    """
    address = normalize_email(email)
    contact = db.session.scalar(_BY_EMAIL, {"email": address}) if found is _UNKNOWN else found
    if contact is None:
        return create_contact(
            {
                "email": address,
                "name": name,
                "organization": organization,
                **{k: v for k, v in fields.items() if v is not None},
            },
            email_checked=True,
        )
    updates = {}
    if name and not contact.name:
        updates["name"] = name
    for key, value in fields.items():
        if key in CONTACT_FIELDS and value is not None and not getattr(contact, key):
            updates[key] = value
    if updates:
        update_contact(contact, updates)
    return contact
