"""Networks and memberships: rules shared by the API and the coordinator pages.

Membership history is kept: leaving sets ``left_on`` on the open membership; joining again
adds a new row. Service functions flush but never commit, and do not write audit entries (the
calling view does, with the acting user).
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.errors import ConflictError, ServiceError, restored_on_error
from ..core.signals import network_deleting
from ..extensions import db
from ..organizations import memberships as memberships_lib
from ..web.inputs import SLUG
from .models import Network, NetworkMembership, Theme

#: Network attributes the API and forms may set (``theme`` is a theme slug, ``theme_id`` its id)
NETWORK_FIELDS = ("slug", "name", "theme", "theme_id", "description", "active")


today = memberships_lib.today


def theme_by_slug(slug: str) -> Theme | None:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def _assign(network: Network, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    unknown = set(data) - set(NETWORK_FIELDS)
    for name in sorted(unknown):
        errors[name] = [_("Ukjent felt.")]
    for name, value in data.items():
        if name in unknown:
            continue
        if name in ("theme", "theme_id"):  # the API names a theme by slug, the form by id
            if name == "theme":
                theme = theme_by_slug(value) if isinstance(value, str) else None
            else:
                theme = db.session.get(Theme, value) if isinstance(value, int) else None
            if theme is None:
                errors["theme"] = [_("Ukjent tema.")]
            else:
                network.theme = theme
                network.theme_id = theme.id
            continue
        if name in ("slug", "name", "description") and value is not None:
            value = str(value).strip() or None
        if name == "active":
            value = bool(value)
        setattr(network, name, value)
    if not network.name:
        errors.setdefault("name", [_("Skriv et navn.")])
    if not network.slug:
        errors.setdefault("slug", [_("Skriv en kortadresse (slug).")])
    elif not SLUG.match(network.slug) or len(network.slug) > 80:
        errors.setdefault(
            "slug", [_("Kortadressen kan bare ha små bokstaver a–z, sifre og bindestrek.")]
        )
    if network.theme_id is None and "theme" not in errors:
        errors["theme"] = [_("Velg et tema.")]
    if errors:
        raise ServiceError(errors)


def _check_slug(network: Network) -> None:
    other = db.session.scalar(
        select(Network.id).where(Network.slug == network.slug, Network.id != (network.id or 0))
    )
    if other is not None:
        raise ConflictError({"slug": [_("Kortadressen er allerede i bruk.")]})


def create_network(data: dict) -> Network:
    """Create a network (name, slug, theme slug or theme_id, description, active)."""
    network = Network(active=True)
    _assign(network, dict(data))
    _check_slug(network)
    db.session.add(network)
    db.session.flush()
    return network


def update_network(network: Network, changes: dict) -> Network:
    with restored_on_error(network, ("slug", "name", "theme", "theme_id", "description", "active")):
        _assign(network, dict(changes))
        _check_slug(network)
    db.session.flush()
    return network


def delete_network(network: Network) -> None:
    """Delete a network that no event refers to (its membership rows go with it)."""
    # The events feature refuses (409) while an event refers to the network.
    network_deleting.send(network=network)
    db.session.delete(network)
    db.session.flush()


# ------------------------------------------------------------------------------------------
# Memberships


def open_membership(network: Network, organization) -> NetworkMembership | None:
    return memberships_lib.open_membership(
        NetworkMembership, "network_id", network.id, organization.id
    )


def memberships(network: Network, organization=None) -> list[NetworkMembership]:
    query = select(NetworkMembership).where(NetworkMembership.network_id == network.id)
    if organization is not None:
        query = query.where(NetworkMembership.organization_id == organization.id)
    return list(
        db.session.scalars(query.order_by(NetworkMembership.joined_on, NetworkMembership.id))
    )


def add_member(
    network: Network, organization, joined_on: dt.date | None = None
) -> NetworkMembership:
    """Open a membership from ``joined_on`` (default today); 409 if one is open already."""
    return memberships_lib.add_member(
        NetworkMembership, "network_id", network, organization, joined_on
    )


def end_membership(
    network: Network, organization, left_on: dt.date | None = None
) -> NetworkMembership:
    """Close the open membership on ``left_on`` (default today); the row stays as history."""
    return memberships_lib.end_membership(
        NetworkMembership, "network_id", network.id, organization, left_on
    )


def is_member(network: Network, organization, on: dt.date | None = None) -> bool:
    """Was ``organization`` a member of ``network`` on the day ``on`` (default today)?"""
    if network is None or organization is None or organization.id is None:
        return False
    return memberships_lib.is_member(
        NetworkMembership, "network_id", network.id, organization.id, on or today()
    )
