"""Membership history shared by networks and groups: an organisation joins a collection on
``joined_on`` and leaves it on ``left_on``; leaving keeps the row, joining again adds one.

The model passed in has ``organization_id``, ``joined_on``, ``left_on`` and an owner column
(``network_id``, ``group_id``) named by ``owner``; at most one open row per owner and
organisation is held by a partial unique index in each model. Functions flush, never commit.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..core.errors import ConflictError, NotFoundError, ServiceError
from ..core.search import contains
from ..core.timeutil import OSLO, utcnow
from ..extensions import db
from .models import Organization


def today() -> dt.date:
    """Today's date in Norway."""
    return utcnow().astimezone(OSLO).date()


def active_on(model, on: dt.date):
    """SQL condition: the membership row covers the day ``on``."""
    return (model.joined_on <= on) & or_(model.left_on.is_(None), model.left_on >= on)


def open_membership(model, owner: str, owner_id: int, organization_id: int):
    return db.session.scalar(
        select(model).where(
            getattr(model, owner) == owner_id,
            model.organization_id == organization_id,
            model.left_on.is_(None),
        )
    )


def add_member(model, owner: str, owner_obj, organization, joined_on: dt.date | None = None):
    """Open a membership from ``joined_on`` (default today); 409 if one is open already, 422
    if it would overlap the last closed one."""
    joined_on = joined_on or today()
    owner_id = owner_obj.id
    if open_membership(model, owner, owner_id, organization.id) is not None:
        raise ConflictError({"organization_id": [_("Organisasjonen er allerede medlem.")]})
    last_left = db.session.scalar(
        select(func.max(model.left_on)).where(
            getattr(model, owner) == owner_id, model.organization_id == organization.id
        )
    )
    if last_left is not None and joined_on <= last_left:
        raise ServiceError(
            {
                "joined_on": [
                    _(
                        "Datoen må være etter forrige medlemskap (sluttet %(date)s).",
                        date=last_left.isoformat(),
                    )
                ]
            }
        )
    membership = model(organization=organization, joined_on=joined_on)
    setattr(membership, owner.removesuffix("_id"), owner_obj)
    db.session.add(membership)
    db.session.flush()
    return membership


def end_membership(model, owner: str, owner_id: int, organization, left_on: dt.date | None = None):
    """Close the open membership on ``left_on`` (default today); the row stays as history."""
    membership = open_membership(model, owner, owner_id, organization.id)
    if membership is None:
        raise NotFoundError({"organization_id": [_("Organisasjonen er ikke medlem.")]})
    left_on = left_on or today()
    if left_on < membership.joined_on:
        raise ServiceError(
            {
                "left_on": [
                    _(
                        "Siste dag kan ikke være før medlemskapet begynte (%(date)s).",
                        date=membership.joined_on.isoformat(),
                    )
                ]
            }
        )
    membership.left_on = left_on
    db.session.flush()
    return membership


def is_member(model, owner: str, owner_id: int, organization_id: int, on: dt.date) -> bool:
    count = db.session.scalar(
        select(func.count()).where(
            getattr(model, owner) == owner_id,
            model.organization_id == organization_id,
            active_on(model, on),
        )
    )
    return count > 0


def membership_query(model, owner: str, owner_id: int, args: dict, order_by):
    """The API's member list: all rows, or with ``on``/``current`` those active (or, for
    ``current=false``, not active) on that day."""
    query = select(model).where(getattr(model, owner) == owner_id).order_by(*order_by)
    on = args.get("on") or (today() if "current" in args else None)
    if on is not None:
        active = active_on(model, on)
        query = query.where(~active if args.get("current") is False else active)
    return query


def search_organizations(q: str, exclude_ids=(), limit: int = 400) -> list[Organization]:
    """Active organisations whose name contains ``q`` or whose org. or municipality number is
    ``q`` (spaces ignored); all of them (up to ``limit``) when ``q`` is empty. Offered in the
    "add member" selects."""
    query = select(Organization).where(Organization.active.is_(True))
    q = (q or "").strip()
    if q:
        digits = re.sub(r"\s", "", q)
        conditions = [contains(Organization.name, q)]
        if digits.isdigit():
            conditions += [
                Organization.org_number == digits,
                Organization.municipality_number == digits,
            ]
        query = query.where(or_(*conditions))
    if exclude_ids:
        query = query.where(Organization.id.not_in(list(exclude_ids)))
    return list(db.session.scalars(query.order_by(Organization.name).limit(limit)))


def page_rows(model, owner: str, owner_id: int) -> list:
    """The memberships of one owner for its page: open ones first, by organisation, newest
    first."""
    return list(
        db.session.scalars(
            select(model)
            .join(Organization)
            .where(getattr(model, owner) == owner_id)
            .order_by(model.left_on.is_not(None), Organization.name, model.joined_on.desc())
        )
    )


def open_counts(model, owner: str):
    """Subquery ``(<owner>, n)``: the number of open memberships of each owner."""
    column = getattr(model, owner)
    return (
        select(column, func.count().label("n"))
        .where(model.left_on.is_(None))
        .group_by(column)
        .subquery()
    )
