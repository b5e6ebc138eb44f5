"""Builders for the networks tests: rows through the services (API tests) or made directly."""

from __future__ import annotations

import pytest

from netmgr.extensions import db
from tests import factories


@pytest.fixture
def make_org(app_ctx):
    return factories.make_org


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
def network(app_ctx):
    return factories.created_network


@pytest.fixture
def event(app_ctx):
    return factories.created_event
