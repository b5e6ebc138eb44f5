"""Feeds: scopes, window, cancellations, HTTP caching and invalidation across processes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import create_engine, text

from netmgr.calendars.feeds import cache
from netmgr.core.timeutil import oslo_datetime, utcnow
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.networks.models import Network

from .helpers import by_uid, cancel, edit, make_event, parse_both, theme, vevents

ICS_TYPE = "text/calendar; charset=utf-8"


def feed(client, path="/calendar/all.ics", **headers):
    resp = client.get(path, headers=headers)
    assert resp.status_code == 200, (path, resp.status)
    assert resp.headers["Content-Type"] == ICS_TYPE
    return resp


def uids(body: bytes) -> set[str]:
    ical, vcal = parse_both(body)
    from_ical = {str(e["UID"]) for e in ical.walk("VEVENT")}
    assert from_ical == {v.uid.value for v in vevents(vcal)}
    return from_ical


def test_calendar_level_properties(client, app_ctx):
    make_event()
    resp = feed(client)
    ical, vcal = parse_both(resp.data)
    assert str(ical["VERSION"]) == "2.0"
    assert str(ical["PRODID"]).startswith("-//LUP")
    assert str(ical["CALSCALE"]) == "GREGORIAN"
    assert str(ical["X-WR-CALNAME"]) == "LUP – alle arrangementer"
    assert ical["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT4H\r\n" in resp.data
    assert b"X-PUBLISHED-TTL:PT4H\r\n" in resp.data
    assert "METHOD" not in ical
    assert vcal.x_wr_calname.value == "LUP – alle arrangementer"
    assert [str(t["TZID"]) for t in ical.walk("VTIMEZONE")] == ["Europe/Oslo"]
    etag = resp.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert resp.headers["Last-Modified"]
    assert "no-cache" in resp.headers["Cache-Control"]


def test_empty_feed_is_valid(client, app_ctx):
    resp = feed(client)
    assert uids(resp.data) == set()


def test_drafts_never_appear(client, app_ctx, network, municipality):
    from netmgr.calendars.services import issue_subscription
    from netmgr.networks.models import NetworkMembership

    draft = make_event("Hemmelig utkast", status="draft", network=network, county_number="56")
    draft.themes.append(theme())
    db.session.add(
        NetworkMembership(network=network, organization=municipality, joined_on=dt.date(2020, 1, 1))
    )
    _sub, token = issue_subscription(municipality)
    db.session.commit()
    visible = make_event("Publisert", network=network, county_number="56")
    for path in (
        "/calendar/all.ics",
        "/calendar/networks/velferd.ics",
        "/calendar/themes/welfare_technology.ics",
        "/calendar/counties/56.ics",
        f"/calendar/subscriptions/{token}.ics",
    ):
        resp = feed(client, path)
        assert uids(resp.data) == {visible.uid}, path
        assert b"Hemmelig" not in resp.data
    assert client.get(f"/events/{draft.id}.ics").status_code == 404


def test_edit_raises_sequence_and_changes_etag(client, app_ctx):
    event = make_event("Nettverksmøte")
    first = feed(client)
    edit(
        event,
        title="Nettverksmøte (flyttet)",
        starts_at=event.starts_at + dt.timedelta(days=1),
        ends_at=event.ends_at + dt.timedelta(days=1),
    )
    second = feed(client)
    assert second.headers["ETag"] != first.headers["ETag"]
    ical, vcal = parse_both(second.data)
    ve = by_uid(ical, event.uid)
    assert ve["SEQUENCE"] == 1
    assert str(ve["SUMMARY"]) == "Nettverksmøte (flyttet)"
    assert vevents(vcal)[0].sequence.value == "1"
    # A description-only edit is not calendar-visible (same SEQUENCE) but still a new ETag.
    edit(event, description="Ny agenda")
    third = feed(client)
    assert third.headers["ETag"] != second.headers["ETag"]
    assert by_uid(parse_both(third.data)[0], event.uid)["SEQUENCE"] == 1


def test_cancelled_stays_90_days_with_status_cancelled(client, app_ctx):
    event = make_event("Avlyses", start=utcnow() + dt.timedelta(days=200))
    before = by_uid(parse_both(feed(client).data)[0], event.uid)
    cancel(event)
    resp = feed(client)
    ical, vcal = parse_both(resp.data)
    ve = by_uid(ical, event.uid)
    assert str(ve["STATUS"]) == "CANCELLED"
    assert ve["SEQUENCE"] > before["SEQUENCE"]
    assert str(ve["UID"]) == str(before["UID"])
    assert [v.status.value for v in vevents(vcal)] == ["CANCELLED"]
    with time_machine.travel(utcnow() + dt.timedelta(days=89), tick=False):
        assert uids(feed(client).data) == {event.uid}
    with time_machine.travel(utcnow() + dt.timedelta(days=91), tick=False):
        later = feed(client)
        assert uids(later.data) == set()
        assert later.headers["ETag"] != resp.headers["ETag"]
        # a client holding the old ETag is told the feed changed
        again = client.get("/calendar/all.ics", headers={"If-None-Match": resp.headers["ETag"]})
        assert again.status_code == 200


def test_window_twelve_months_back_and_all_future(client, app_ctx):
    now = utcnow()
    old = make_event("For lenge siden", start=now - dt.timedelta(days=400))
    recent = make_event("I fjor", start=now - dt.timedelta(days=300))
    future = make_event("Om fem år", start=now + dt.timedelta(days=5 * 365))
    first = feed(client)
    assert uids(first.data) == {recent.uid, future.uid}
    assert old.uid not in first.data.decode()
    with time_machine.travel(now + dt.timedelta(days=70), tick=False):
        # "I fjor" left the window by time alone: new body, new ETag, later Last-Modified
        resp = client.get("/calendar/all.ics", headers={"If-None-Match": first.headers["ETag"]})
        assert resp.status_code == 200
        assert uids(resp.data) == {future.uid}
        assert resp.headers["ETag"] != first.headers["ETag"]
        assert resp.last_modified > first.last_modified
        ims = client.get(
            "/calendar/all.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
        )
        assert ims.status_code == 200


def test_304_without_building(client, app_ctx):
    make_event()
    first = feed(client)
    assert cache.builds == 1
    cache.clear()  # e.g. another worker process that never built this feed
    builds = cache.builds
    resp = client.get("/calendar/all.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert resp.status_code == 304
    assert resp.data == b""
    assert resp.headers["ETag"] == first.headers["ETag"]
    assert "Last-Modified" not in resp.headers  # RFC 9110: not needed on a 304
    assert cache.builds == builds  # nothing was built for the 304
    resp = client.get(
        "/calendar/all.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert resp.status_code == 304
    assert cache.builds == builds
    resp = client.get("/calendar/all.ics", headers={"If-None-Match": '"something-else"'})
    assert resp.status_code == 200
    assert resp.data == first.data


def test_unchanged_feed_is_served_from_cache(client, app_ctx):
    make_event()
    first = feed(client)
    second = feed(client)
    assert cache.builds == 1
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]


def _other_connection(database_url, sql, **params):
    """A write by another process (its own connection; no signals, no shared memory)."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()
    db.session.expire_all()


