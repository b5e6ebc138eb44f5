"""Participation per group (``group_by=group``): each group's members' reach and
representation index, with the definitions of :mod:`.figures`.

Groups overlap (a municipality may be in a procurement cooperation and a regional council)
and some municipalities are in none, so the segments do not add up: the shares behind the
representation index are taken against the whole universe (all municipalities counted, and
all of them reached), and a last segment ``none`` holds the municipalities in no group.
A municipality counts as a member when it was one at some time in the period.
"""

from __future__ import annotations

from sqlalchemy import case, func, select

from ..extensions import db
from ..groups.models import Group, GroupMembership
from ..organizations.models import Organization
from .figures import Filters, SegmentRow, member_during, per_municipality, universe


def _aggregates(pm):
    return (
        func.count(Organization.id),
        func.coalesce(func.sum(case((pm.c.attended > 0, 1), else_=0)), 0),
        func.coalesce(func.sum(pm.c.attended), 0),
        func.coalesce(func.sum(pm.c.no_shows), 0),
        func.coalesce(func.sum(Organization.population), 0),
    )


def group_report(filters: Filters) -> tuple[list[SegmentRow], SegmentRow]:
    """One row per group with members (by name), then ``none``; and the overall row.
    Three queries: the groups, the universe's totals, the municipalities in no group."""
    pm = per_municipality(filters)
    groups = db.session.execute(
        select(Group.id, Group.name, *_aggregates(pm))
        .select_from(Group)
        .join(Organization, member_during(filters.date_from, filters.date_to))
        .outerjoin(pm, pm.c.org_id == Organization.id)
        .where(universe(filters))
        .group_by(Group.id, Group.name)
        .order_by(Group.name, Group.id)
    ).all()
    in_any_group = (
        select(GroupMembership.organization_id)
        .where(
            GroupMembership.joined_on <= filters.date_to,
            (GroupMembership.left_on.is_(None)) | (GroupMembership.left_on >= filters.date_from),
        )
        .scalar_subquery()
    )
    totals, ungrouped = (
        db.session.execute(
            select(*_aggregates(pm))
            .select_from(Organization)
            .outerjoin(pm, pm.c.org_id == Organization.id)
            .where(universe(filters), *extra)
        ).one()
        for extra in ((), (Organization.id.not_in(in_any_group),))
    )
    total_m, total_r = int(totals[0]), int(totals[1])
    rows = [
        SegmentRow(str(gid), name, *(int(v) for v in values)).finish(total_m, total_r)
        for gid, name, *values in groups
    ]
    rows.append(
        SegmentRow("none", "ingen gruppe", *(int(v) for v in ungrouped)).finish(total_m, total_r)
    )
    overall = SegmentRow("all", "alle", *(int(v) for v in totals)).finish(total_m, total_r)
    return rows, overall
