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
        data = dict(
            kind="meeting_place",
            title="Møteplass velferdsteknologi",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            location="Rådhuset, Hamar",
            capacity=3,
            presenter_slots=2,
            presenter_approval_required=True,
            status="published",
            published_at=utcnow(),
        )
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
        contact = Contact(
            organization=org,
            name=name or f"Kari Nordmann {n}",
            email=email or f"kari{n}@example.no",
            **fields,
        )
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
