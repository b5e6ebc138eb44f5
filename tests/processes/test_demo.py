"""The demo data set holds two believable processes (``netmgr demo``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from netmgr.demo.builder import load_demo
from netmgr.extensions import db
from netmgr.processes.figures import small_municipalities, summary
from netmgr.processes.models import Process


def test_demo_has_two_processes_with_small_need_owners(app_ctx):
    load_demo(today=dt.date(2026, 3, 11))
    db.session.commit()
    processes = {p.slug: p for p in db.session.scalars(select(Process))}
    assert set(processes) == {"digitalt-nattilsyn-innlandet", "utslippsfrie-byggeplasser-vestland"}
    night = processes["digitalt-nattilsyn-innlandet"]
    assert night.public and night.phase == "market_dialogue"
    assert [c.phase for c in night.phase_changes] == ["needs", "market_dialogue"]
    figures = summary(night, on=dt.date(2026, 3, 11))
    assert figures.need_owners >= 6 and figures.small_need_owners >= 5
    assert figures.counties == 1 and figures.events >= 1
    assert all(o.county_number == "34" for o in small_municipalities(night, dt.date(2026, 3, 11)))
    building = processes["utslippsfrie-byggeplasser-vestland"]
    roles = {r.joined_in_phase for r in building.participants if r.role == "need_owner"}
    assert roles == {"needs", "competition"}  # need owners joined in different phases
    load_demo(today=dt.date(2026, 3, 11))  # idempotent
    assert len(db.session.scalars(select(Process)).all()) == 2
