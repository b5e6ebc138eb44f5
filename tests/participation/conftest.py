"""A small fixed data set with hand-computed figures (see test_figures.py for the sums).

Period used by the tests: 2025-01-01 .. 2025-06-30 (Oslo dates, inclusive).

municipality      pop    county ws       in-period attended / no-shows        contacts
1001 Litjby       1000   42     nb       E1 ×2 / E0 ×1                        2
1002 Noshowvik    2500   42     nn       – / E1 ×1 (+ a cancelled reg. at E2) 1
1003 Grensevåg    3000   46     nn       E2 ×1 (contact erased) / –           0
1004 Mellomby     8000   46     nb       only at a cancelled event            0
1005 Storby      60000   46     nb       E0, E1 / – (+ E3 just outside)       2
1006 Gamleby      4000   42     nb       E1 – but INACTIVE (merged)           1
1007 Fjernøy      4500   42     neutral  only E_old (2023)                    2 (1 opted out)
plus a supplier attending E1 (never counted).

Events: E0 2025-01-01 00:00 Oslo (first instant of the period, buildings, meeting_place);
E1 2025-03-10 10:00 (network N1 whose theme is welfare_technology, network_meeting);
E2 2025-06-30 23:30 (last half hour, digital_solutions, webinar);
E3 2025-07-01 00:00 (first instant after, welfare_technology, webinar);
E_cancelled 2025-04-01 (cancelled); E_old 2023-05-01 (buildings).
Network N1 members: 1001 (since 2024), 1004 (joins 2025-07-01), 1005 (left 2024-12-31).
"""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from netmgr.core.timeutil import UTC, oslo_datetime
from netmgr.extensions import db

PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))


