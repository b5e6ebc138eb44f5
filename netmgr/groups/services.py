"""Groups and their memberships: rules shared by the API, the coordinator pages and the
import. Membership history is kept (``netmgr.organizations.memberships``). Functions flush
but never commit; the calling view or command writes the audit entry with the acting user.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.errors import ConflictError, ServiceError, restored_on_error
from ..extensions import db
from ..organizations import memberships as memberships_lib
from ..organizations.models import Organization
from ..web.inputs import SLUG
from .models import GROUP_KINDS, Group, GroupMembership

#: Group attributes the API and forms may set
GROUP_FIELDS = ("slug", "name", "kind", "host_organization_id", "description", "website")
WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

today = memberships_lib.today


def _assign(group: Group, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - set(GROUP_FIELDS)):
        errors[name] = [_("Ukjent felt.")]
    for name, value in data.items():
        if name not in GROUP_FIELDS:
            continue
        if name in ("slug", "name", "description", "website", "kind") and value is not None:
            value = str(value).strip() or None
        if name == "host_organization_id" and value is not None:
            host = db.session.get(Organization, value) if isinstance(value, int) else None
            if host is None:
                errors[name] = [_("Organisasjonen finnes ikke.")]
                continue
            group.host_organization = host
        setattr(group, name, value)
    if not group.name:
        errors.setdefault("name", [_("Skriv et navn.")])
    elif len(group.name) > 200:
        errors.setdefault("name", [_("Navnet kan ha høyst 200 tegn.")])
    if not group.slug:
        errors.setdefault("slug", [_("Skriv en kortadresse (slug).")])
    elif not SLUG.match(group.slug) or len(group.slug) > 80:
        errors.setdefault(
            "slug", [_("Kortadressen kan bare ha små bokstaver a–z, sifre og bindestrek.")]
        )
    if group.kind not in GROUP_KINDS:
        errors.setdefault("kind", [_("Velg en type.")])
    if group.website and (not WEBSITE.match(group.website) or len(group.website) > 300):
        errors.setdefault(
            "website", [_("Nettstedet må være en adresse som begynner med https://.")]
        )
    if errors:
        raise ServiceError(errors)


def _check_slug(group: Group) -> None:
    other = db.session.scalar(
        select(Group.id).where(Group.slug == group.slug, Group.id != (group.id or 0))
    )
    if other is not None:
        raise ConflictError({"slug": [_("Kortadressen er allerede i bruk.")]})


def create_group(data: dict) -> Group:
    """Create a group (slug, name, kind, host_organization_id, description, website)."""
    group = Group()
    _assign(group, dict(data))
    _check_slug(group)
    db.session.add(group)
    db.session.flush()
    return group


def update_group(group: Group, changes: dict) -> Group:
    with restored_on_error(group, GROUP_FIELDS + ("host_organization",)):
        _assign(group, dict(changes))
        _check_slug(group)
    db.session.flush()
    return group


def delete_group(group: Group) -> None:
    """Delete a group with its membership rows."""
    db.session.delete(group)
    db.session.flush()


def group_by_slug(slug: str) -> Group | None:
    return db.session.scalar(select(Group).where(Group.slug == slug))


# ------------------------------------------------------------------------------------------
# Memberships


def add_member(group: Group, organization, joined_on: dt.date | None = None) -> GroupMembership:
    """Open a membership from ``joined_on`` (default today); 409 if one is open already."""
    return memberships_lib.add_member(GroupMembership, "group_id", group, organization, joined_on)


def end_membership(group: Group, organization, left_on: dt.date | None = None) -> GroupMembership:
    """Close the open membership on ``left_on`` (default today); the row stays as history."""
    return memberships_lib.end_membership(
        GroupMembership, "group_id", group.id, organization, left_on
    )


def is_member(group: Group, organization, on: dt.date | None = None) -> bool:
    return memberships_lib.is_member(
        GroupMembership, "group_id", group.id, organization.id, on or today()
    )


def current_member_ids(group: Group, on: dt.date | None = None) -> list[int]:
    """Ids of the organisations that are members on ``on`` (default today)."""
    return list(
        db.session.scalars(
            select(GroupMembership.organization_id)
            .where(
                GroupMembership.group_id == group.id,
                memberships_lib.active_on(GroupMembership, on or today()),
            )
            .order_by(GroupMembership.organization_id)
        )
    )
