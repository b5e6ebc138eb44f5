"""Public event pages: the list with filters and paging, and an event's page."""

from __future__ import annotations

import datetime as dt
import re

from netmgr.core.timeutil import oslo_datetime
from tests import factories as f


def titles(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'id="event-\d+-title">\s*<a [^>]*>([^<]+)</a>', html)


def test_list_shows_published_and_cancelled_upcoming_events_soonest_first(client, app_ctx):
    f.event("Senere møte", days=10)
    f.event("Snart møte", days=2)
    f.event("Avlyst møte", days=5, status="cancelled")
    f.event("Utkast", days=3, status="draft")
    f.event("Ferdig møte", days=-3)
    response = client.get("/events")
    assert response.status_code == 200
    assert titles(response) == ["Snart møte", "Avlyst møte", "Senere møte"]
    html = response.get_data(as_text=True)
    assert "Utkast" not in html and "Ferdig møte" not in html
    assert "3 arrangementer" in html
    assert 'id="error-summary"' not in html and "aria-invalid" not in html
    assert 'class="ds-link nm-cancelled-title"' in html and ">Avlyst<" in html


def test_front_page_is_the_event_list(client, app_ctx):
    f.event("Snart møte", days=2)
    response = client.get("/")
    assert titles(response) == ["Snart møte"]
    assert 'id="error-summary"' not in response.get_data(as_text=True)


def test_filters_by_network_theme_kind_county_mode_and_dates(client, app_ctx):
    vest = f.network("Velferd Vest", slug="velferd-vest", theme_slug="welfare_technology")
    bygg = f.network("Bygg Nord", slug="bygg-nord", theme_slug="buildings")
    f.event("A velferd vest", days=2, network_row=vest, county="46")
    f.event(
        "B bygg nord digitalt",
        days=4,
        network_row=bygg,
        county="18",
        location=None,
        online_url="https://teams.example/b",
        kind="webinar",
    )
    f.event(
        "C tagget klima",
        days=6,
        county="03",
        themes=["climate_environment"],
        kind="meeting_place",
        online_url="https://teams.example/c",
    )
    f.event("D langt frem", days=60, county="46")

    def filtered(**args):
        return titles(client.get("/events", query_string=args))

    assert filtered(network="velferd-vest") == ["A velferd vest"]
    assert filtered(theme="buildings") == ["B bygg nord digitalt"]  # via the network
    assert filtered(theme="climate_environment") == ["C tagget klima"]  # via the event's tag
    assert filtered(kind="webinar") == ["B bygg nord digitalt"]
    assert filtered(county="46") == ["A velferd vest", "D langt frem"]
    assert filtered(mode="online") == ["B bygg nord digitalt", "C tagget klima"]
    assert filtered(mode="onsite") == ["A velferd vest", "C tagget klima", "D langt frem"]
    today = dt.date.today()
    assert filtered(date_from=(today + dt.timedelta(days=30)).isoformat()) == ["D langt frem"]
    assert filtered(date_to=(today + dt.timedelta(days=3)).isoformat()) == ["A velferd vest"]
    assert filtered(county="46", kind="meeting_place") == []


def test_county_filter_agrees_with_the_county_feed(client, app_ctx):
    """/events?county=50 and /calendar/counties/50.ics list the same events: the county's
    own and the national ones (issue 17, bug 5), and the list page says so."""
    f.event("I Trøndelag", days=2, county="50")
    f.event("Nasjonalt webinar", days=3, county=None)
    f.event("I Nordland", days=4, county="18")
    response = client.get("/events", query_string={"county": "50"})
    assert titles(response) == ["I Trøndelag", "Nasjonalt webinar"]
    assert "Nasjonale arrangementer er alltid med" in response.get_data(as_text=True)
    feed = client.get("/calendar/counties/50.ics").get_data(as_text=True)
    assert "I Trøndelag" in feed and "Nasjonalt webinar" in feed and "I Nordland" not in feed


