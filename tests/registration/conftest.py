"""Fixtures for the registration tests: events, organisations and contacts made directly."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db

_seq = itertools.count(1)


@pytest.fixture
def make_event(app_ctx):
    from netmgr.events.models import Event

    def make(**fields):
        start = utcnow() + dt.timedelta(days=14)
        data = dict(kind="meeting_place", title="Møteplass velferdsteknologi",
                    starts_at=start, ends_at=start + dt.timedelta(hours=3),
                    location="Rådhuset, Hamar", capacity=3, presenter_slots=2,
                    presenter_approval_required=True, status="published",
                    published_at=utcnow())
        data.update(fields)
        event = Event(**data)
        db.session.add(event)
        db.session.commit()
        return event
    return make


@pytest.fixture
def make_org(app_ctx):
    from netmgr.organizations.models import Organization

    def make(kind="supplier", name=None, **fields):
        n = next(_seq)
        data = dict(kind=kind, name=name or f"Leverandør {n} AS")
        if kind == "supplier" and "org_number" not in fields:
            fields["org_number"] = f"{900000000 + n}"
        if kind == "municipality" and "municipality_number" not in fields:
            fields["municipality_number"] = f"{3000 + n}"
        data.update(fields)
        org = Organization(**data)
        db.session.add(org)
        db.session.commit()
        return org
    return make


@pytest.fixture
def make_contact(app_ctx, make_org):
    from netmgr.organizations.models import Contact

    def make(organization=None, email=None, name=None, **fields):
        n = next(_seq)
        org = organization or make_org()
        contact = Contact(organization=org, name=name or f"Kari Nordmann {n}",
                          email=email or f"kari{n}@example.no", **fields)
        db.session.add(contact)
        db.session.commit()
        return contact
    return make


@pytest.fixture
def outbox(app_ctx):
    """outbox(kind=None) -> the outbox messages (of one kind), oldest first."""
    return _outbox


def _outbox(kind=None):
    from sqlalchemy import select

    from netmgr.mail.models import OutboxMessage
    db.session.expire_all()
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(stmt))