@pytest.fixture
def dataset(app_ctx):
    from netmgr.campaigns.models import Campaign, CampaignRecipient
    from netmgr.events.models import Event
    from netmgr.networks.models import Network, NetworkMembership, Theme
    from netmgr.organizations.models import Contact, Organization
    from netmgr.registration.models import Registration

    themes = {t.slug: t for t in db.session.scalars(select(Theme))}

    def muni(number, name, pop, county, ws, active=True):
        org = Organization(
            kind="municipality",
            name=name,
            municipality_number=number,
            population=pop,
            county_number=county,
            written_standard=ws,
            active=active,
        )
        db.session.add(org)
        return org

    m = SimpleNamespace(
        litjby=muni("1001", "Litjby", 1000, "42", "nb"),
        noshow=muni("1002", "Noshowvik", 2500, "42", "nn"),
        grense=muni("1003", "Grensevåg", 3000, "46", "nn"),
        mellom=muni("1004", "Mellomby", 8000, "46", "nb"),
        stor=muni("1005", "Storby", 60000, "46", "nb"),
        gammel=muni("1006", "Gamleby", 4000, "42", "nb", active=False),
        fjern=muni("1007", "Fjernøy", 4500, "42", "neutral"),
    )
    supplier = Organization(kind="supplier", name="Leverandør AS", org_number="999999999")
    db.session.add(supplier)
    network = Network(slug="n1", name="Velferdsnettverket", theme=themes["welfare_technology"])
    db.session.add(network)
    db.session.flush()
    db.session.add_all(
        [
            NetworkMembership(
                network=network, organization=m.litjby, joined_on=dt.date(2024, 1, 1)
            ),
            NetworkMembership(
                network=network, organization=m.mellom, joined_on=dt.date(2025, 7, 1)
            ),
            NetworkMembership(
                network=network,
                organization=m.stor,
                joined_on=dt.date(2020, 1, 1),
                left_on=dt.date(2024, 12, 31),
            ),
        ]
    )

    def event(title, starts, kind="network_meeting", theme=None, network=None, status="published"):
        e = Event(
            title=title,
            kind=kind,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            status=status,
            network=network,
        )
        if theme:
            e.themes = [themes[theme]]
        db.session.add(e)
        return e

    e = SimpleNamespace(
        e0=event("E0", oslo_datetime(2025, 1, 1, 0, 0), "meeting_place", "buildings"),
        e1=event("E1", oslo_datetime(2025, 3, 10, 10, 0), network=network),
        e2=event("E2", oslo_datetime(2025, 6, 30, 23, 30), "webinar", "digital_solutions"),
        e3=event("E3", oslo_datetime(2025, 7, 1, 0, 0), "webinar", "welfare_technology"),
        cancelled=event("Avlyst", oslo_datetime(2025, 4, 1, 10), status="cancelled"),
        old=event("Gammelt", oslo_datetime(2023, 5, 1, 10), "meeting_place", "buildings"),
    )

    def contact(org, name, opted_out=False):
        c = Contact(
            organization=org,
            name=name,
            email=f"{uuid.uuid4().hex[:10]}@example.no",
            opted_out=opted_out,
        )
        db.session.add(c)
        return c

    c = SimpleNamespace(
        l1=contact(m.litjby, "Lise Litj"),
        l2=contact(m.litjby, "Lars Litj"),
        n1=contact(m.noshow, "Nora Noshow"),
        s1=contact(m.stor, "Stine Stor"),
        s2=contact(m.stor, "Sverre Stor"),
        g1=contact(m.gammel, "Gunn Gammel"),
        f1=contact(m.fjern, "Frida Fjern"),
        f2=contact(m.fjern, "Finn Fjern", opted_out=True),
        sup=contact(supplier, "Selger"),
    )
    erased = contact(m.grense, "Slettes Snart")
    db.session.flush()

    def reg(event, org, contact, attendance="attended", status="confirmed"):
        r = Registration(
            event=event,
            organization=org,
            contact=contact,
            attendance=attendance,
            status=status,
            source="form",
        )
        db.session.add(r)
        return r

    reg(e.e0, m.stor, c.s1)
    reg(e.e0, m.litjby, c.l1, "no_show")
    reg(e.e1, m.litjby, c.l1)
    reg(e.e1, m.litjby, c.l2)
    reg(e.e1, m.noshow, c.n1, "no_show")
    reg(e.e1, m.stor, c.s1)
    reg(e.e1, m.stor, c.s2, "unknown")  # a registration alone is not a participation
    reg(e.e1, m.gammel, c.g1)
    reg(e.e1, supplier, c.sup)
    reg(e.e2, m.grense, erased)
    reg(e.e2, m.noshow, c.n1, "attended", status="cancelled")
    reg(e.e3, m.stor, c.s1)
    reg(e.cancelled, m.mellom, None)
    reg(e.old, m.fjern, c.f1)
    db.session.flush()
    db.session.delete(erased)  # personal data erased: the participation keeps the municipality

    def campaign(event, sent_at, *recipients):
        camp = Campaign(
            event_id=event.id,
            name=f"Invitasjon {event.title}",
            status="sent" if sent_at else "draft",
            sent_at=sent_at,
        )
        db.session.add(camp)
        db.session.flush()
        for contact, response in recipients:
            db.session.add(
                CampaignRecipient(
                    campaign_id=camp.id,
                    contact_id=contact.id,
                    organization_id=contact.organization_id,
                    response=response,
                    sends=1 if sent_at else 0,
                )
            )
        return camp

    # 1002 accepted E1 (then did not show) and declined E2; 1007 never answered for E2;
    # a draft campaign (never sent) does not count as an invitation.
    campaign(e.e1, dt.datetime(2025, 2, 1, 9, tzinfo=UTC), (c.n1, "accepted"))
    campaign(e.e2, dt.datetime(2025, 6, 1, 9, tzinfo=UTC), (c.n1, "declined"), (c.f1, "none"))
    campaign(e.e1, None, (c.f1, "none"))
    db.session.commit()
    return SimpleNamespace(m=m, e=e, c=c, network=network, supplier=supplier)
