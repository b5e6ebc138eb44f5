"""Helpers for the coordinator tests: rows made directly with the models, and a signed-in client."""

from __future__ import annotations

import itertools

import pytest

from netmgr.extensions import db

_numbers = itertools.count(1000)


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
