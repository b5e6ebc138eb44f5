"""Rows for the API toolkit tests: made through the services, committed."""

from __future__ import annotations

import pytest

from netmgr.extensions import db
from netmgr.organizations.services import create_contact, create_organization
from tests import factories


@pytest.fixture
def network(app_ctx):
    return factories.created_network


@pytest.fixture
def event(app_ctx):
    return factories.created_event


@pytest.fixture
def contact(app_ctx):
    """A contact of a supplier made by the organisation services (the supplier too)."""

    def make(email="ola@example.no", name="Ola Nordmann", organization=None):
        org = organization or create_organization(
            {"kind": "supplier", "name": "Leverandør AS", "org_number": "974760673"}
        )
        db.session.commit()
        row = create_contact({"email": email, "name": name, "organization_id": org.id})
        db.session.commit()
        return row

    return make