def test_change_outside_this_process_invalidates(client, app_ctx, database_url):
    """A row written elsewhere (as the ORM does: updated_at set) gives a new ETag."""
    event = make_event("Før")
    first = feed(client)
    later = utcnow() + dt.timedelta(seconds=5)
    if not database_url.startswith("postgresql"):
        later = later.replace(tzinfo=None)  # SQLite keeps naive UTC
    _other_connection(
        database_url,
        "UPDATE events SET title = 'Etter', "
        "sequence = sequence + 1, updated_at = :at WHERE id = :id",
        at=later,
        id=event.id,
    )
    second = feed(client)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert str(by_uid(parse_both(second.data)[0], event.uid)["SUMMARY"]) == "Etter"


def test_state_version_bump_elsewhere_invalidates(client, app_ctx, database_url):
    """Another worker's event change raised calendar_state: this worker rebuilds."""
    make_event()
    first = feed(client)
    assert cache.builds == 1
    _other_connection(database_url, "UPDATE calendar_state SET version = version + 1")
    second = feed(client)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert cache.builds == 2


def test_deleted_event_leaves_feed(client, app_ctx, database_url):
    keep = make_event("Blir")
    gone = make_event("Slettes", start=keep.starts_at - dt.timedelta(days=1))
    first = feed(client)
    _other_connection(database_url, "DELETE FROM events WHERE id = :id", id=gone.id)
    second = feed(client)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert uids(second.data) == {keep.uid}


def test_theme_tagging_through_signal_invalidates(client, app_ctx):
    """Adding a theme touches only the link table; the signal's state bump catches it."""
    event = make_event()
    first = feed(client)
    event.themes.append(theme("mobility"))
    edit(event)  # no column changed; the service still sends event_changed
    second = feed(client)
    assert second.headers["ETag"] != first.headers["ETag"]
    assert "Mobilitet og transport" in str(
        by_uid(parse_both(second.data)[0], event.uid)["CATEGORIES"].cats
    )


