"""Three groups of the demo data set: a host municipality and its small neighbours, the way
regional procurement cooperations (vertskommunesamarbeid, kommuneloven § 20-2) and regional
councils look. They are examples, not an official list (none exists). No official addresses
are invented: ``official_email`` stays empty."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..extensions import db
from ..groups.models import Group, GroupMembership
from ..organizations.models import Organization

#: slug, name, kind, host municipality number, member municipality numbers, years ago, text
GROUPS = (
    (
        "innherred-innkjop",
        "Innherred innkjøp",
        "procurement_cooperation",
        "5037",
        ("5037", "5038", "5053", "5036"),
        9,
        "Levanger kjøper inn på vegne av nabokommunene som vertskommune etter kommuneloven "
        "§ 20-2. Felles rammeavtaler for drift; store anskaffelser gjør hver kommune selv.",
    ),
    (
        "namdal-regionrad",
        "Namdal regionråd",
        "regional_council",
        "5007",
        ("5007", "5047", "5045", "5046", "5042", "5043", "5044"),
        12,
        "Samarbeidsråd for kommunene i Namdalen. LUP når de minste kommunene gjennom rådets "
        "faste møter.",
    ),
    (
        "valdres-innkjop",
        "Valdres innkjøpssamarbeid",
        "procurement_cooperation",
        "3451",
        ("3451", "3449", "3450", "3452", "3453", "3454"),
        6,
        "Nord-Aurdal er vertskommune for innkjøpssamarbeidet i Valdres.",
    ),
)


def add_demo_groups(today: dt.date) -> int:
    """Add the demo groups that are missing (with their members); returns how many."""
    numbers = {n for *_, members, _years, _text in GROUPS for n in members}
    orgs = {
        o.municipality_number: o
        for o in db.session.scalars(
            select(Organization).where(Organization.municipality_number.in_(numbers))
        )
    }
    added = 0
    for slug, name, kind, host, members, years, text in GROUPS:
        if db.session.scalar(select(Group.id).where(Group.slug == slug)) is not None:
            continue
        group = Group(
            slug=slug,
            name=name,
            kind=kind,
            host_organization=orgs.get(host),
            description=text,
        )
        db.session.add(group)
        joined = today.replace(year=today.year - years, month=1, day=1)
        for number in members:
            if number in orgs:
                group.memberships.append(
                    GroupMembership(organization=orgs[number], joined_on=joined)
                )
        added += 1
    db.session.flush()
    return added
