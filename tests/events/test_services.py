"""The event services the API and the web pages share, called directly."""

from __future__ import annotations

import datetime as dt

import pytest

from netmgr.core.errors import ConflictError, ServiceError
from netmgr.events import services as events
from tests.events.conftest import START


@pytest.fixture(autouse=True)
def _request(app_ctx):
    """Messages are translated with the request's language (gettext needs a request)."""
    with app_ctx.test_request_context("/"):
        yield


def _data(**fields):
    return {
        "kind": "network_meeting",
        "title": "Møte",
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=2),
        **fields,
    }


def test_validate_event_collects_every_problem(app_ctx):
    with pytest.raises(ServiceError) as info:
        events.create_event(
            _data(
                ends_at=START,
                capacity=-1,
                county_number="77",
                network_id=99999,
                presenter_slots=-1,
                kind="x",
            )
        )
    assert set(info.value.errors) == {
        "ends_at",
        "capacity",
        "county_number",
        "network_id",
        "presenter_slots",
        "kind",
    }
    with pytest.raises(ServiceError) as info:
        events.create_event(_data(starts_at=dt.datetime(2027, 1, 1, 9)))  # naive
    assert "starts_at" in info.value.errors


def test_update_event_sequence_rules(app_ctx):
    e = events.create_event(_data(status="published", theme_ids=[]))
    assert e.sequence == 0 and e.published_at is not None
    events.update_event(e, {"description": "Tekst", "themes": ["buildings"]})
    assert e.sequence == 0 and [t.slug for t in e.themes] == ["buildings"]
    events.update_event(
        e,
        {
            "starts_at": START + dt.timedelta(hours=1),
            "ends_at": START + dt.timedelta(hours=3),
            "title": "Nytt",
        },
    )
    assert e.sequence == 1  # once per change, not per field
    events.update_event(e, {"title": "Nytt"})
    assert e.sequence == 1  # no real change
    events.cancel_event(e)
    assert e.status == "cancelled" and e.sequence == 2 and e.cancelled_at is not None
    with pytest.raises(ConflictError):
        events.cancel_event(e)
    with pytest.raises(ConflictError):
        events.publish_event(e)
    with pytest.raises(ServiceError):
        events.update_event(e, {"title": "Etter avlysning"})
    events.update_event(e, {"description": "Avlyst på grunn av vær"})
    assert e.sequence == 2
