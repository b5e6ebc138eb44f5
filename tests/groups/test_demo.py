"""The demo data set has believable groups: a host municipality and its small neighbours."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from netmgr.demo.builder import load_demo
from netmgr.extensions import db
from netmgr.groups.models import Group

TODAY = dt.date(2026, 3, 11)


def test_demo_groups_have_a_host_and_small_members(app_ctx):
    load_demo(today=TODAY)
    db.session.commit()
    groups = {g.slug: g for g in db.session.scalars(select(Group))}
    assert set(groups) == {"innherred-innkjop", "namdal-regionrad", "valdres-innkjop"}
    for group in groups.values():
        members = group.current_members(TODAY)
        assert group.host_organization in members
        small = [o for o in members if o.population < 5000]
        assert len(small) >= 1 and len(members) >= 4
        assert all(o.official_email is None for o in members)
    assert groups["namdal-regionrad"].kind == "regional_council"
