"""The service functions the API and the web pages share, called directly."""

from __future__ import annotations

import datetime as dt

import pytest

from netmgr.core.errors import ConflictError, NotFoundError, ServiceError
from netmgr.events import services as events
from netmgr.extensions import db
from netmgr.networks import services as nets
from netmgr.organizations import services as orgs

from .conftest import START


@pytest.fixture(autouse=True)
def _request(app_ctx):
    """Messages are translated with the request's language (gettext needs a request)."""
    with app_ctx.test_request_context("/"):
        yield


@pytest.mark.parametrize(
    "value,expected",
    [("974760673", "974760673"), (" 974 760 673 ", "974760673"), ("974-760-673", "974760673")],
)
def test_normalize_org_number(app_ctx, value, expected):
    assert orgs.normalize_org_number(value) == expected


@pytest.mark.parametrize("value", ["974760674", "97476067", "abcdefghi", "", None, "9747606730"])
def test_bad_org_number(app_ctx, value):
    with pytest.raises(ServiceError) as info:
        orgs.normalize_org_number(value)
    assert list(info.value.errors) == ["org_number"]


def test_normalize_email(app_ctx):
    assert orgs.normalize_email(" Kari@Example.NO ") == "kari@example.no"
    for bad in ("kari", "kari@", "@example.no", "kari@@example.no", "", "a" * 300 + "@x.no"):
        with pytest.raises(ServiceError):
            orgs.normalize_email(bad)


def test_find_or_create_supplier_and_contact(app_ctx):
    a = orgs.find_or_create_supplier("974 760 673", "Firma AS")
    b = orgs.find_or_create_supplier("974760673", "Annet navn")
    assert a.id == b.id and b.name == "Firma AS" and a.kind == "supplier"
    c1 = orgs.find_or_create_contact("Per@Firma.no", "Per", a, phone="123")
    c2 = orgs.find_or_create_contact("per@firma.no", "Per Hansen", None, title="Daglig leder")
    assert c1.id == c2.id and c2.phone == "123" and c2.title == "Daglig leder"
    assert c2.name == "Per"  # an existing name is not overwritten
    with pytest.raises(ServiceError):
        orgs.find_or_create_supplier("974760673x", "X")
    with pytest.raises(ServiceError):
        orgs.find_or_create_contact("new@firma.no", "Ny", None)  # new contact needs an org


def test_is_small(app_ctx):
    small = orgs.create_organization(
        {"kind": "municipality", "name": "Utsira", "municipality_number": "1151", "population": 215}
    )
    big = orgs.create_organization(
        {
            "kind": "municipality",
            "name": "Bergen",
            "municipality_number": "4601",
            "population": 291940,
        }
    )
    agency = orgs.create_organization({"kind": "state_agency", "name": "DFØ"})
    assert orgs.is_small(small) and not orgs.is_small(big) and not orgs.is_small(agency)


def test_municipality_links_its_county(app_ctx):
    county = orgs.create_organization({"kind": "county", "name": "Rogaland", "county_number": "11"})
    utsira = orgs.create_organization(
        {"kind": "municipality", "name": "Utsira", "municipality_number": "1151"}
    )
    assert utsira.county_id == county.id and utsira.county_number == "11"
    with pytest.raises(ConflictError):
        orgs.delete_organization(county)


def test_membership_dates(app_ctx):
    net = nets.create_network({"slug": "bygg", "name": "Bygg", "theme": "buildings"})
    org = orgs.create_organization({"kind": "state_agency", "name": "Statsbygg"})
    nets.add_member(net, org, joined_on=dt.date(2024, 1, 1))
    with pytest.raises(ConflictError):
        nets.add_member(net, org)
    nets.end_membership(net, org, left_on=dt.date(2024, 12, 31))
    with pytest.raises(NotFoundError):
        nets.end_membership(net, org)
    assert nets.is_member(net, org, on=dt.date(2024, 6, 1))
    assert nets.is_member(net, org, on=dt.date(2024, 12, 31))
    assert not nets.is_member(net, org, on=dt.date(2025, 1, 1))
    assert not nets.is_member(net, org, on=dt.date(2023, 12, 31))
    nets.add_member(net, org, joined_on=dt.date(2025, 6, 1))
    assert nets.is_member(net, org, on=dt.date(2025, 6, 1))
    assert len(nets.memberships(net, org)) == 2


def test_network_theme_by_id_or_slug(app_ctx):
    from netmgr.networks.models import Theme

    theme = db.session.query(Theme).filter_by(slug="mobility").one()
    net = nets.create_network({"slug": "mobil", "name": "Mobil", "theme_id": theme.id})
    assert net.theme.slug == "mobility"
    nets.update_network(net, {"theme": "buildings"})
    assert net.theme.slug == "buildings"
    with pytest.raises(ServiceError) as info:
        nets.update_network(net, {"theme": "nope", "name": ""})
    assert set(info.value.errors) == {"theme", "name"}
    assert net.name == "Mobil" and net.theme.slug == "buildings"  # left as it was


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
