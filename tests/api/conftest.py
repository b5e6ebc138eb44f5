"""Helpers for the REST API tests: rows made through the services, and JSON request helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from netmgr.core.timeutil import UTC
from netmgr.extensions import db

START = dt.datetime(2027, 3, 3, 8, 0, tzinfo=UTC)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def municipality(app_ctx):
    from netmgr.organizations.services import create_organization

    def make(number="4601", name="Bergen", population=291940, county_number=None):
        org = create_organization(
            {
                "kind": "municipality",
                "name": name,
                "municipality_number": number,
                "population": population,
                "county_number": county_number,
            }
        )
        db.session.commit()
        return org

    return make


@pytest.fixture
def supplier(app_ctx):
    from netmgr.organizations.services import create_organization

    def make(org_number="974760673", name="Leverandør AS"):
        org = create_organization({"kind": "supplier", "name": name, "org_number": org_number})
        db.session.commit()
        return org

    return make


@pytest.fixture
def contact(app_ctx, supplier):
    from netmgr.organizations.services import create_contact

    def make(email="ola@example.no", name="Ola Nordmann", organization=None):
        org = organization or supplier()
        c = create_contact({"email": email, "name": name, "organization_id": org.id})
        db.session.commit()
        return c

    return make


@pytest.fixture
def network(app_ctx):
    from netmgr.networks.services import create_network

    def make(slug="velferd", name="Velferdsteknologi", theme="welfare_technology", active=True):
        n = create_network({"slug": slug, "name": name, "theme": theme, "active": active})
        db.session.commit()
        return n

    return make


@pytest.fixture
def event(app_ctx):
    from netmgr.events.services import create_event

    def make(status="published", **fields):
        data = {
            "kind": "network_meeting",
            "title": "Nettverksmøte",
            "starts_at": START,
            "ends_at": START + dt.timedelta(hours=2),
            "status": status,
            **fields,
        }
        e = create_event(data)
        db.session.commit()
        return e

    return make


def event_body(**fields) -> dict:
    body = {
        "kind": "meeting_place",
        "title": "Møteplass Bergen",
        "starts_at": "2027-05-04T09:00:00+02:00",
        "ends_at": "2027-05-04T15:00:00+02:00",
        "location": "Bergen rådhus",
        "capacity": 40,
        "presenter_slots": 5,
    }
    body.update(fields)
    return body
