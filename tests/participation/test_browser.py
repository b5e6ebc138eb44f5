"""In a real browser (Debian's chromium): a coordinator opens the participation report,
filters it to one theme, opens the target list and creates a campaign from it; axe-core finds
no WCAG 2.1 A/AA violation on the pages of this feature."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from netmgr.core.timeutil import UTC
from netmgr.events.models import Event
from netmgr.extensions import db

pytestmark = pytest.mark.browser
PASSWORD = "riktig-passord-123"


@pytest.fixture
def future_event(app_ctx, dataset):
    start = dt.datetime.now(UTC).replace(microsecond=0, second=0) + dt.timedelta(days=20)
    event = Event(
        title="Møteplass for små kommuner",
        kind="meeting_place",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        status="published",
    )
    db.session.add(event)
    db.session.commit()
    return event


def test_report_filter_targets_campaign(
    page,
    axe,
    coordinator,
    dataset,  # noqa: F811
    future_event,
):
    page.goto("/coordinator/participation/?from=2025-01-01&to=2025-06-30")
    page.get_by_label("E-postadresse").fill(coordinator.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deltakelse fra kommunene")
    expect(page.locator("#chart-reach")).to_be_visible()
    axe(page)

    page.get_by_label("Tema", exact=True).select_option(label="Velferdsteknologi")
    page.get_by_role("button", name="Vis", exact=True).click()
    assert "theme=welfare_technology" in page.url and "from=2025-01-01" in page.url
    # welfare technology in the period: only E1 (1001 and 1005 reached)
    row = page.locator("#table-size tbody tr").first
    expect(row.locator("td").nth(1)).to_have_text("1")
    axe(page)

    page.get_by_role("navigation", name="Deltakelse").get_by_role("link", name="Målliste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Målliste: kommuner som mangler")
    expect(page.locator("#target-table tbody tr")).to_have_count(4)
    axe(page)

    page.get_by_label("Arrangement", exact=True).select_option(str(future_event.id))
    page.get_by_role("button", name="Lag invitasjonskampanje").click()
    page.wait_for_load_state()
    from netmgr.campaigns.models import Campaign, CampaignRecipient

    db.session.expire_all()
    campaign = db.session.scalars(
        select(Campaign).where(Campaign.event_id == future_event.id)
    ).one()
    assert campaign.criteria["source"] == "targeting"
    contacts = set(
        db.session.scalars(
            select(CampaignRecipient.contact_id).where(CampaignRecipient.campaign_id == campaign.id)
        )
    )
    c = dataset.c
    assert contacts == {c.l1.id, c.l2.id, c.n1.id, c.f1.id}


def test_other_participation_pages_pass_axe(
    page,
    axe,
    coordinator,
    dataset,  # noqa: F811
    future_event,
):
    page.goto("/coordinator/participation/map")
    page.get_by_label("E-postadresse").fill(coordinator.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("svg.nm-map")).to_be_visible()
    axe(page)
    for url in (
        f"/coordinator/participation/municipalities/{dataset.m.noshow.id}",
        f"/coordinator/participation/events/{dataset.e.e1.id}/checkin",
        "/coordinator/participation/import",
        "/coordinator/participation/outcomes",
        "/coordinator/",
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe(page)
    # the check-in page on a phone: every button reachable, nothing wider than the screen
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"/coordinator/participation/events/{dataset.e.e1.id}/checkin")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375
    axe(page)
