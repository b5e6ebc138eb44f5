"""Small builders for the web tests (rows made directly, committed)."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import func, select

from netmgr.core.timeutil import utcnow
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.networks.models import Network, NetworkMembership, Theme
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration

_counter = itertools.count(1)


def count(model) -> int:
    """Rows of ``model`` in the database."""
    return db.session.scalar(select(func.count()).select_from(model))


def theme(slug="welfare_technology") -> Theme:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def network(
    name="Velferdsteknologi Vest",
    slug=None,
    theme_slug="welfare_technology",
    description="Kommuner i vest som deler erfaringer.",
    active=True,
) -> Network:
    row = Network(
        name=name,
        slug=slug or f"nettverk-{next(_counter)}",
        theme=theme(theme_slug),
        description=description,
        active=active,
    )
    db.session.add(row)
    db.session.commit()
    return row


def municipality(name="Bergen", number=None, county="46", population=290000) -> Organization:
    n = next(_counter)
    row = Organization(
        kind="municipality",
        name=name,
        municipality_number=number or f"{9000 + n}",
        county_number=county,
        population=population,
    )
    db.session.add(row)
    db.session.commit()
    return row


def member(network_row, org, joined_days_ago=100, left_days_ago=None):
    today = dt.date.today()
    row = NetworkMembership(
        network=network_row,
        organization=org,
        joined_on=today - dt.timedelta(days=joined_days_ago),
        left_on=None if left_days_ago is None else today - dt.timedelta(days=left_days_ago),
    )
    db.session.add(row)
    db.session.commit()
    return row


def event(
    title="Nettverksmøte velferdsteknologi",
    *,
    days=7,
    hours=2,
    status="published",
    kind="network_meeting",
    network_row=None,
    location="Bergen rådhus",
    online_url=None,
    county="46",
    capacity=None,
    themes=(),
    starts_at=None,
    ends_at=None,
    **fields,
) -> Event:
    starts = starts_at or (utcnow().replace(microsecond=0) + dt.timedelta(days=days))
    if network_row is not None:  # else a network_id in ``fields`` stays
        fields["network"] = network_row
    row = Event(
        title=title,
        kind=kind,
        starts_at=starts,
        ends_at=ends_at or starts + dt.timedelta(hours=hours),
        status=status,
        location=location,
        online_url=online_url,
        county_number=county,
        capacity=capacity,
        **fields,
    )
    row.themes = [theme(s) for s in themes]
    db.session.add(row)
    db.session.commit()
    return row


def registration(event_row, *, status="confirmed", role="attendee", org=None) -> Registration:
    n = next(_counter)
    org = org or municipality(name=f"Kommune {n}")
    contact = Contact(organization=org, name=f"Person {n}", email=f"person{n}@example.no")
    row = Registration(event=event_row, contact=contact, organization=org, status=status, role=role)
    db.session.add_all([contact, row])
    db.session.commit()
    return row


def make_event(
    title="Nettverksmøte", starts_at=None, hours=2, status="published", capacity=None, **fields
) -> Event:
    """An event row made directly, flushed (not committed); 3 March 2026 09:00 in Oslo unless
    told otherwise."""
    starts_at = starts_at or dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)
    row = Event(
        title=title,
        kind=fields.pop("kind", "network_meeting"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        status=status,
        capacity=capacity,
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def make_org(
    name="Testkommune", kind="municipality", population=10000, county_number="46", org_number=None
) -> Organization:
    """An organisation row made directly, flushed (not committed)."""
    n = next(_counter)
    row = Organization(
        kind=kind,
        name=name,
        population=population,
        county_number=county_number,
        municipality_number=f"{(1000 + n) % 10000:04d}" if kind == "municipality" else None,
        org_number=org_number,
    )
    db.session.add(row)
    db.session.flush()
    return row


#: When the events made through the services start (a Wednesday in 2027, 09:00 in Oslo)
SERVICE_START = dt.datetime(2027, 3, 3, 8, 0, tzinfo=dt.UTC)


def created_network(
    slug="velferd", name="Velferdsteknologi", theme="welfare_technology", active=True
):
    """A network made by ``networks.services.create_network``, committed."""
    from netmgr.networks.services import create_network

    row = create_network({"slug": slug, "name": name, "theme": theme, "active": active})
    db.session.commit()
    return row


def created_event(status="published", **fields) -> Event:
    """An event made by ``events.services.create_event`` (signals, audit), committed."""
    from netmgr.events.services import create_event

    data = {
        "kind": "network_meeting",
        "title": "Nettverksmøte",
        "starts_at": SERVICE_START,
        "ends_at": SERVICE_START + dt.timedelta(hours=2),
        "status": status,
        **fields,
    }
    row = create_event(data)
    db.session.commit()
    return row


def created_group(
    slug="innherred-innkjop", name="Innherred innkjøp", kind="procurement_cooperation", host=None
):
    """A group made by ``groups.services.create_group``, committed."""
    from netmgr.groups.services import create_group

    row = create_group(
        {
            "slug": slug,
            "name": name,
            "kind": kind,
            "host_organization_id": host.id if host is not None else None,
        }
    )
    db.session.commit()
    return row


def created_municipality(number="4601", name="Bergen", population=291940, county_number=None):
    """A municipality made by ``organizations.services.create_organization``, committed."""
    from netmgr.organizations.services import create_organization

    row = create_organization(
        {
            "kind": "municipality",
            "name": name,
            "municipality_number": number,
            "population": population,
            "county_number": county_number,
        }
    )
    db.session.commit()
    return row


def created_supplier(org_number="974760673", name="Leverandør AS"):
    """A supplier made by ``organizations.services.create_organization``, committed."""
    from netmgr.organizations.services import create_organization

    row = create_organization({"kind": "supplier", "name": name, "org_number": org_number})
    db.session.commit()
    return row


def created_contact(email="ola@example.no", name="Ola Nordmann", organization=None):
    """A contact made by ``organizations.services.create_contact`` (of a new supplier unless
    ``organization`` is given), committed."""
    from netmgr.organizations.services import create_contact

    org = organization or created_supplier()
    row = create_contact({"email": email, "name": name, "organization_id": org.id})
    db.session.commit()
    return row


def demo_mail_file(app) -> None:
    """One real mail written to the mail folder (the embedded mode without a mail server), so
    the coordinator's mail pages have a message to show: a registration on the first upcoming
    demo event with seats, sent by the outbox sender."""
    from netmgr.mail.sender import drain_outbox
    from netmgr.registration import services

    now = utcnow()
    upcoming = db.session.scalars(
        select(Event).where(Event.status == "published", Event.starts_at > now)
    )
    target = next(e for e in upcoming if e.capacity is None or e.capacity >= 50)
    taken = select(Registration.contact_id).where(Registration.event_id == target.id)
    person = db.session.scalars(
        select(Contact)
        .where(Contact.email.is_not(None), Contact.id.not_in(taken))
        .order_by(Contact.id)
    ).first()
    services.register(target, person)
    db.session.commit()
    assert drain_outbox(app).sent >= 1
