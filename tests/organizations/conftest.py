"""Organisations and contacts made through the services, for the API tests."""

from __future__ import annotations

import pytest

from netmgr.extensions import db
from netmgr.organizations.services import create_contact, create_organization


@pytest.fixture
def municipality(app_ctx):
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
    def make(org_number="974760673", name="Leverandør AS"):
        org = create_organization({"kind": "supplier", "name": name, "org_number": org_number})
        db.session.commit()
        return org

    return make


@pytest.fixture
def contact(app_ctx, supplier):
    def make(email="ola@example.no", name="Ola Nordmann", organization=None):
        org = organization or supplier()
        c = create_contact({"email": email, "name": name, "organization_id": org.id})
        db.session.commit()
        return c

    return make
