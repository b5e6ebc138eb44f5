"""A coordinator in a real browser: a recurring series, an event's reminders, the scheduler's
health page. Every page is checked with axe-core (WCAG 2.1 A and AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.scheduler.models import DueJob

pytestmark = pytest.mark.browser
PASSWORD = "riktig-passord-123"


def test_admin_creates_a_series_sets_reminders_and_checks_scheduler_health(page, axe, make_user):
    admin = make_user(email="admin@lup.no", role="admin")
    page.goto("/login")
    page.get_by_label("E-postadresse").fill(admin.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    nav = page.get_by_role("navigation", name="Koordinator")
    nav.get_by_role("link", name="Faste samlinger").click()
    axe(page)
    page.get_by_role("link", name="Ny serie").first.click()
    page.get_by_label("Tittel", exact=True).fill("Nettverkssamling digitale løsninger")
    page.get_by_label("Første samling (dato)").fill("2027-01-05")
    page.get_by_label("Starttid").fill("09:00")
    page.get_by_label("Varighet i minutter").fill("150")
    page.get_by_label("Gjentakelse (RRULE)").fill("FREQ=SOMETIMES")
    page.get_by_role("button", name="Lagre serien").click()
    expect(page.locator("#error-summary")).to_be_visible()
    axe(page)

    page.get_by_label("Gjentakelse (RRULE)").fill("FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU")
    page.get_by_label("Opprett samlinger så mange dager fram").fill("400")
    page.get_by_role("button", name="Lagre serien").click()
    expect(page.get_by_role("heading", name="Kommende samlinger")).to_be_visible()
    axe(page)

    # The first occurrence's coordinator page lists its jobs; reminders go to two days before.
    page.locator("main ul.ds-list a").first.click()
    expect(page.get_by_role("heading", name="Planlagte utsendinger")).to_be_visible()
    page.get_by_label("Påminnelser før start").fill("2d")
    page.get_by_role("button", name="Lagre påminnelser").click()
    expect(page.get_by_text("Påminnelsene er lagret.")).to_be_visible()
    axe(page)
    first = db.session.scalar(
        select(Event).where(Event.series_id.is_not(None)).order_by(Event.starts_at)
    )
    db.session.refresh(first)
    assert first.reminder_hours == [48]
    keys = set(
        db.session.scalars(
            select(DueJob.key).where(DueJob.event_id == first.id, DueJob.state == "pending")
        )
    )
    assert f"event.reminder:{first.id}:48" in keys and f"event.reminder:{first.id}:24" not in keys

    nav = page.get_by_role("navigation", name="Koordinator")
    nav.get_by_role("link", name="Planlegger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planlegger")
    axe(page)
