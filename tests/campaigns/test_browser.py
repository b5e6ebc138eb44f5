"""The campaign pages and the check-in page in a real browser (issue 17: bug 4, items 12
and 13, bug 3): figures as cards, the HTML preview full width with its own CSP inside a
sandboxed frame, nothing wider than the window, no console errors; the organisation list
several rows high; the check-in list filtered while typing; the calendar copy button."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from netmgr.campaigns import services
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.registration.models import Registration

pytestmark = pytest.mark.browser
PASSWORD = "riktig-passord-123"


def _sign_in(page, coordinator):
    page.goto("/login")
    page.get_by_label("E-postadresse").fill(coordinator.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_campaign_checkin_and_calendar_pages_in_a_browser(page, axe, factory, coordinator):
    event = factory.event(coordinator=coordinator, capacity=20)
    contacts = [
        factory.contact(factory.org(standard="nn"), email="en-svaert-lang-adresse" * 3 + "@x.no")
    ] + [factory.contact() for _ in range(3)]
    campaign = services.create_campaign(event, [c.id for c in contacts], user=coordinator)
    today = factory.event(title="Samling i dag")
    today.starts_at = utcnow() - dt.timedelta(minutes=10)
    today.ends_at = utcnow() + dt.timedelta(hours=2)
    for c in contacts:
        db.session.add(Registration(event=today, contact=c, organization_id=c.organization_id))
    db.session.commit()
    errors: list[str] = []  # console errors (CSP violations included) and failed requests
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")  # the browser's own guess
            else None
        ),
    )
    _sign_in(page, coordinator)

    # the campaign page: figures as cards, preview full width, no overflow
    page.goto(f"/coordinator/campaigns/{campaign.id}")
    expect(page.locator("#campaign-figures .ds-card")).to_have_count(10)
    frame = page.locator("iframe.nm-mail-preview").first
    expect(frame).to_be_visible()
    content = page.locator("main").bounding_box()
    box = frame.bounding_box()
    assert box["width"] >= content["width"] * 0.9 and box["height"] >= 400
    inner = page.frame_locator("iframe.nm-mail-preview").first.locator("body")
    expect(inner).to_contain_text(event.title)
    assert _overflow(page) <= 0
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert _overflow(page) <= 0

    # the campaign form: several rows of organisations, nearest event first
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/coordinator/campaigns/new")
    assert page.locator("#organizations").bounding_box()["height"] > 150
    axe(page)

    # check-in on a phone: filtering while typing, a tap stays at the row
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/coordinator/participation/events/{today.id}/checkin")
    expect(page.locator(".nm-checkin-row")).to_have_count(4)
    page.get_by_label("Søk etter navn eller organisasjon").fill(contacts[2].name)
    expect(page.locator(".nm-checkin-row:visible")).to_have_count(1)
    page.locator(".nm-checkin-row:visible").get_by_role("button", name="Møtt").click()
    page.wait_for_url("**#reg-*")
    expect(page.locator(".ds-alert[data-color='success']")).to_have_count(0)
    assert _overflow(page) <= 0
    axe(page)

    # the calendar page from the main navigation, with a copy button
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kalender").click()
    copy = page.get_by_role("button", name="Kopier adressen")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    axe(page)
    assert not errors, errors
