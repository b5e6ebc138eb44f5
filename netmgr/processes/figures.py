"""What a process adds up to: its summary figures and the suppliers in its market dialogue.

The supplier list is the record a buyer keeps to show that suppliers were treated equally: the
supplier organisations (with organisation numbers) that attended the process's events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from ..events.models import Event
from ..extensions import db
from ..organizations.models import Organization
from ..registration.models import Registration
from .models import SMALL_LIMIT, Process, ProcessParticipant
from .services import participants, today


@dataclass(frozen=True)
class Summary:
    #: Current need owners
    need_owners: int
    #: Current need owners with fewer than 5,000 inhabitants
    small_need_owners: int
    #: Inhabitants of the current need owners together
    population_covered: int
    #: Distinct counties of the current need owners
    counties: int
    #: Distinct supplier organisations that attended an event of the process
    suppliers_in_dialogue: int
    #: Events of the process that are not cancelled
    events: int

    def as_dict(self) -> dict:
        return asdict(self)


def is_small(organization: Organization) -> bool:
    return organization.population is not None and organization.population < SMALL_LIMIT


def current_need_owners(process: Process, on: dt.date | None = None) -> list[ProcessParticipant]:
    rows = participants(process, current_on=on or today())
    return sorted((r for r in rows if r.role == "need_owner"), key=lambda r: r.organization.name)


def summary(process: Process, on: dt.date | None = None) -> Summary:
    owners = [r.organization for r in current_need_owners(process, on)]
    suppliers = db.session.scalar(
        select(func.count(func.distinct(Registration.organization_id)))
        .join(Event, Event.id == Registration.event_id)
        .join(Organization, Organization.id == Registration.organization_id)
        .where(*_attended(process), Organization.kind == "supplier")
    )
    events = db.session.scalar(
        select(func.count()).where(Event.process_id == process.id, Event.status != "cancelled")
    )
    return Summary(
        need_owners=len(owners),
        small_need_owners=sum(1 for o in owners if is_small(o)),
        population_covered=sum(o.population or 0 for o in owners),
        counties=len({o.county_number for o in owners if o.county_number}),
        suppliers_in_dialogue=int(suppliers or 0),
        events=int(events or 0),
    )


def _attended(process: Process, event: Event | None = None) -> list:
    conds = [
        Event.process_id == process.id,
        Registration.status != "cancelled",
        Registration.attendance == "attended",
    ]
    if event is not None:
        conds.append(Event.id == event.id)
    return conds


@dataclass(frozen=True)
class SupplierRow:
    organization_id: int
    name: str
    org_number: str | None
    #: Events of the process (or this one event) the supplier attended
    events: int
    #: People from the supplier who attended
    people: int


def suppliers(process: Process, event: Event | None = None) -> list[SupplierRow]:
    """Supplier organisations that attended the process's events (or one of them), by name."""
    rows = db.session.execute(
        select(
            Organization.id,
            Organization.name,
            Organization.org_number,
            func.count(func.distinct(Event.id)),
            func.count(Registration.id),
        )
        .join(Registration, Registration.organization_id == Organization.id)
        .join(Event, Event.id == Registration.event_id)
        .where(*_attended(process, event), Organization.kind == "supplier")
        .group_by(Organization.id, Organization.name, Organization.org_number)
        .order_by(Organization.name, Organization.id)
    ).all()
    return [SupplierRow(i, n, o, int(e), int(p)) for i, n, o, e, p in rows]


def process_events(process: Process, *, public_only: bool = False) -> list[Event]:
    query = select(Event).where(Event.process_id == process.id)
    if public_only:
        query = query.where(Event.status == "published")
    return list(db.session.scalars(query.order_by(Event.starts_at, Event.id)))


def small_municipalities(process: Process, on: dt.date | None = None) -> list[Organization]:
    """The small municipalities among the current need owners."""
    return [
        r.organization
        for r in current_need_owners(process, on)
        if r.organization.kind == "municipality" and is_small(r.organization)
    ]
