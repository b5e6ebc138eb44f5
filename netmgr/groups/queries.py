"""Read-only queries behind the group pages and the targeting (fixed queries per page)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from ..extensions import db
from ..organizations import memberships as memberships_lib
from .models import Group, GroupMembership


def groups_with_member_counts() -> list[tuple[Group, int]]:
    """Every group by name with its number of open memberships."""
    counts = memberships_lib.open_counts(GroupMembership, "group_id")
    return db.session.execute(
        select(Group, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.group_id == Group.id)
        .order_by(Group.name)
    ).all()


def groups_of(organization_ids, on: dt.date | None = None) -> dict[int, list[Group]]:
    """One query: the groups each organisation is a member of on ``on`` (default today)."""
    ids = list(organization_ids)
    result: dict[int, list[Group]] = defaultdict(list)
    if not ids:
        return result
    rows = db.session.execute(
        select(GroupMembership.organization_id, Group)
        .join(Group, Group.id == GroupMembership.group_id)
        .where(
            GroupMembership.organization_id.in_(ids),
            memberships_lib.active_on(GroupMembership, on or memberships_lib.today()),
        )
        .order_by(Group.name)
    )
    for org_id, group in rows:
        result[org_id].append(group)
    return result


def member_ids_subquery(group_id: int, on: dt.date | None = None):
    """SELECT of the organisation ids that are members of the group on ``on``."""
    return select(GroupMembership.organization_id).where(
        GroupMembership.group_id == group_id,
        memberships_lib.active_on(GroupMembership, on or memberships_lib.today()),
    )


def all_groups() -> list[Group]:
    return list(db.session.scalars(select(Group).order_by(Group.name)))
