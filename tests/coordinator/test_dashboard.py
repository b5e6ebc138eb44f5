"""The coordinator dashboard's figures."""

import datetime as dt

from netmgr.core.timeutil import UTC
from netmgr.extensions import db


def test_dashboard_shows_the_figures(coord_client, make_org, make_event, make_registration):
    now = dt.datetime.now(UTC)
    event = make_event("Snart møte", starts_at=now + dt.timedelta(days=2), capacity=25)
    org = make_org(population=1000)
    make_registration(event, org)
    past = make_event("Forrige møte", starts_at=now - dt.timedelta(days=20))
    make_registration(past, org, attendance="attended")
    db.session.commit()
    html = coord_client.get("/coordinator/").get_data(as_text=True)
    assert "Snart møte" in html and "1 av 25" in html
    assert 'id="figure-new-registrations">2<' in html
    assert 'id="figure-municipalities">1<' in html
    assert 'id="figure-small-municipalities">1<' in html
