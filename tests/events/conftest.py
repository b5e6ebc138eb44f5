"""Builders for the events tests: rows through the services (API tests) or made directly."""

from __future__ import annotations

from tests import factories

START = factories.SERVICE_START


def event_body(**fields) -> dict:
    """A valid POST /api/v1/events body."""
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
