"""From a filled-in form to a registration: find the organisation and the contact (never a
duplicate), then :func:`services.register`. Also the buyer look-up by name or number."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import get_locale, gettext
from sqlalchemy import select

from ..core.errors import ServiceError
from ..extensions import db
from ..networks.models import Theme
from ..organizations.models import Organization
from ..organizations.services import find_or_create_contact, find_or_create_supplier
from ..web.labels import theme_name
from . import services

BUYER_KINDS = ("municipality", "county", "state_agency")
_IN_PARENS = re.compile(r"\((\d[\d ]*)\)\s*$")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


def buyer_label(org: Organization) -> str:
    """How a buyer appears in the type-ahead list: "Hamar (3403)", "Innlandet (34)"."""
    number = (
        org.municipality_number
        or (org.county_number if org.kind == "county" else None)
        or org.org_number
    )
    return f"{org.display_name} ({number})" if number else org.display_name


def buyer_organizations(kinds=BUYER_KINDS) -> list[Organization]:
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.kind.in_(kinds), Organization.active.is_(True))
            .order_by(Organization.name)
        )
    )


@dataclass
class Lookup:
    match: Organization | None
    candidates: list[Organization]


def find_organizations(query: str, kinds=BUYER_KINDS, limit: int = 20) -> Lookup:
    """Resolve what someone typed: a number, a label from the list, or (part of) a name.

    An exact hit (number, label, full name) is the match; otherwise the candidates are the
    organisations whose name contains the text (first those that start with it).
    """
    text = (query or "").strip()
    if not text:
        return Lookup(None, [])
    m = _IN_PARENS.search(text)
    number = re.sub(r"\s", "", m.group(1)) if m else re.sub(r"\s", "", text)
    orgs = buyer_organizations(kinds)
    if number.isdigit():
        for org in orgs:
            if number in (org.municipality_number, org.org_number) or (
                org.kind == "county" and number == org.county_number
            ):
                return Lookup(org, [org])
    folded = _fold(_IN_PARENS.sub("", text))
    exact = [
        o
        for o in orgs
        if folded in (_fold(o.name), _fold(o.sami_name or ""), _fold(o.display_name))
    ]
    if len(exact) == 1:
        return Lookup(exact[0], exact)
    starts = [o for o in orgs if _fold(o.name).startswith(folded)]
    contains = [o for o in orgs if folded in _fold(o.display_name) and o not in starts]
    return Lookup(None, (exact or starts + contains)[:limit])


_THEMES = select(Theme).order_by(Theme.id)  # built once: every form POST asks


def theme_choices() -> list[tuple[Theme, str]]:
    themes = db.session.scalars(_THEMES)
    return [(t, theme_name(t)) for t in themes]


def _language() -> str | None:
    try:
        code = str(get_locale() or "")
    except RuntimeError:
        return None
    # bokmål is everyone's default; only a chosen nynorsk/English is kept on the contact
    return code if code in ("nn", "en") else None


def _contact(email, name, organization, found, **fields):
    if found is not _LOOK_UP:
        fields["found"] = found
    return find_or_create_contact(email, name, organization, **fields)


#: ``found`` not given: look the person up by address
_LOOK_UP = object()


def register_supplier(event, form, found=_LOOK_UP, source="form"):
    """The supplier form's data -> (registration, created). Raises ServiceError.

    ``found``: the contact with the form's address (or None) when the caller already asked."""
    org = find_or_create_supplier(form.org_number.data, form.company_name.data)
    contact = _contact(
        form.email.data,
        form.contact_name.data,
        org,
        found,
        phone=form.phone.data or None,
        language=_language(),
    )
    role = form.participation.data
    theme = None
    if role == "presenter":
        theme = db.session.scalar(select(Theme).where(Theme.slug == form.theme.data))
    return services.register(
        event,
        contact,
        organization=org,
        role=role,
        source=source,
        solution_title=form.solution_title.data if role == "presenter" else None,
        solution_description=form.solution_description.data if role == "presenter" else None,
        theme=theme,
    )


def register_buyer(event, form, organization, found=_LOOK_UP, source="form"):
    contact = _contact(
        form.email.data,
        form.contact_name.data,
        organization,
        found,
        phone=form.phone.data or None,
        title=form.title.data or None,
        language=_language(),
    )
    return services.register(event, contact, organization=organization, source=source)


def resolve_buyer(form) -> Organization | None:
    """The buyer organisation chosen on the form; sets choices/errors on the form otherwise."""
    chosen = (form.organization_id.data or "").strip()
    if chosen:
        org = (
            db.session.get(Organization, int(chosen))
            if chosen.isascii() and chosen.isdigit() and len(chosen) < 12
            else None
        )
        if org is not None and org.kind in BUYER_KINDS and org.active:
            return org
        form.organization.errors = list(form.organization.errors) + [
            str(_msg("Velg en virksomhet fra listen."))
        ]
        return None
    lookup = find_organizations(form.organization.data)
    if lookup.match is not None:
        return lookup.match
    if lookup.candidates:
        form.organization_id.choices = [(str(o.id), buyer_label(o)) for o in lookup.candidates]
        form.organization.errors = list(form.organization.errors) + [
            str(_msg("Flere virksomheter passer. Velg din i listen under."))
        ]
    else:
        form.organization.errors = list(form.organization.errors) + [
            str(
                _msg(
                    "Fant ingen kommune, fylkeskommune eller statlig virksomhet med dette "
                    "navnet eller nummeret."
                )
            )
        ]
    return None


def _msg(text):
    return gettext(text)


def resolve_any_organization(query: str, company_name: str | None):
    """Coordinator form: any organisation by name/number, or a new supplier by org number."""
    lookup = find_organizations(
        query, kinds=("municipality", "county", "state_agency", "supplier", "other")
    )
    if lookup.match is not None:
        return lookup.match, []
    digits = re.sub(r"\s", "", query or "")
    if len(digits) == 9 and digits.isdigit():
        if not company_name:
            raise ServiceError({"company_name": [_msg("Skriv navnet på den nye leverandøren.")]})
        try:
            return find_or_create_supplier(digits, company_name), []
        except ServiceError as exc:
            raise ServiceError(
                {"organization": [m for ms in exc.errors.values() for m in ms]}
            ) from None
    return None, lookup.candidates
