"""A joint process with hand-countable figures.

Need owners (county, inhabitants, joined in phase):
  Litjdal     42   1 200   needs            (small)
  Fjellvik    42   3 900   needs            (small)
  Storhavn    42  61 000   market_dialogue
  Nordøy      18   4 999   market_dialogue  (small: under 5 000)
  Grensby     18   5 000   competition      (not small: 5 000 is not under 5 000)
  Gammelvik   42   2 000   needs            left the process (history only)
Lead: Agder fylkeskommune (county, 42); observer: Byhavn (46, 300 000).

Current need owners: 5; small ones: 3 (Litjdal, Fjellvik, Nordøy); inhabitants:
1 200 + 3 900 + 61 000 + 4 999 + 5 000 = 76 099; counties: 42 and 18 = 2.

Events of the process: a dialogue conference (published) where suppliers A and B attended and
C registered but did not show; one-to-one meetings (published) where A attended again and D
attended; a cancelled webinar (not counted). Suppliers in the dialogue: A, B, D = 3.
Events counted: 2. Supplier E attended an event outside the process (never counted).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.processes import services
from netmgr.registration.models import Registration
from tests import factories as f

START = dt.date(2025, 1, 6)


def org(kind, name, *, county=None, population=None, number=None, org_number=None):
    row = Organization(
        kind=kind,
        name=name,
        county_number=county,
        population=population,
        municipality_number=number,
        org_number=org_number,
    )
    db.session.add(row)
    db.session.commit()
    return row


def attend(event, organization, attended=True, people=1):
    for n in range(people):
        contact = Contact(
            organization=organization,
            name=f"{organization.name} {n}",
            email=f"{organization.id}-{event.id}-{n}@example.no",
        )
        db.session.add(contact)
        db.session.add(
            Registration(
                event=event,
                contact=contact,
                organization=organization,
                attendance="attended" if attended else "no_show",
            )
        )
    db.session.commit()


@pytest.fixture
def orgs(app_ctx):
    m = {
        "litjdal": org("municipality", "Litjdal", county="42", population=1200, number="4201"),
        "fjellvik": org("municipality", "Fjellvik", county="42", population=3900, number="4202"),
        "storhavn": org("municipality", "Storhavn", county="42", population=61000, number="4203"),
        "nordoy": org("municipality", "Nordøy", county="18", population=4999, number="1801"),
        "grensby": org("municipality", "Grensby", county="18", population=5000, number="1802"),
        "gammelvik": org("municipality", "Gammelvik", county="42", population=2000, number="4204"),
        "byhavn": org("municipality", "Byhavn", county="46", population=300000, number="4601"),
        "agder": org("county", "Agder fylkeskommune", county="42", population=320000),
        # small municipalities that are not in the process (targets)
        "smaaby": org("municipality", "Småby", county="42", population=900, number="4205"),
        "nordvik": org("municipality", "Nordvik", county="18", population=2100, number="1803"),
        "vestby": org("municipality", "Vestby", county="46", population=1500, number="4602"),
        "mellomby": org("municipality", "Mellomby", county="42", population=12000, number="4206"),
    }
    for key, name, number in (
        ("a", "Alfa Omsorg AS", "923609016"),
        ("b", "Beta Sensor AS", "982463718"),
        ("c", "Gamma Vakt AS", "974760673"),
        ("d", "Delta Digital AS", "937052766"),
        ("e", "Epsilon Bygg AS", "916592051"),
    ):
        m[key] = org("supplier", name, org_number=number)
    return SimpleNamespace(**m)


@pytest.fixture
def process(app_ctx, orgs, coordinator):
    """The process walked from needs to follow-up, as the module docstring describes."""
    p = services.create_process(
        {
            "slug": "nattilsyn-agder",
            "title": "Digitalt tilsyn på natt",
            "description": "Kommuner som vil kjøpe digitalt nattilsyn hver for seg.",
            "theme": "welfare_technology",
            "started_on": START,
        },
        user=coordinator,
    )
    add = services.add_participant
    add(p, orgs.agder.id, "lead", START, user=coordinator)
    for key in ("litjdal", "fjellvik", "gammelvik"):
        add(p, getattr(orgs, key).id, "need_owner", START, user=coordinator)
    services.change_phase(p, "market_dialogue", changed_on=dt.date(2025, 3, 3), user=coordinator)
    add(p, orgs.storhavn.id, "need_owner", dt.date(2025, 3, 10), user=coordinator)
    add(p, orgs.nordoy.id, "need_owner", dt.date(2025, 3, 12), buys_separately=False)
    add(p, orgs.byhavn.id, "observer", dt.date(2025, 3, 12))
    services.remove_participant(p, orgs.gammelvik.id, dt.date(2025, 4, 30))
    services.change_phase(p, "competition", changed_on=dt.date(2025, 6, 2))
    add(p, orgs.grensby.id, "need_owner", dt.date(2025, 6, 9))
    services.change_phase(p, "contract", changed_on=dt.date(2025, 10, 1))
    services.change_phase(p, "follow_up", changed_on=dt.date(2026, 4, 1))
    db.session.commit()
    return p


@pytest.fixture
def dialogue(process, orgs):
    conference = f.event(
        "Dialogkonferanse: digitalt nattilsyn",
        kind="market_dialogue",
        days=20,
        process_id=process.id,
    )
    meetings = f.event("En-til-en-møter", kind="market_dialogue", days=21, process_id=process.id)
    webinar = f.event("Avlyst webinar", kind="webinar", days=22, status="cancelled")
    webinar.process_id = process.id
    elsewhere = f.event("Møteplass bygg", kind="meeting_place", days=23)
    db.session.commit()
    attend(conference, orgs.a, people=2)
    attend(conference, orgs.b)
    attend(conference, orgs.c, attended=False)
    attend(conference, orgs.litjdal)  # a municipality: not a supplier
    attend(meetings, orgs.a)
    attend(meetings, orgs.d)
    attend(elsewhere, orgs.e)
    return SimpleNamespace(conference=conference, meetings=meetings, webinar=webinar)
