"""The organisation services the API and the web pages share, called directly."""

from __future__ import annotations

import pytest

from netmgr.core.errors import ConflictError, ServiceError
from netmgr.organizations import services as orgs


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
