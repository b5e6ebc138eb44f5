"""Read-only queries behind the public network pages (a fixed number of queries per page)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select

from ..core.timeutil import OSLO, utcnow
from ..extensions import db
from ..organizations import memberships as memberships_lib
from ..organizations.models import Organization
from .models import Network, NetworkMembership


def oslo_today() -> dt.date:
    return utcnow().astimezone(OSLO).date()


def public_networks() -> list[tuple[Network, int]]:
    """Active networks with their number of current members, by name."""
    today = oslo_today()
    members = (
        select(NetworkMembership.network_id, func.count().label("n"))
        .where(
            NetworkMembership.joined_on <= today,
            or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= today),
        )
        .group_by(NetworkMembership.network_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Network, func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.network_id == Network.id)
        .where(Network.active.is_(True))
        .order_by(Network.name)
    )
    return [(network, count) for network, count in rows]


def get_network(slug: str) -> Network | None:
    return db.session.scalar(select(Network).where(Network.slug == slug))


def current_member_names(network: Network, on: dt.date | None = None) -> list[str]:
    """Names of the member organisations today (no personal data)."""
    on = on or oslo_today()
    orgs = db.session.scalars(
        select(Organization)
        .join(NetworkMembership, NetworkMembership.organization_id == Organization.id)
        .where(
            NetworkMembership.network_id == network.id,
            NetworkMembership.joined_on <= on,
            or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= on),
        )
        .order_by(Organization.name)
    ).all()
    return [org.display_name for org in orgs]


def networks_with_member_counts() -> list[tuple[Network, int]]:
    """Every network (active first, by name) with its number of open memberships."""
    counts = memberships_lib.open_counts(NetworkMembership, "network_id")
    return db.session.execute(
        select(Network, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.network_id == Network.id)
        .order_by(Network.active.desc(), Network.name)
    ).all()
