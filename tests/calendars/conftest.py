"""Fixtures of the calendar tests: organisations, networks and events made directly in the DB.

Edits and cancellations go through :func:`edit` / :func:`cancel`, which do what the event
services promise (``Event.apply_changes`` + the ``netmgr.core.signals`` signals in the same
transaction), so these tests do not depend on another feature's progress.
"""

from __future__ import annotations

import pytest

from netmgr.calendars.feeds import cache
from netmgr.extensions import db
from netmgr.networks.models import Network
from netmgr.organizations.models import Contact, Organization

from .helpers import theme


@pytest.fixture(autouse=True)
def _empty_feed_cache(app):
    """Fresh feed caches; the fingerprint row read on every request (TTL tested apart)."""
    ttl = app.config["CALENDAR_FINGERPRINT_TTL"]
    app.config["CALENDAR_FINGERPRINT_TTL"] = 0
    cache.clear()
    yield
    cache.clear()
    app.config["CALENDAR_FINGERPRINT_TTL"] = ttl


@pytest.fixture
def network(app_ctx):
    net = Network(slug="velferd", name="Velferdsteknologi Nord", theme=theme())
    db.session.add(net)
    db.session.commit()
    return net


@pytest.fixture
def municipality(app_ctx):
    org = Organization(
        kind="municipality",
        name="Kautokeino",
        sami_name="Guovdageaidnu",
        municipality_number="5626",
        county_number="56",
    )
    db.session.add(org)
    db.session.commit()
    return org


@pytest.fixture
def contact(municipality):
    person = Contact(
        organization=municipality, name="Áile Ŋuvttá", email="aile@kautokeino.kommune.no"
    )
    db.session.add(person)
    db.session.commit()
    return person
