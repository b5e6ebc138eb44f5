"""In a real browser (Debian's chromium): a coordinator lists the groups, creates one (an
empty form first: the messages next to the fields), adds a member and edits it; then the
receiver at a nynorsk municipality's official address opens the invitation's page, which is
in nynorsk although the browser asks for bokmål. axe-core finds no WCAG 2.1 A/AA violation
on any of them at desktop (1280×800) and phone (390×844) size."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from netmgr.campaigns import services as campaigns
from netmgr.campaigns.models import CampaignRecipient
from netmgr.campaigns.official import official_link
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


def test_group_pages_and_the_official_answer_page(page, axe, coordinator, app_ctx):
    verdal = f.municipality("Verdal", number="5038", population=15000, county="50")
    frosta = f.municipality("Frosta", number="5036", population=2645, county="50")
    frosta.written_standard = "nn"
    frosta.official_email = "postmottak@frosta.example"
    db.session.commit()

    page.goto("/coordinator/groups")
    page.get_by_label("E-postadresse").fill(coordinator.email)
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grupper")
    _axe_at_both_sizes(page, axe)

    page.get_by_role("link", name="Ny gruppe").first.click()
    page.get_by_role("button", name="Opprett gruppe").click()
    expect(page.locator("#name-error")).to_be_visible()
    _axe_at_both_sizes(page, axe)
    page.get_by_label("Navn", exact=True).fill("Innherred innkjøp")
    page.get_by_label("Adressenavn (slug)").fill("innherred-innkjop")
    page.get_by_label("Type").select_option(value="procurement_cooperation")
    page.get_by_label("Vertskommune eller vertsorganisasjon").select_option(str(verdal.id))
    page.get_by_role("button", name="Opprett gruppe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Innherred innkjøp")
    page.get_by_label("Organisasjon", exact=True).select_option(str(frosta.id))
    page.get_by_role("button", name="Legg til", exact=True).click()
    expect(page.locator("table")).to_contain_text("Frosta")
    _axe_at_both_sizes(page, axe)

    page.get_by_role("link", name="Rediger gruppen").click()
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Innherred innkjøp")
    _axe_at_both_sizes(page, axe)
    page.get_by_label("Navn", exact=True).fill("Innherred innkjøpssamarbeid")
    page.get_by_role("button", name="Lagre endringer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Innherred innkjøpssamarbeid")
    page.goto("/coordinator/groups")
    expect(page.locator("main")).to_contain_text("Innherred innkjøpssamarbeid")

    # The official-address invitation page: nynorsk, as Frosta writes, in a bokmål browser
    event = f.event("Møteplass Trøndelag", days=20)
    campaign = campaigns.create_campaign(event, {"organizations": [frosta.id]})
    db.session.commit()
    recipient = db.session.scalar(
        select(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign.id)
    )
    assert recipient.kind == "official"
    page.goto(official_link(recipient.id, campaign).removeprefix("http://netmgr.test"))
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.locator("main")).to_contain_text("svar om du kjem")
    _axe_at_both_sizes(page, axe)
    page.get_by_role("button", name="Send svar").click()
    expect(page.locator("#name-error")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    _axe_at_both_sizes(page, axe)
    page.get_by_label("Namn", exact=True).fill("Frida Frosta")
    page.get_by_label("E-postadresse").fill("frida@frosta.example")
    page.locator("input[name=answer][value=accepted]").check()
    page.get_by_role("button", name="Send svar").click()
    expect(page.locator("#rsvp-result")).to_have_attribute("data-status", "confirmed")
    _axe_at_both_sizes(page, axe)
