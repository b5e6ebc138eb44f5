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


def test_new_event_is_a_primary_button_on_the_dashboard_and_the_event_list(coord_client):
    """Issue 17: "Nytt arrangement" as the page's primary action, before the content."""
    for path in ("/coordinator/", "/coordinator/events"):
        html = coord_client.get(path).get_data(as_text=True)
        button = html.index('id="new-event-button"')
        tag = html[html.rindex("<a", 0, button) : html.index(">", button)]
        assert 'class="ds-button" data-variant="primary"' in tag, path
        assert 'href="/coordinator/events/new"' in tag
        assert button < html.index("<h2"), path
