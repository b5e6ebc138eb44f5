"""Public and coordinator process pages in a real browser, checked with axe-core (WCAG 2.1 A
and AA) at phone (390×844) and desktop (1280×800) size."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netmgr.extensions import db
from netmgr.processes import services
from netmgr.processes.joining import request_to_join

pytestmark = pytest.mark.browser
PASSWORD = "riktig-passord-123"
SIZES = [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]


@pytest.fixture
def published(process, dialogue):
    services.publish_process(process)
    db.session.commit()
    return process


@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_public_process_pages(page, axe, published, size):
    page.set_viewport_size(size)
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Felles prosesser"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Felles prosesser")
    axe(page)
    page.get_by_role("link", name="Digitalt tilsyn på natt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digitalt tilsyn på natt")
    expect(page.get_by_text("5 behovseiere står bak behovet.")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_contain_text("Gevinstrealisering")
    axe(page)
    page.get_by_role("link", name="Meld deg på «Dialogkonferanse: digitalt nattilsyn»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dialogkonferanse: digitalt nattilsyn"
    )


@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_coordinator_process_pages(page, axe, coordinator, published, orgs, size):
    request_to_join(published, orgs.vestby.id)  # accepted an invitation to join: pending
    db.session.commit()
    page.set_viewport_size(size)
    page.goto("/coordinator/processes")
    page.get_by_label("E-postadresse").fill(coordinator.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Felles prosesser")
    page.get_by_label("Fase").select_option("follow_up")
    page.get_by_role("button", name="Filtrer").click()
    axe(page)
    page.get_by_role("link", name="Digitalt tilsyn på natt").click()
    expect(page.get_by_role("heading", name="Leverandører i dialogen")).to_be_visible()
    expect(page.get_by_role("cell", name="923609016")).to_be_visible()
    expect(page.locator("#pending-table")).to_contain_text("Vestby")
    expect(page.get_by_role("button", name="Inviter små kommuner til å bli med")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Endre fase").click()
    page.get_by_label("Ny fase").select_option("needs")
    page.get_by_role("button", name="Lagre fasen").click()
    expect(
        page.get_by_text("En fase kan bare flyttes bakover når det sies uttrykkelig.").first
    ).to_be_visible()
    axe(page)  # the form with its error messages

    page.goto(f"/coordinator/processes/{published.id}/participants/new")
    page.get_by_label("Organisasjon", exact=True).select_option(label="Småby")
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_role("cell", name="Småby")).to_be_visible()

    page.goto(f"/coordinator/processes/{published.id}/edit")
    axe(page)
    page.goto("/coordinator/processes/new")
    page.get_by_role("button", name="Opprett prosessen").click()
    expect(page.get_by_text("Skriv en tittel.").first).to_be_visible()
    axe(page)
