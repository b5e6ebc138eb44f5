"""Fixtures for the registration tests: events, organisations and contacts made directly."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from netmgr.core.timeutil import UTC, utcnow
from netmgr.events.services import create_event
from netmgr.extensions import db
from tests import factories

_seq = itertools.count(1)


@pytest.fixture
def make_event(app_ctx):
    """A published meeting place in two weeks with 3 seats and 2 presenter slots (approval)."""

    def make(**fields):
        defaults = dict(
            kind="meeting_place",
            title="Møteplass velferdsteknologi",
            days=14,
            hours=3,
            location="Rådhuset, Hamar",
            county=None,
            capacity=3,
            presenter_slots=2,
            presenter_approval_required=True,
            status="published",
            published_at=utcnow(),
        )
        return factories.event(**{**defaults, **fields})

    return make


@pytest.fixture
def event(app_ctx):
    """event(status="published", **fields): a network meeting made through the events service."""

    def make(status="published", **fields):
        start = dt.datetime(2027, 3, 3, 8, 0, tzinfo=UTC)
        data = {
            "kind": "network_meeting",
            "title": "Nettverksmøte",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "status": status,
            **fields,
        }
        row = create_event(data)
        db.session.commit()
        return row

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
        row = Contact(
            organization=org,
            name=name or f"Kari Nordmann {n}",
            email=email or f"kari{n}@example.no",
            **fields,
        )
        db.session.add(row)
        db.session.commit()
        return row

    return make


@pytest.fixture
def outbox(app_ctx):
    """outbox(kind=None) -> the outbox messages (of one kind), oldest first."""
    return _outbox


def _outbox(kind=None):
    from sqlalchemy import select

    from netmgr.mail.deferred import render_deferred
    from netmgr.mail.models import OutboxMessage

    render_deferred()  # what the sender does first: compose the rows queued uncomposed
    db.session.expire_all()
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(stmt))


@pytest.fixture
def buyers(make_org):
    """A few public buyers: two municipalities with similar names, a county, an agency."""
    county = make_org(kind="county", name="Innlandet", county_number="34", org_number="920717152")
    return dict(
        county=county,
        hamar=make_org(
            kind="municipality",
            name="Hamar",
            municipality_number="3403",
            county_number="34",
            population=32000,
            org_number="970540008",
        ),
        hammerfest=make_org(
            kind="municipality",
            name="Hammerfest",
            municipality_number="5603",
            county_number="56",
            population=11000,
        ),
        rendalen=make_org(
            kind="municipality",
            name="Rendalen",
            municipality_number="3424",
            county_number="34",
            population=1700,
            written_standard="nn",
        ),
        agency=make_org(
            kind="state_agency",
            name="Direktoratet for forvaltning og økonomistyring",
            org_number="986252932",
        ),
    )


#: A valid organisation number (MOD11) that no fixture uses
SUPPLIER_ORGNR = "974 760 673"


def supplier_data(**overrides):
    data = {
        "org_number": SUPPLIER_ORGNR,
        "company_name": "Velferdsteknikk AS",
        "contact_name": "Ola Nordmann",
        "email": "Ola@Velferdsteknikk.no",
        "phone": "+47 912 34 567",
        "participation": "attendee",
        "solution_title": "",
        "solution_description": "",
        "theme": "",
        "homepage": "",
    }
    data.update(overrides)
    return data


def buyer_data(**overrides):
    data = {
        "organization": "Hamar",
        "contact_name": "Kari Innkjøper",
        "email": "kari@hamar.kommune.no",
        "title": "Innkjøpsrådgiver",
        "phone": "",
        "homepage": "",
    }
    data.update(overrides)
    return data