def test_network_theme_and_county_scopes(client, app_ctx, network):
    other_net = Network(slug="bygg", name="Bygg Sør", theme=theme("buildings"))
    db.session.add(other_net)
    db.session.commit()
    in_net = make_event("Velferd-møte", network=network, county_number="56")
    other = make_event("Bygg-møte", network=other_net, county_number="42")
    national = make_event("Nasjonal konferanse")
    tagged = make_event("Tema-webinar", kind="webinar", county_number="11")
    tagged.themes.append(theme("welfare_technology"))
    edit(tagged)

    assert uids(feed(client, "/calendar/networks/velferd.ics").data) == {in_net.uid}
    assert uids(feed(client, "/calendar/networks/bygg.ics").data) == {other.uid}
    assert uids(feed(client, "/calendar/themes/welfare_technology.ics").data) == {
        in_net.uid,
        tagged.uid,
    }
    assert uids(feed(client, "/calendar/themes/buildings.ics").data) == {other.uid}
    assert uids(feed(client, "/calendar/counties/56.ics").data) == {in_net.uid, national.uid}
    assert uids(feed(client, "/calendar/counties/42.ics").data) == {other.uid, national.uid}
    assert uids(feed(client).data) == {in_net.uid, other.uid, national.uid, tagged.uid}
    name = parse_both(feed(client, "/calendar/networks/velferd.ics").data)[0]["X-WR-CALNAME"]
    assert str(name) == "LUP – Velferdsteknologi Nord"
    for path in (
        "/calendar/networks/finnes-ikke.ics",
        "/calendar/themes/finnes-ikke.ics",
        "/calendar/counties/99.ics",
        "/calendar/counties/5.ics",
    ):
        assert client.get(path).status_code == 404, path


def test_network_rename_changes_feed(client, app_ctx, network):
    make_event(network=network)
    first = feed(client, "/calendar/networks/velferd.ics")
    network.name = "Velferdsteknologi Nord-Norge"
    db.session.commit()
    second = feed(client, "/calendar/networks/velferd.ics")
    assert second.headers["ETag"] != first.headers["ETag"]
    assert b"Velferdsteknologi Nord-Norge" in second.data


def test_feeds_sorted_and_each_uid_once(client, app_ctx):
    late = make_event("B", start=oslo_datetime(2027, 5, 2, 10))
    early = make_event("A", start=oslo_datetime(2027, 5, 1, 10))
    ical, _ = parse_both(feed(client).data)
    assert [str(e["UID"]) for e in ical.walk("VEVENT")] == [early.uid, late.uid]


def test_head_request(client, app_ctx):
    make_event()
    resp = client.head("/calendar/all.ics")
    assert resp.status_code == 200
    assert resp.headers["ETag"]


@pytest.mark.parametrize("lang", ["en", "xx"])
def test_language_parameter_is_part_of_the_etag(client, app_ctx, lang):
    make_event()
    nb = feed(client)
    other = feed(client, f"/calendar/all.ics?lang={lang}")
    if lang == "xx":  # unknown language falls back to bokmål
        assert other.headers["ETag"] == nb.headers["ETag"]
    else:
        assert other.headers["ETag"] != nb.headers["ETag"]


def test_event_rows_only_touched_by_service_still_count(app_ctx):
    """Events created by the event services end up in the feed state too."""
    from netmgr.calendars.models import CalendarState

    before = db.session.get(CalendarState, 1)
    version = before.version if before else 0
    make_event()
    db.session.expire_all()
    assert db.session.get(CalendarState, 1).version == version + 1
    assert db.session.query(Event).count() == 1


def test_fingerprint_ttl_bounds_staleness(client, app, app_ctx, database_url, monkeypatch):
    """With a TTL, a worker re-reads the state at most that often; never serves older."""
    from netmgr.calendars import feeds as feeds_module

    clock = [1000.0]
    monkeypatch.setattr(feeds_module, "_clock", lambda: clock[0])
    app.config["CALENDAR_FINGERPRINT_TTL"] = 1.0
    make_event()
    first = feed(client)
    _other_connection(database_url, "UPDATE calendar_state SET version = version + 1")
    clock[0] += 0.5
    assert feed(client).headers["ETag"] == first.headers["ETag"]  # within the TTL
    clock[0] += 0.6
    assert feed(client).headers["ETag"] != first.headers["ETag"]  # TTL over: seen
