"""Bad input never gives a 500 and never stores anything."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration

from .conftest import buyer_data, supplier_data

NASTY = [
    "x" * 100_000,  # long
    "\x00",  # NUL byte (PostgreSQL cannot store it)
    "Ola\x00Nordmann",
    "\u202eevil\u202c",  # bidi override
    "𝕳𝖆𝖒𝖆𝖗 🐟 \u0301\u0301",  # astral plane, combining marks
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "   ",
    "\r\n\t",
    "ø" * 201,
]
FIELDS_SUPPLIER = [
    "org_number",
    "company_name",
    "contact_name",
    "email",
    "phone",
    "participation",
    "solution_title",
    "solution_description",
    "theme",
]
FIELDS_BUYER = ["organization", "organization_id", "contact_name", "email", "title", "phone"]


def _stored():
    db.session.expire_all()
    return sum(
        db.session.scalar(select(func.count()).select_from(m)) for m in (Registration, Contact)
    )


@pytest.mark.parametrize("field", FIELDS_SUPPLIER)
def test_supplier_form_survives_nasty_values(client, make_event, field):
    event = make_event(presenter_slots=1)
    for value in NASTY:
        data = supplier_data(
            **{
                "participation": "presenter",
                "solution_title": "Tittel",
                "theme": "mobility",
                field: value,
            }
        )
        resp = client.post(f"/events/{event.id}/register/supplier", data=data)
        assert resp.status_code in (303, 422), (field, value[:20], resp.status_code)
        _check(resp, value)


def _check(resp, value):
    """422 with a message next to a field and nothing stored, or 303 and a stored row."""
    if "\x00" in value or len(value) > 5000 or "\u202e" in value:
        assert resp.status_code == 422
    if resp.status_code == 422:
        assert 'class="ds-validation-message"' in resp.get_data(as_text=True)
        assert _stored() == 0
    else:
        assert _stored() == 2  # contact + registration
        db.session.query(Registration).delete()
        db.session.query(Contact).delete()
        db.session.query(Organization).filter(Organization.kind == "supplier").delete()
        db.session.commit()


@pytest.mark.parametrize("field", FIELDS_BUYER)
def test_buyer_form_survives_nasty_values(client, make_event, buyers, field):
    event = make_event()
    for value in NASTY:
        resp = client.post(f"/events/{event.id}/register/buyer", data=buyer_data(**{field: value}))
        assert resp.status_code in (303, 422), (field, value[:20], resp.status_code)
        _check(resp, value)


def test_missing_fields_and_wrong_shapes(client, make_event, buyers):
    event = make_event()
    for url in (f"/events/{event.id}/register/supplier", f"/events/{event.id}/register/buyer"):
        assert client.post(url, data={}).status_code == 422
        assert (
            client.post(
                url, data=b"\xff\xfe\x00garbage", content_type="application/x-www-form-urlencoded"
            ).status_code
            == 422
        )
        assert client.post(url, json={"email": ["a", "b"]}).status_code == 422
        assert (
            client.post(
                url, data={"email": ["a@b.no", "c@d.no"], "participation": ["x", "y"]}
            ).status_code
            == 422
        )
        assert (
            client.post(
                url, data="a=" + "%00" * 10, content_type="application/x-www-form-urlencoded"
            ).status_code
            == 422
        )
    assert (
        client.post(
            f"/events/{event.id}/register/supplier", data=supplier_data(participation="boss")
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/events/{event.id}/register/supplier",
            data=supplier_data(
                participation="presenter", solution_title="T", theme="no-such-theme"
            ),
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/events/{event.id}/register/buyer", data=buyer_data(organization_id="-1")
        ).status_code
        == 422
    )
    assert _stored() == 0
    assert client.get("/events/abc/register/buyer").status_code == 404
    assert client.post(f"/registrations/cancel/{'A' * 5000}").status_code == 404


def test_errors_in_the_users_language(client, make_event):
    event = make_event()
    client.set_cookie("lang", "en")
    resp = client.post(
        f"/events/{event.id}/register/supplier", data=supplier_data(org_number="123", email="nope")
    )
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="org_number-error"' in html and 'id="email-error"' in html
