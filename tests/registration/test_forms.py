"""The public forms over HTTP (Flask test client): suppliers, buyers, confirmation, cancel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.registration import services
from netmgr.registration.models import Registration

from .conftest import buyer_data, supplier_data


def count(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def token_from(location: str) -> str:
    return re.search(r"/registrations/([^/?]+)", location).group(1)


def test_event_page_links_to_forms(client, make_event):
    event = make_event(presenter_slots=2)
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"/events/{event.id}/register/supplier" in html
    assert f"/events/{event.id}/register/buyer" in html


def test_supplier_registers_and_is_matched_not_duplicated(client, make_event, outbox):
    event = make_event()
    assert client.get(f"/events/{event.id}/register/supplier").status_code == 200
    resp = client.post(f"/events/{event.id}/register/supplier", data=supplier_data())
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    org = db.session.scalar(select(Organization).where(Organization.org_number == "974760673"))
    assert org.kind == "supplier" and org.name == "Velferdsteknikk AS"
    contact = db.session.scalar(select(Contact))
    assert contact.email == "ola@velferdsteknikk.no"
    page = client.get(resp.headers["Location"])
    assert page.status_code == 200
    assert "Du er påmeldt" in page.get_data(as_text=True)
    [mail] = outbox("registration.confirmed")
    assert mail.to_address == "ola@velferdsteknikk.no" and mail.ics

    # Same person again (other spelling of the address): a neutral page, the link goes by mail.
    again = client.post(
        f"/events/{event.id}/register/supplier",
        data=supplier_data(email=" OLA@velferdsteknikk.NO ", org_number="974760673"),
    )
    assert again.status_code == 200 and "Location" not in again.headers
    assert token_from(resp.headers["Location"]) not in again.get_data(as_text=True)
    [resent] = outbox("registration.link_resent")
    assert resent.to_address == "ola@velferdsteknikk.no"
    mailed = token_from(re.search(r"/registrations/\S+", resent.body_text).group(0))
    assert services.find_link(mailed).registration.contact.email == "ola@velferdsteknikk.no"
    # A colleague from the same company: same organisation, a new contact.
    client.post(
        f"/events/{event.id}/register/supplier",
        data=supplier_data(email="kollega@velferdsteknikk.no", company_name="Annet navn"),
    )
    assert count(Organization) == 1 and count(Contact) == 2 and count(Registration) == 2


def test_bad_org_number_shows_field_error_and_stores_nothing(client, make_event):
    event = make_event()
    resp = client.post(
        f"/events/{event.id}/register/supplier", data=supplier_data(org_number="123456789")
    )
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="org_number-error"' in html and "Ugyldig organisasjonsnummer" in html
    assert 'aria-invalid="true"' in html and "error-summary" in html
    assert count(Registration) == count(Organization) == count(Contact) == 0


def test_presenter_request_needs_title_and_theme(client, make_event, outbox):
    event = make_event(presenter_slots=1)
    resp = client.post(
        f"/events/{event.id}/register/supplier", data=supplier_data(participation="presenter")
    )
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="solution_title-error"' in html and 'id="theme-error"' in html
    resp = client.post(
        f"/events/{event.id}/register/supplier",
        data=supplier_data(
            participation="presenter",
            solution_title="Digitalt tilsyn",
            solution_description="Sensorer og varsling",
            theme="welfare_technology",
        ),
    )
    assert resp.status_code == 303
    reg = db.session.scalar(select(Registration))
    assert reg.role == "presenter" and reg.presenter_approval == "pending"
    assert "vurderes" in client.get(resp.headers["Location"]).get_data(as_text=True)
    # approved presenters appear on the public page: company and solution title only
    services.decide_presenter(reg, True)
    db.session.commit()
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Velferdsteknikk AS: Digitalt tilsyn" in html
    assert "ola@velferdsteknikk.no" not in html and "Ola Nordmann" not in html


def test_buyer_picks_municipality_by_part_of_name(client, make_event, buyers, outbox):
    event = make_event()
    page = client.get(f"/events/{event.id}/register/buyer").get_data(as_text=True)
    assert '<datalist id="buyer-organizations">' in page and "Hamar (3403)" in page
    resp = client.post(f"/events/{event.id}/register/buyer", data=buyer_data(organization="ham"))
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "Flere virksomheter passer" in html
    assert f'value="{buyers["hamar"].id}"' in html and f'value="{buyers["hammerfest"].id}"' in html
    assert count(Registration) == count(Contact) == 0
    resp = client.post(
        f"/events/{event.id}/register/buyer",
        data=buyer_data(organization="ham", organization_id=buyers["hamar"].id),
    )
    assert resp.status_code == 303
    reg = db.session.scalar(select(Registration))
    assert reg.organization_id == buyers["hamar"].id
    assert reg.contact.title == "Innkjøpsrådgiver"


@pytest.mark.parametrize(
    "typed, key",
    [
        ("3403", "hamar"),
        ("Hamar (3403)", "hamar"),
        ("rendalen", "rendalen"),
        ("34", "county"),
        ("986 252 932", "agency"),
    ],
)
def test_buyer_by_number_or_exact_name(client, make_event, buyers, typed, key):
    event = make_event()
    resp = client.post(f"/events/{event.id}/register/buyer", data=buyer_data(organization=typed))
    assert resp.status_code == 303
    assert db.session.scalar(select(Registration)).organization_id == buyers[key].id


def test_buyer_mail_in_nynorsk_for_nynorsk_municipality(client, make_event, buyers, outbox):
    event = make_event()
    client.post(f"/events/{event.id}/register/buyer", data=buyer_data(organization="Rendalen"))
    [mail] = outbox("registration.confirmed")
    assert mail.language == "nn"


def test_buyer_unknown_organisation(client, make_event, buyers):
    event = make_event()
    resp = client.post(
        f"/events/{event.id}/register/buyer", data=buyer_data(organization="Atlantis")
    )
    assert resp.status_code == 422 and "Fant ingen" in resp.get_data(as_text=True)
    # a supplier (or forged id) cannot be chosen as a buyer
    supplier = Organization(kind="supplier", name="X AS", org_number="974760673")
    db.session.add(supplier)
    db.session.commit()
    resp = client.post(
        f"/events/{event.id}/register/buyer",
        data=buyer_data(organization="Atlantis", organization_id=supplier.id),
    )
    assert resp.status_code == 422
    assert count(Registration) == 0


def test_server_side_search_page(client, make_event, buyers):
    event = make_event()
    html = client.get(f"/events/{event.id}/register/organizations?q=ham").get_data(as_text=True)
    assert "Hamar (3403)" in html and "Hammerfest (5603)" in html
    link = re.search(r'href="([^"]*register/buyer\?organization=[^"]*)"', html).group(1)
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="Hamar (3403)"' in form


def test_search_page_odd_input(client, make_event, buyers):
    event = make_event()
    for q in ("", "%", "\x00", "ø" * 5000, "'; drop table x"):
        assert (
            client.get(
                f"/events/{event.id}/register/organizations", query_string={"q": q}
            ).status_code
            == 200
        )


def test_honeypot_stores_nothing(client, make_event):
    event = make_event()
    resp = client.post(
        f"/events/{event.id}/register/supplier", data=supplier_data(homepage="http://spam.example")
    )
    assert resp.status_code == 200 and "Takk" in resp.get_data(as_text=True)
    assert count(Registration) == count(Organization) == count(Contact) == 0


def test_full_event_offers_waiting_list(client, make_event, make_contact):
    event = make_event(capacity=1)
    services.register(event, make_contact())
    db.session.commit()
    page = client.get(f"/events/{event.id}/register/supplier").get_data(as_text=True)
    assert "ventelisten" in page and "Meld meg på venteliste" in page
    resp = client.post(f"/events/{event.id}/register/supplier", data=supplier_data())
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Du står på ventelisten" in html and "nummer 1" in html


def test_closed_event_refuses_politely(client, make_event):
    event = make_event(registration_closes_at=utcnow() - dt.timedelta(hours=1))
    page = client.get(f"/events/{event.id}/register/supplier")
    assert page.status_code == 200 and "stengt" in page.get_data(as_text=True)
    assert '<form method="post" action="/events' not in page.get_data(as_text=True)
    resp = client.post(f"/events/{event.id}/register/supplier", data=supplier_data())
    assert resp.status_code == 409 and count(Registration) == 0
    future = make_event(registration_opens_at=utcnow() + dt.timedelta(days=1))
    assert "åpner" in client.get(f"/events/{future.id}/register/buyer").get_data(as_text=True)
    draft = make_event(status="draft")
    assert client.get(f"/events/{draft.id}/register/buyer").status_code == 404
    assert client.get("/events/999999/register/buyer").status_code == 404


def test_members_only_message_and_coordinator_link(client, make_event, buyers, make_user):
    from netmgr.networks.models import Network, NetworkMembership, Theme

    coordinator = make_user(email="nettverk@lup.no")
    network = Network(
        slug="innlandet", name="Innlandsnettverket", theme=db.session.scalar(select(Theme))
    )
    db.session.add_all(
        [
            network,
            NetworkMembership(
                network=network, organization=buyers["rendalen"], joined_on=dt.date(2024, 1, 1)
            ),
        ]
    )
    db.session.commit()
    event = make_event(
        kind="network_meeting",
        network_id=network.id,
        members_only=True,
        coordinator_id=coordinator.id,
    )
    page = client.get(f"/events/{event.id}/register/buyer").get_data(as_text=True)
    assert "mailto:nettverk@lup.no" in page and "Innlandsnettverket" in page
    resp = client.post(f"/events/{event.id}/register/buyer", data=buyer_data(organization="Hamar"))
    assert resp.status_code == 422
    assert "bare for medlemmer" in resp.get_data(as_text=True)
    assert count(Registration) == count(Contact) == 0
    ok = client.post(f"/events/{event.id}/register/buyer", data=buyer_data(organization="Rendalen"))
    assert ok.status_code == 303


def test_cancel_link_frees_the_seat(client, make_event, make_contact, outbox):
    event = make_event(capacity=1)
    resp = client.post(f"/events/{event.id}/register/supplier", data=supplier_data())
    waiting, _ = services.register(event, make_contact())
    db.session.commit()
    token = token_from(resp.headers["Location"])
    ics = client.get(f"/registrations/{token}/calendar.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert event.uid in ics.get_data(as_text=True)
    page = client.get(f"/registrations/cancel/{token}")
    assert page.status_code == 200 and "Ja, meld meg av" in page.get_data(as_text=True)
    done = client.post(f"/registrations/cancel/{token}")
    assert done.status_code == 200 and "frigitt" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, waiting.id).status == "confirmed"
    assert len(outbox("registration.promoted")) == 1
    again = client.post(f"/registrations/cancel/{token}")
    assert "allerede avmeldt" in again.get_data(as_text=True)
    assert client.get("/registrations/cancel/forged-token").status_code == 404
    assert client.get("/registrations/forged").status_code == 404


def test_cancel_link_in_mail_works(client, make_event, outbox):
    event = make_event()
    client.post(f"/events/{event.id}/register/supplier", data=supplier_data())
    [mail] = outbox("registration.confirmed")
    url = re.search(r"http://netmgr\.test(/registrations/cancel/\S+)", mail.body_text).group(1)
    assert client.post(url).status_code == 200
    assert db.session.scalar(select(Registration)).status == "cancelled"


def test_csrf_is_required(app, client, make_event):
    event = make_event()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        resp = client.post(f"/events/{event.id}/register/supplier", data=supplier_data())
        assert resp.status_code == 400
        page = client.get(f"/events/{event.id}/register/supplier").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        ok = client.post(
            f"/events/{event.id}/register/supplier", data=supplier_data(csrf_token=csrf)
        )
        assert ok.status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert count(Registration) == 1


def test_event_page_states(client, make_event):
    cancelled = make_event(status="cancelled")
    assert "ikke mulig å melde seg på" in client.get(f"/events/{cancelled.id}").get_data(
        as_text=True
    )
    closed = make_event(registration_closes_at=utcnow() - dt.timedelta(hours=1))
    html = client.get(f"/events/{closed.id}").get_data(as_text=True)
    assert "Påmeldingen er stengt." in html and "/register/supplier" not in html


@pytest.mark.parametrize("form", ["supplier", "buyer"])
def test_someone_elses_address_gets_a_neutral_answer_and_changes_nothing(
    client, make_event, buyers, outbox, form
):
    """Issue 12.1: typing a registered address shows nothing of that registration, creates or
    changes nothing, and mails the registration's own link only to that address."""
    event = make_event()
    owner = client.post(f"/events/{event.id}/register/{form}", data=_form_data(form))
    assert owner.status_code == 303
    token = token_from(owner.headers["Location"])
    before = (count(Organization), count(Contact), count(Registration))
    contact = db.session.scalar(select(Contact))
    name, phone = contact.name, contact.phone

    stranger = _form_data(
        form,
        email="KARI@hamar.kommune.no" if form == "buyer" else "ola@velferdsteknikk.no",
        contact_name="Inntrenger",
        phone="+47 400 00 000",
    )
    if form == "supplier":  # a new company: would be a stray organisation
        stranger.update(org_number="923609016", company_name="Ukjent AS")
    else:
        stranger.update(organization="Rendalen")
    resp = client.post(f"/events/{event.id}/register/{form}", data=stranger)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Location" not in resp.headers
    assert "Vi har sendt detaljene til denne adressen." in page
    assert token not in page and "/registrations/" not in page and name not in page
    assert client.get(f"/registrations/{token}?existing=1").status_code == 200  # owner's link
    assert (count(Organization), count(Contact), count(Registration)) == before
    db.session.expire_all()
    contact = db.session.get(Contact, contact.id)
    assert (contact.name, contact.phone) == (name, phone)
    [mail] = outbox("registration.link_resent")
    assert mail.to_address == contact.email
    mailed = re.search(r"http://netmgr\.test(/registrations/[A-Za-z0-9_-]{43})\s", mail.body_text)
    assert client.get(mailed.group(1)).status_code == 200  # a link of its own, which works
    assert "Inntrenger" not in mail.body_text


def test_cancel_through_the_link_is_audited(client, make_event):
    from netmgr.core.audit import AuditEntry

    event = make_event()
    resp = client.post(f"/events/{event.id}/register/supplier", data=supplier_data())
    token = token_from(resp.headers["Location"])
    assert client.post(f"/registrations/cancel/{token}").status_code == 200
    db.session.expire_all()
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.cancelled_by_link")
    ).all()
    reg = db.session.scalar(select(Registration))
    assert entry.object_type == "registrations" and entry.object_id == reg.id
    assert entry.user_id is None and entry.data == {"event_id": event.id}


def _form_data(form, **overrides):
    return supplier_data(**overrides) if form == "supplier" else buyer_data(**overrides)
