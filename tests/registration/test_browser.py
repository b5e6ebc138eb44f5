"""Registration in a real browser (Playwright + Debian's chromium), on a phone-sized screen.

A supplier registers through the real form, sees the confirmation page, gets the e-mail at a
real SMTP server (aiosmtpd), downloads the .ics and cancels through the link in the mail; a
municipal staffer finds the municipality by typing part of its name; a bad organisation number
shows a field error. Every page is checked with axe-core (WCAG 2.1 A and AA).
"""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from netmgr.extensions import db
from netmgr.mail.sender import drain_outbox
from netmgr.registration.models import Registration

pytestmark = pytest.mark.browser
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "nb-NO",
    "timezone_id": "Europe/Oslo",
    "accept_downloads": True,
}


@pytest.fixture
def phone(browser, live_server):  # noqa: F811
    context = browser.new_context(base_url=live_server, **PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def links_to_live_server(app, live_server):  # noqa: F811
    """Mails link to the live server, so the browser can follow them."""
    saved = app.config["BASE_URL"]
    app.config["BASE_URL"] = live_server
    yield live_server
    app.config["BASE_URL"] = saved


def test_supplier_registers_on_a_phone_gets_mail_ics_and_cancels(
    app, phone, axe, make_event, smtp_server, links_to_live_server, tmp_path
):  # noqa: F811
    event = make_event(title="Møteplass velferdsteknologi", capacity=20, presenter_slots=2)
    page = phone
    page.goto(f"/events/{event.id}")
    axe(page)
    page.get_by_role("link", name=re.compile("Meld deg på som leverandør")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Påmelding for leverandører")
    axe(page)

    page.get_by_label("Organisasjonsnummer").fill("974 760 673")
    page.get_by_label("Navn på virksomheten").fill("Velferdsteknikk AS")
    page.get_by_label("Navnet ditt").fill("Åse Ødegård")
    page.get_by_label("E-postadresse").fill("ase@velferdsteknikk.no")
    page.get_by_label("Telefon").fill("912 34 567")
    page.get_by_role("button", name="Meld meg på").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Du er påmeldt")
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned kalenderfil (.ics)").click()
    path = tmp_path / "event.ics"
    download_info.value.save_as(path)
    cal = Calendar.from_ical(path.read_bytes())
    assert cal.events[0]["uid"] == event.uid

    assert drain_outbox(app).sent >= 1
    [mail] = smtp_server.wait_for(1)
    assert mail["To"].addresses[0].addr_spec == "ase@velferdsteknikk.no"
    assert "Påmeldingen er bekreftet" in mail["Subject"]
    ics_parts = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    assert ics_parts and event.uid in ics_parts[0].get_content()
    text = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_content()
    cancel = re.search(r"(http://127\.0\.0\.1:\d+/registrations/cancel/\S+)", text).group(1)

    page.goto(cancel)
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld deg av")
    axe(page)
    page.get_by_role("button", name="Ja, meld meg av").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er meldt av")
    axe(page)
    db.session.expire_all()
    assert db.session.scalar(select(Registration)).status == "cancelled"


def test_municipal_staffer_picks_municipality_by_typing(phone, axe, make_event, buyers):
    event = make_event(title="Nettverksmøte innkjøp", capacity=10)
    page = phone
    page.goto(f"/events/{event.id}/register/buyer")
    axe(page)
    page.get_by_label("Kommune, fylkeskommune eller statlig virksomhet").fill("ham")
    page.get_by_label("Navnet ditt").fill("Kari Innkjøper")
    page.get_by_label("E-postadresse").fill("kari@hamar.kommune.no")
    page.get_by_label("Stilling eller rolle").fill("Innkjøpsrådgiver")
    page.get_by_role("button", name="Meld meg på").click()

    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_text("Flere virksomheter passer")).to_have_count(2)  # summary + field
    axe(page)
    page.get_by_label("Hamar (3403)").check()
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er påmeldt")
    expect(page.get_by_text("Hamar", exact=True)).to_be_visible()
    db.session.expire_all()
    assert db.session.scalar(select(Registration)).organization_id == buyers["hamar"].id


def test_bad_org_number_shows_a_field_error(phone, axe, make_event):
    event = make_event()
    page = phone
    page.goto(f"/events/{event.id}/register/supplier")
    page.get_by_label("Organisasjonsnummer").fill("123 456 789")
    page.get_by_label("Navn på virksomheten").fill("Feil AS")
    page.get_by_label("Navnet ditt").fill("Ola")
    page.get_by_label("E-postadresse").fill("ola@feil.no")
    page.get_by_role("button", name="Meld meg på").click()
    error = page.locator("#org_number-error")
    expect(error).to_contain_text("Ugyldig organisasjonsnummer")
    expect(page.get_by_label("Organisasjonsnummer")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Organisasjonsnummer")).to_have_value("123 456 789")
    axe(page)
    db.session.expire_all()
    assert db.session.scalar(select(Registration)) is None
