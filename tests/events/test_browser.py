"""A visitor in a real browser: event list, filters, event page, language switch, keyboard.

Every page visited is checked with axe-core for WCAG 2.1 A and AA.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from netmgr.core.timeutil import oslo_datetime
from tests import factories as f

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "test-results" / "screenshots" / "screenshot-events.png"  # gitignored


@pytest.fixture
def programme(app_ctx):
    """Two networks with members and a few upcoming events (one cancelled, one draft)."""
    vest = f.network(
        "Velferdsteknologi Vest",
        slug="velferd-vest",
        description="Kommunene i vest deler erfaringer med velferdsteknologi.",
    )
    bygg = f.network(
        "Bygg og anlegg Nord",
        slug="bygg-nord",
        theme_slug="buildings",
        description="Klimavennlige bygg i nord.",
    )
    for name in ("Bergen", "Askøy", "Voss"):
        f.member(vest, f.municipality(name))
    f.member(bygg, f.municipality("Bodø", county="18"))
    events = {
        "meeting": f.event(
            "Nettverksmøte: digitalt tilsyn",
            network_row=vest,
            capacity=40,
            starts_at=oslo_datetime(2036, 3, 4, 9),
            hours=2.5,
            themes=["welfare_technology"],
            description="Erfaringer fra tre kommuner og innlegg fra leverandører.",
        ),
        "webinar": f.event(
            "Webinar: innkjøp av sensorer",
            network_row=vest,
            kind="webinar",
            location=None,
            online_url="https://teams.example/sensor",
            starts_at=oslo_datetime(2036, 3, 10, 13),
            hours=1,
        ),
        "place": f.event(
            "Møteplass bygg i Bodø",
            network_row=bygg,
            kind="meeting_place",
            location="Stormen, Bodø",
            county="18",
            capacity=80,
            starts_at=oslo_datetime(2036, 4, 2, 10),
            hours=5,
        ),
        "cancelled": f.event(
            "Avlyst dialogmøte",
            network_row=bygg,
            status="cancelled",
            county="18",
            starts_at=oslo_datetime(2036, 3, 20, 9),
        ),
        "draft": f.event("Utkast som ikke vises", status="draft"),
    }
    for _ in range(3):
        f.registration(events["meeting"])
    return events


def test_visitor_filters_the_list_and_opens_an_event(page, axe, programme):
    page.goto("/events")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommende arrangementer")
    expect(page.locator("article")).to_have_count(4)
    expect(page.get_by_text("Utkast som ikke vises")).to_have_count(0)
    expect(page.locator("#error-summary")).to_have_count(0)
    axe(page)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000

    # Filter on a network and on online meetings, submitted by the form (GET).
    page.get_by_label("Nettverk", exact=True).select_option("velferd-vest")
    page.get_by_label("Sted", exact=True).select_option("online")
    page.get_by_role("button", name="Vis arrangementer").click()
    expect(page).to_have_url(re.compile(r"network=velferd-vest.*mode=online"))
    expect(page.locator("article")).to_have_count(1)
    expect(page.get_by_role("heading", name="1 arrangement")).to_be_visible()
    axe(page)

    # A date range without hits gives the empty state with a way out.
    page.get_by_label("Fra dato").fill("2036-03-11")
    page.get_by_role("button", name="Vis arrangementer").click()
    expect(page.get_by_text("Ingen arrangementer passer filteret")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Vis alle kommende arrangementer").click()
    expect(page.locator("article")).to_have_count(4)

    # Open an event.
    page.get_by_role("link", name="Nettverksmøte: digitalt tilsyn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nettverksmøte: digitalt tilsyn")
    expect(page.get_by_text("tirsdag 4. mars 2036 kl. 09.00–11.30")).to_be_visible()
    expect(page.get_by_text("40 plasser, 37 ledige")).to_be_visible()
    expect(page.get_by_role("navigation", name="Brødsmuler")).to_contain_text("Arrangementer")
    axe(page)

    # Its network page lists members by name.
    page.get_by_role("link", name="Velferdsteknologi Vest").click()
    expect(page.get_by_role("heading", name="Medlemmer")).to_be_visible()
    expect(page.locator("#members-heading ~ ul li")).to_have_text(["Askøy", "Bergen", "Voss"])
    axe(page)


def test_language_switch_changes_the_page_to_nynorsk(page, axe, programme):
    page.goto("/events")
    page.get_by_role("navigation", name="Velg språk").get_by_role("link", name="Nynorsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Komande arrangement")
    expect(page).to_have_url(re.compile(r"/events$"))
    axe(page)
    page.get_by_role("link", name="Nettverksmøte: digitalt tilsyn").click()
    expect(page.get_by_text("tysdag 4. mars 2036 kl. 09.00–11.30")).to_be_visible()
    axe(page)
    # The choice is remembered on the next visit, and English works too.
    page.goto("/networks")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Networks")
    axe(page)


def test_keyboard_user_skips_to_content_and_sees_focus(page, axe, programme):
    page.goto("/events")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    outline = skip.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    # Tab reaches the filter form's first field after the skip.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id || document.activeElement.textContent")
    assert focused  # something inside main got focus


def test_other_public_pages_pass_axe(page, axe, programme):
    for url in (
        "/networks",
        "/networks/bygg-nord",
        "/about",
        f"/events/{programme['cancelled'].id}",
        f"/events/{programme['webinar'].id}",
        "/finnes-ikke",
        "/login",
    ):
        page.goto(url)
        axe(page)
    # The sign-in form with errors: summary at the top, messages next to the fields.
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()  # netmgr.js moves focus there
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("link", name="E-postadresse: Skriv inn e-postadressen din.").click()
    expect(page.locator("#email")).to_be_focused()  # summary links lead to the fields
    axe(page)
    page.get_by_label("E-postadresse").fill("ukjent@lup.no")
    page.get_by_label("Passord").fill("feil-passord-123")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_text("E-postadressen eller passordet er feil.")).to_be_visible()
    axe(page)


def test_axe_helper_names_violations(page, axe, live_server):
    """The check can fail: a page with an unlabeled input and low contrast is reported."""
    from tests.axe import axe_violations, format_violations

    page.goto("/about")
    page.evaluate("""() => {
        const input = document.createElement('input');
        document.querySelector('main').appendChild(input);
        const p = document.createElement('p');
        p.textContent = 'Svak tekst';
        p.setAttribute('class', 'x');
        p.style.color = '#ccc';
        document.querySelector('main').appendChild(p);
    }""")
    violations = axe_violations(page)
    ids = {v["id"] for v in violations}
    assert "label" in ids and "color-contrast" in ids
    assert "label (critical)" in format_violations(page.url, violations)
