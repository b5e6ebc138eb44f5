"""Read-only queries behind the public network pages (a fixed number of queries per page)."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, or_, select

from ..core.timeutil import OSLO, utcnow
from ..extensions import db
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


def search_organizations(q: str, exclude_ids=(), limit: int = 400) -> list[Organization]:
    """Active organisations whose name contains ``q`` or whose org. or municipality number is
    ``q`` (spaces ignored); all of them (up to ``limit``) when ``q`` is empty."""
    query = select(Organization).where(Organization.active.is_(True))
    q = (q or "").strip()
    if q:
        digits = re.sub(r"\s", "", q)
        conditions = [func.lower(Organization.name).like(f"%{q.lower()}%")]
        if digits.isdigit():
            conditions += [
                Organization.org_number == digits,
                Organization.municipality_number == digits,
            ]
        query = query.where(or_(*conditions))
    if exclude_ids:
        query = query.where(Organization.id.not_in(list(exclude_ids)))
    return list(db.session.scalars(query.order_by(Organization.name).limit(limit)))


def networks_with_member_counts() -> list[tuple[Network, int]]:
    """Every network (active first, by name) with its number of open memberships."""
    member_counts = (
        select(NetworkMembership.network_id, func.count().label("n"))
        .where(NetworkMembership.left_on.is_(None))
        .group_by(NetworkMembership.network_id)
        .subquery()
    )
    return db.session.execute(
        select(Network, func.coalesce(member_counts.c.n, 0))
        .outerjoin(member_counts, member_counts.c.network_id == Network.id)
        .order_by(Network.active.desc(), Network.name)
    ).all()


def memberships(network: Network) -> list[NetworkMembership]:
    """The network's memberships: open ones first, by organisation, newest first."""
    return list(
        db.session.scalars(
            select(NetworkMembership)
            .join(Organization)
            .where(NetworkMembership.network_id == network.id)
            .order_by(
                NetworkMembership.left_on.is_not(None),
                Organization.name,
                NetworkMembership.joined_on.desc(),
            )
        )
    )