def test_bad_filter_values_give_messages_not_errors(client, app_ctx):
    f.event("A", days=2)
    response = client.get(
        "/events",
        query_string={"kind": "party", "date_from": "i morgen", "county": "99", "page": "-4"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html and 'id="error-summary"' in html
    assert titles(response) == ["A"]  # invalid filters are ignored


def test_date_to_before_date_from_is_explained(client, app_ctx):
    html = client.get(
        "/events", query_string={"date_from": "2030-05-02", "date_to": "2030-05-01"}
    ).get_data(as_text=True)
    assert "Til dato kan ikke være før fra dato." in html
    assert 'href="#date_to"' in html


def test_paging_keeps_filters(client, app_ctx):
    for i in range(23):
        f.event(f"Møte {i:02d}", days=1 + i, kind="webinar")
    f.event("Annet", days=2, kind="other")
    first = client.get("/events", query_string={"kind": "webinar"})
    assert len(titles(first)) == 10
    html = first.get_data(as_text=True)
    assert "23 arrangementer" in html
    assert re.search(r'href="/events\?kind=webinar&amp;page=2"', html)
    third = client.get("/events", query_string={"kind": "webinar", "page": 3})
    assert titles(third) == ["Møte 20", "Møte 21", "Møte 22"]
    assert titles(client.get("/events?kind=webinar&page=99")) == ["Møte 20", "Møte 21", "Møte 22"]
    assert len(titles(client.get("/events?page=x"))) == 10


def test_empty_states_say_what_to_do(client, app_ctx):
    html = client.get("/events").get_data(as_text=True)
    assert "Ingen kommende arrangementer ennå" in html and 'href="/networks"' in html
    html = client.get("/events?kind=webinar").get_data(as_text=True)
    assert "Ingen arrangementer passer filteret" in html
    assert "Prøv å fjerne noen av filtrene" in html


def test_event_page_shows_facts_in_oslo_time(client, app_ctx):
    net = f.network("Velferd Vest", slug="velferd-vest")
    event = f.event(
        "Dialogmøte",
        starts_at=oslo_datetime(2036, 3, 4, 9),
        hours=2.5,
        network_row=net,
        capacity=20,
        online_url="https://teams.example/x",
        themes=["welfare_technology"],
        description="Vi snakker om\nvelferd.",
        registration_closes_at=oslo_datetime(2036, 3, 1, 12),
    )
    for _ in range(3):
        f.registration(event)
    f.registration(event, status="waitlisted")
    f.registration(event, status="cancelled")
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "<h1" in html and "Dialogmøte" in html
    assert "tirsdag 4. mars 2036 kl. 09.00–11.30" in html
    assert "Bergen rådhus" in html and 'href="https://teams.example/x"' in html
    assert 'href="/networks/velferd-vest"' in html and "Velferdsteknologi" in html
    assert "20 plasser, 17 ledige" in html
    assert "Åpen til lørdag 1. mars 2036 kl. 12.00" in html
    assert "Vi snakker om\nvelferd." in html
    assert "Nettverksmøte" in html and "Vestland" in html


def test_event_page_in_english_and_nynorsk(client, app_ctx):
    event = f.event("Dialogmøte", starts_at=oslo_datetime(2036, 3, 4, 9), hours=2.5)
    english = app_ctx.test_client()
    english.set_cookie("lang", "en")
    html = english.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Tuesday 4 March 2036, 09:00–11:30" in html and "No limit" in html
    nynorsk = app_ctx.test_client()
    nynorsk.set_cookie("lang", "nn")
    html = nynorsk.get(f"/events/{event.id}").get_data(as_text=True)
    assert "tysdag 4. mars 2036 kl. 09.00–11.30" in html and "Inga avgrensing" in html


def test_full_event_and_waitlist_wording(client, app_ctx):
    event = f.event("Lite møte", capacity=1)
    f.registration(event)
    assert "fullt – du kan melde deg på venteliste" in client.get(f"/events/{event.id}").get_data(
        as_text=True
    )
    assert "Fullt – venteliste" in client.get("/events").get_data(as_text=True)


def test_cancelled_event_page_says_so_and_drafts_are_404(client, app_ctx):
    cancelled = f.event("Avlyst møte", status="cancelled")
    draft = f.event("Hemmelig utkast", status="draft")
    html = client.get(f"/events/{cancelled.id}").get_data(as_text=True)
    assert "Dette arrangementet er avlyst." in html and "Stengt (avlyst)" in html
    response = client.get(f"/events/{draft.id}")
    assert response.status_code == 404 and "Hemmelig" not in response.get_data(as_text=True)
    assert client.get("/events/999999").status_code == 404


def test_online_link_only_for_web_addresses(client, app_ctx):
    event = f.event("Møte", online_url="javascript:alert(1)")
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert 'href="javascript:' not in html


def test_registration_window_not_yet_open(client, app_ctx):
    event = f.event(
        "Møte",
        registration_opens_at=oslo_datetime(2035, 12, 1, 8),
        starts_at=oslo_datetime(2036, 1, 2, 8),
    )
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Åpner lørdag 1. desember 2035 kl. 08.00" in html


def test_list_uses_a_fixed_number_of_queries(client, app_ctx, count_queries):
    net = f.network("Velferd Vest", slug="velferd-vest")

    def queries_for_list():
        with count_queries() as statements:
            assert client.get("/events").status_code == 200
        return len(statements)

    f.event("E0", network_row=net, capacity=10, themes=["buildings"])
    few = queries_for_list()
    for i in range(9):
        e = f.event(
            f"E{i + 1}", days=2 + i, network_row=net, capacity=10, themes=["buildings", "mobility"]
        )
        f.registration(e)
    assert queries_for_list() == few


def test_list_seat_counts_agree_with_the_registration_rule(app_ctx):
    from netmgr.events.queries import seats_left_map
    from netmgr.registration.services import seats_left

    events = [f.event("A", capacity=3), f.event("B", capacity=1), f.event("C")]
    f.registration(events[0])
    f.registration(events[0], role="presenter")
    f.registration(events[0], status="waitlisted")
    f.registration(events[1])
    f.registration(events[1], status="cancelled")
    assert (
        seats_left_map(events)
        == {e.id: seats_left(e) for e in events}
        == {events[0].id: 2, events[1].id: 0, events[2].id: None}
    )
