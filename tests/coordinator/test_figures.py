"""Dashboard figures against hand-computed expectations."""

import datetime as dt

from netmgr.coordinator import figures
from netmgr.core.timeutil import UTC, oslo_datetime
from netmgr.extensions import db

# Thursday 5 March 2026, 12:00 UTC (13:00 in Oslo); the week started Monday 2 March 00:00 Oslo
NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def test_week_starts_monday_midnight_oslo():
    assert (
        figures.week_start(NOW)
        == oslo_datetime(2026, 3, 2)
        == dt.datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    )
    # Sunday 23:30 Oslo still belongs to the previous week
    assert figures.week_start(dt.datetime(2026, 3, 1, 22, 30, tzinfo=UTC)) == oslo_datetime(
        2026, 2, 23
    )


def test_upcoming_events_count_registrations_against_capacity(
    make_org, make_event, make_registration
):
    org = make_org()
    soon = make_event("Snart", starts_at=NOW + dt.timedelta(days=1), capacity=3)
    make_event("Senere", starts_at=NOW + dt.timedelta(days=10), status="draft")
    make_event("Avlyst", starts_at=NOW + dt.timedelta(days=2), status="cancelled")
    past = make_event("Forbi", starts_at=NOW - dt.timedelta(days=3))
    running = make_event("Pågår", starts_at=NOW - dt.timedelta(hours=1), hours=3, capacity=10)
    # soon: 2 confirmed attendees, 1 confirmed presenter, 1 waitlisted, 1 cancelled
    make_registration(soon, org)
    make_registration(soon, org)
    make_registration(soon, org, role="presenter")
    make_registration(soon, org, status="waitlisted")
    make_registration(soon, org, status="cancelled")
    make_registration(past, org)
    make_registration(running, org)
    db.session.commit()

    rows = figures.upcoming_events(NOW)

    assert [r.event.title for r in rows] == ["Pågår", "Snart", "Senere"]
    by_title = {r.event.title: r for r in rows}
    assert (
        by_title["Snart"].confirmed,
        by_title["Snart"].presenters,
        by_title["Snart"].waitlisted,
        by_title["Snart"].seats_left,
    ) == (2, 1, 1, 1)
    assert (by_title["Senere"].confirmed, by_title["Senere"].seats_left) == (0, None)
    assert (by_title["Pågår"].confirmed, by_title["Pågår"].seats_left) == (1, 9)


def test_new_registrations_this_week(make_org, make_event, make_registration):
    org = make_org()
    event = make_event(starts_at=NOW + dt.timedelta(days=7))
    make_registration(event, org, created_at=oslo_datetime(2026, 3, 2, 0, 0))  # Monday 00:00
    make_registration(event, org, created_at=oslo_datetime(2026, 3, 4, 9, 0))
    make_registration(event, org, created_at=oslo_datetime(2026, 3, 4, 10, 0), status="waitlisted")
    make_registration(
        event, org, created_at=oslo_datetime(2026, 3, 4, 11, 0), status="cancelled"
    )  # no longer counts
    make_registration(event, org, created_at=oslo_datetime(2026, 3, 1, 23, 59))  # last week
    db.session.commit()

    assert figures.new_registrations_this_week(NOW) == 3


def test_municipalities_that_took_part_in_last_twelve_months(
    app, make_org, make_event, make_registration
):
    small_a = make_org("Lille A", population=1200)
    small_b = make_org("Lille B", population=4999)
    border = make_org("Grense", population=5000)  # not small: the limit is "under 5000"
    big = make_org("Stor", population=80000)
    absent = make_org("Borte", population=800)
    late = make_org("For lenge siden", population=900)
    supplier = make_org("Leverandør AS", kind="supplier", population=None, org_number="923609016")
    recent = make_event(starts_at=NOW - dt.timedelta(days=30))
    older = make_event(starts_at=NOW - dt.timedelta(days=300))
    too_old = make_event(starts_at=dt.datetime(2025, 3, 5, 11, 0, tzinfo=UTC))  # 12 months + 1 h
    cancelled = make_event(starts_at=NOW - dt.timedelta(days=5), status="cancelled")
    future = make_event(starts_at=NOW + dt.timedelta(days=5))

    make_registration(recent, small_a, attendance="attended")
    make_registration(older, small_a, attendance="attended")  # same municipality twice: once
    make_registration(older, small_b, attendance="attended")
    make_registration(recent, border, attendance="attended")
    make_registration(recent, big, attendance="attended")
    make_registration(recent, absent, attendance="no_show")
    make_registration(recent, absent)  # unknown attendance
    make_registration(too_old, late, attendance="attended")
    make_registration(cancelled, late, attendance="attended")
    make_registration(future, late, attendance="attended")
    make_registration(recent, supplier, attendance="attended")  # not a municipality
    db.session.commit()

    result = figures.municipalities_participating(NOW)

    assert (result.municipalities, result.small_municipalities) == (4, 2)
    assert result.since == dt.datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
    # The limit comes from the setting
    assert figures.municipalities_participating(NOW, small_limit=5001).small_municipalities == 3
    app.config["SMALL_MUNICIPALITY_LIMIT"] = 100000
    try:
        assert figures.municipalities_participating(NOW).small_municipalities == 4
    finally:
        app.config["SMALL_MUNICIPALITY_LIMIT"] = 5000


def test_figures_on_empty_database(app_ctx):
    result = figures.dashboard(NOW)
    assert result["upcoming"] == []
    assert result["new_this_week"] == 0
    assert (
        result["participation"].municipalities,
        result["participation"].small_municipalities,
    ) == (0, 0)
