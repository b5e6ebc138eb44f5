"""Small factories for the scheduler tests."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from netmgr.core.timeutil import utcnow
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration

_seq = itertools.count(1)


@pytest.fixture
def factory(app_ctx):
    return Factory()


class Factory:
    def municipality(
        self, name="Utsira", population=215, written_standard="nb", county_number="11"
    ):
        n = next(_seq)
        org = Organization(
            kind="municipality",
            name=name,
            municipality_number=f"{9000 + n}",
            population=population,
            written_standard=written_standard,
            county_number=county_number,
        )
        db.session.add(org)
        db.session.flush()
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
        event = Event(
            kind=fields.pop("kind", "network_meeting"),
            title=fields.pop("title", "Nettverkssamling velferdsteknologi"),
            starts_at=start,
            ends_at=start + dt.timedelta(hours=hours),
            status=status,
            **fields,
        )
        db.session.add(event)
        db.session.flush()
        return event

    def registration(self, event, contact, status="confirmed", **fields):
        reg = Registration(
            event=event, contact=contact, organization=contact.organization, status=status, **fields
        )
        db.session.add(reg)
        db.session.flush()
        return reg
