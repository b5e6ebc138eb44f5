"""Builders for the scheduler tests: rows flushed, not committed (tests/factories.py underneath)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.organizations.models import Contact
from netmgr.registration.models import Registration
from tests import factories

_seq = itertools.count(1)


@pytest.fixture
def factory(app_ctx):
    return Factory()


class Factory:
    def municipality(
        self, name="Utsira", population=215, written_standard="nb", county_number="11"
    ):
        org = factories.make_org(name=name, population=population, county_number=county_number)
        org.written_standard = written_standard
        return org

    def contact(self, org, name="Kari Nordmann", email=None, language=None):
        c = Contact(
            organization=org,
            name=name,
            language=language,
            email=email or f"person{next(_seq)}@kommune.no",
        )
        db.session.add(c)
        db.session.flush()
        return c

    def event(self, starts_in=dt.timedelta(days=10), hours=2, status="published", **fields):
        start = fields.pop("starts_at", None) or utcnow().replace(microsecond=0) + starts_in
        title = fields.pop("title", "Nettverkssamling velferdsteknologi")
        return factories.make_event(title, starts_at=start, hours=hours, status=status, **fields)

    def registration(self, event, contact, status="confirmed", **fields):
        reg = Registration(
            event=event, contact=contact, organization=contact.organization, status=status, **fields
        )
        db.session.add(reg)
        db.session.flush()
        return reg
