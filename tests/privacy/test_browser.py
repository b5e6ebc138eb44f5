"""The privacy notice, the accessibility statement and the admin privacy pages in a real
browser, each checked with axe-core (WCAG 2.1 A and AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from netmgr.core.audit import audit
from netmgr.extensions import db

pytestmark = pytest.mark.browser
PASSWORD = "riktig-passord-123"


def test_public_notice_and_statement(page, axe, app_ctx):
    page.goto("/events")
    page.get_by_role("contentinfo").get_by_role("link", name="Personvern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personvern")
    axe(page)
    page.get_by_label("E-postadresse").fill("ikke-en-adresse")
    page.get_by_role("button", name="Send meg lenken").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page)
    page.get_by_label("E-postadresse").fill("kari@example.no")
    page.get_by_role("button", name="Send meg lenken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    axe(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Tilgjengelighet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighetserklæring")
    axe(page)


def test_admin_privacy_audit_and_person_pages(page, axe, make_user):
    admin = make_user(email="admin@lup.no", role="admin")
    audit("event.published", None, user=admin)
    db.session.commit()
    page.goto("/login")
    page.get_by_label("E-postadresse").fill(admin.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    nav = page.get_by_role("navigation", name="Koordinator")
    nav.get_by_role("link", name="Personvern").click()
    expect(page.get_by_role("heading", name="Slettefrister")).to_be_visible()
    axe(page)
    page.get_by_label("Sendelogger").fill("-3")
    page.get_by_role("button", name="Lagre slettefrister").click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page)

    nav = page.get_by_role("navigation", name="Koordinator")
    nav.get_by_role("link", name="Revisjonslogg").click()
    expect(page.get_by_role("cell", name="event.published")).to_be_visible()
    axe(page)

    nav = page.get_by_role("navigation", name="Koordinator")
    nav.get_by_role("link", name="Innsyn og sletting").click()
    page.get_by_label("E-postadresse").fill("ukjent@example.no")
    page.get_by_role("button", name="Vis opplysninger").click()
    expect(page.get_by_role("heading", name="Lagret om ukjent@example.no")).to_be_visible()
    axe(page)
