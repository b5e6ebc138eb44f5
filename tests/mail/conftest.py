"""Fixtures of the mail tests: data factories (the SMTP server is ``smtp_server`` in
tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db


class Factory:
    def __init__(self):
        self.n = 0

    def _next(self) -> int:
        self.n += 1
        return self.n

    def org(self, *, kind="municipality", standard="nb", county="18", population=2000, name=None):
        from netmgr.organizations.models import Organization

        n = self._next()
        org = Organization(
            kind=kind,
            name=name or f"Testkommune {n}",
            municipality_number=f"{9000 + n:04d}" if kind == "municipality" else None,
            written_standard=standard if kind == "municipality" else None,
            county_number=county,
            population=population,
        )
        db.session.add(org)
        db.session.flush()
        return org

    def contact(self, org=None, *, language=None, opted_out=False, name=None, email=None):
        from netmgr.organizations.models import Contact

        org = org or self.org()
        n = self._next()
        c = Contact(
            organization_id=org.id,
            name=name or f"Person {n}",
            email=email or f"person{n}@example.no",
            language=language,
            opted_out=opted_out,
        )
        db.session.add(c)
        db.session.flush()
        return c

    def event(self, *, capacity=None, coordinator=None, status="published", title=None):
        from netmgr.events.models import Event

        start = (utcnow() + dt.timedelta(days=30)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
        ev = Event(
            kind="network_meeting",
            title=title or "Nettverkssamling velferdsteknologi",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=6),
            location="Bodø rådhus",
            capacity=capacity,
            status=status,
            coordinator_id=getattr(coordinator, "id", None),
            published_at=utcnow() if status == "published" else None,
        )
        db.session.add(ev)
        db.session.flush()
        return ev


@pytest.fixture
def factory(app_ctx):
    return Factory()


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)
