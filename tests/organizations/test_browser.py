"""In a real browser (Debian's chromium): a coordinator finds a municipality in the list, adds a
contact, makes her the main contact, and imports a contact list with preview and confirmation;
axe-core finds no WCAG 2.1 A/AA violation at desktop (1280×800) and phone (390×844) size."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netmgr.extensions import db
from tests import factories as f

pytestmark = pytest.mark.browser
PASSWORD = "riktig-passord-123"
SIZES = ({"width": 1280, "height": 800}, {"width": 390, "height": 844})


def _axe_at_both_sizes(page, axe):
    for size in SIZES:
        page.set_viewport_size(size)
        axe(page)
    page.set_viewport_size(SIZES[0])


def test_organization_pages_and_import(page, axe, coordinator, app_ctx):
    utsira = f.municipality("Utsira", number="1151", population=200, county="11")
    utsira.official_email = "postmottak@utsira.kommune.no"
    f.municipality("Bergen", number="4601", population=290000, county="46")
    db.session.commit()
    f.member(f.network("Innkjøp Vest"), utsira)

    page.goto("/coordinator/organizations/")
    page.get_by_label("E-postadresse").fill(coordinator.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisasjoner")
    _axe_at_both_sizes(page, axe)

    page.get_by_label("Størrelse").select_option(value="small")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#org-table tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Utsira").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utsira")
    expect(page.locator("#official-email")).to_have_text("postmottak@utsira.kommune.no")
    expect(page.locator("#organization-networks")).to_contain_text("Innkjøp Vest")
    _axe_at_both_sizes(page, axe)

    page.get_by_role("link", name="Ny kontaktperson").click()
    page.get_by_role("button", name="Legg til kontaktperson").click()
    expect(page.locator("#name-error")).to_be_visible()
    _axe_at_both_sizes(page, axe)
    page.get_by_label("Navn").fill("Kari Utsira")
    page.get_by_label("E-postadresse").fill("kari@utsira.kommune.no")
    page.get_by_role("button", name="Legg til kontaktperson").click()
    expect(page.locator("#contacts")).to_contain_text("Kari Utsira")
    page.get_by_role("button", name="Gjør til hovedkontakt").click()
    expect(page.locator("#contacts")).to_contain_text("Hovedkontakt")
    _axe_at_both_sizes(page, axe)

    page.goto("/coordinator/organizations/import")
    _axe_at_both_sizes(page, axe)
    csv = "organization;name;email;title\n4601;Per Bergen;per@bergen.kommune.no;Rådgiver\n"
    page.get_by_label("Fil (CSV eller Excel .xlsx)").set_input_files(
        files=[{"name": "kontakter.csv", "mimeType": "text/csv", "buffer": csv.encode("cp1252")}]
    )
    page.get_by_role("button", name="Se hva som vil skje").click()
    expect(page.locator("#import-added")).to_contain_text("Per Bergen")
    _axe_at_both_sizes(page, axe)
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.locator(".nm-flash")).to_contain_text("1 nye")
