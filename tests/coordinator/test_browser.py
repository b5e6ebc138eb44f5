"""A coordinator in a real browser: sign in, create a network and an event, publish it, and find
it on the public list. Every page is checked with axe-core (WCAG 2.1 A and AA); the test saves
test-results/screenshots/screenshot-dashboard.png (gitignored; docs/ keeps the committed one).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from netmgr.core.timeutil import OSLO, oslo_datetime, utcnow
from netmgr.events.models import Event
from netmgr.extensions import db
from tests import factories as f

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "test-results" / "screenshots" / "screenshot-dashboard.png"  # gitignored
PASSWORD = "riktig-passord-123"


@pytest.fixture
def background(app_ctx):
    """Some participation so that the dashboard shows real figures."""
    past = f.event("Nettverksmøte i januar", days=-40)
    for name, population in (("Utsira", 200), ("Bremanger", 3500), ("Bergen", 290000)):
        reg = f.registration(past, org=f.municipality(name, population=population))
        reg.attendance = "attended"
    db.session.commit()
    day = (utcnow() + dt.timedelta(days=12)).astimezone(OSLO).date()
    soon = f.event(
        "Møteplass: innkjøp av sensorer",
        capacity=30,
        hours=5,
        location="Bodø",
        starts_at=oslo_datetime(day.year, day.month, day.day, 10),
    )
    for _ in range(4):
        f.registration(soon)
    return soon


def test_coordinator_creates_network_and_event_and_publishes_it(page, axe, coordinator, background):
    # Sign in
    page.goto("/coordinator/")
    assert "/login" in page.url  # anonymous visitors are sent to sign-in
    page.get_by_label("E-postadresse").fill(coordinator.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt")
    axe(page)

    # A network
    page.get_by_role("navigation", name="Koordinator").get_by_role("link", name="Nettverk").click()
    axe(page)
    page.get_by_role("link", name="Nytt nettverk").first.click()
    axe(page)
    page.get_by_label("Navn", exact=True).fill("Velferdsteknologi Nord")
    page.get_by_label("Adressenavn (slug)").fill("velferd-nord")
    page.get_by_label("Tema", exact=True).select_option(label="Velferdsteknologi")
    page.get_by_role("button", name="Opprett nettverk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velferdsteknologi Nord")
    axe(page)

    # An event: first with mistakes (error summary and messages at the fields), then right
    page.get_by_role("navigation", name="Koordinator").get_by_role(
        "link", name="Arrangementer"
    ).click()
    axe(page)
    page.get_by_role("link", name="Nytt arrangement").first.click()
    axe(page)
    page.get_by_role("button", name="Lagre som utkast").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Tittel: Skriv en tittel.")).to_be_visible()
    axe(page)
    summary.get_by_role("link", name="Tittel: Skriv en tittel.").click()
    expect(page.get_by_label("Tittel", exact=True)).to_be_focused()

    page.get_by_label("Tittel", exact=True).fill("Nettverksmøte: velferdsteknologi i nord")
    page.get_by_label("Type", exact=True).select_option(label="Nettverksmøte")
    page.get_by_label("Beskrivelse (valgfritt)").fill(
        "Erfaringer med digitalt tilsyn i små kommuner."
    )
    page.get_by_label("Nettverk (valgfritt)").select_option(label="Velferdsteknologi Nord")
    page.get_by_role("group", name="Temaer").get_by_label("Velferdsteknologi").check()
    page.get_by_label("Startdato").fill("2036-05-05")
    page.get_by_label("Starttid").fill("09:00")
    page.get_by_label("Sluttdato").fill("2036-05-05")
    page.get_by_label("Sluttid").fill("11:30")
    page.get_by_label("Sted (valgfritt)").fill("Tromsø rådhus")
    page.get_by_label("Fylke (valgfritt)").select_option(label="Troms")
    page.get_by_label("Antall plasser (valgfritt)").fill("40")
    page.get_by_role("button", name="Lagre som utkast").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nettverksmøte: velferdsteknologi i nord"
    )
    expect(page.get_by_text("mandag 5. mai 2036 kl. 09.00–11.30")).to_be_visible()
    axe(page)

    # Publish
    page.get_by_role("button", name="Publiser").click()
    expect(page.get_by_text("Arrangementet er publisert.")).to_be_visible()
    axe(page)
    event = db.session.scalar(select(Event).where(Event.title.like("Nettverksmøte: vel%")))
    db.session.refresh(event)
    assert event.status == "published" and event.network.slug == "velferd-nord"
    assert event.starts_at.isoformat() == "2036-05-05T07:00:00+00:00"  # 09.00 summer time

    # It is on the public list
    page.goto("/events")
    expect(page.get_by_role("link", name="Nettverksmøte: velferdsteknologi i nord")).to_be_visible()
    axe(page)

    # The dashboard counts it; the screenshot is the kind the README shows
    page.goto("/coordinator/")
    table = page.get_by_role("table")
    expect(
        table.get_by_role("link", name="Nettverksmøte: velferdsteknologi i nord")
    ).to_be_visible()
    expect(table.get_by_text("4 av 30")).to_be_visible()
    expect(page.locator("#figure-municipalities")).to_have_text("3")
    expect(page.locator("#figure-small-municipalities")).to_have_text("2")
    axe(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
    assert utcnow() < event.starts_at
