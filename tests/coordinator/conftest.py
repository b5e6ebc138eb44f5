"""Helpers for the coordinator tests: rows made directly with the models, and a signed-in client."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from netmgr.core.timeutil import UTC
from netmgr.extensions import db

_numbers = itertools.count(1000)


@pytest.fixture
def make_org(app_ctx):
    from netmgr.organizations.models import Organization

    def make(
        name="Testkommune",
        kind="municipality",
        population=10000,
        county_number="46",
        org_number=None,
    ):
        n = next(_numbers)
        org = Organization(
            kind=kind,
            name=name,
            population=population,
            county_number=county_number,
            municipality_number=f"{n % 10000:04d}" if kind == "municipality" else None,
            org_number=org_number,
        )
        db.session.add(org)
        db.session.flush()
        return org

    return make


@pytest.fixture
def make_event(app_ctx):
    from netmgr.events.models import Event

    def make(
        title="Nettverksmøte", starts_at=None, hours=2, status="published", capacity=None, **fields
    ):
        starts_at = starts_at or dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
        event = Event(
            title=title,
            kind=fields.pop("kind", "network_meeting"),
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=hours),
            status=status,
            capacity=capacity,
            **fields,
        )
        db.session.add(event)
        db.session.flush()
        return event

    return make


@pytest.fixture
def make_registration(app_ctx):
    from netmgr.organizations.models import Contact
    from netmgr.registration.models import Registration

    def make(
        event, org, *, status="confirmed", role="attendee", attendance="unknown", created_at=None
    ):
        n = next(_numbers)
        contact = Contact(organization=org, name=f"Person {n}", email=f"person{n}@example.no")
        reg = Registration(
            event=event,
            contact=contact,
            organization=org,
            status=status,
            role=role,
            attendance=attendance,
            source="form",
        )
        if created_at is not None:
            reg.created_at = created_at
        db.session.add_all([contact, reg])
        db.session.flush()
        return reg

    return make
