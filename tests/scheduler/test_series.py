import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from netmgr.core.errors import ServiceError
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.scheduler.models import EventSeries
from netmgr.scheduler.series import (
    MAX_OCCURRENCES,
    extend_series,
    occurrences,
    update_series,
    validate_series,
)

OSLO = ZoneInfo("Europe/Oslo")
UTC = dt.UTC


def make_series(**fields):
    values = dict(
        title="Nettverkssamling digitale løsninger",
        kind="network_meeting",
        starts_at=dt.datetime(2026, 1, 6, 9, 0, tzinfo=OSLO).astimezone(UTC),
        duration_minutes=150,
        rrule="FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU",
        horizon_days=400,
        location="Oslo",
    )
    values.update(fields)
    series = EventSeries(**values)
    db.session.add(series)
    db.session.flush()
    return series


def test_every_second_month_on_the_first_tuesday_stays_at_nine_across_summer_time(app_ctx):
    series = make_series(exceptions=["2026-05-05"], horizon_days=340)
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)
    created = extend_series(series, now)
    local = [e.starts_at.astimezone(OSLO) for e in created]
    assert [d.date().isoformat() for d in local] == [
        "2026-01-06",
        "2026-03-03",
        "2026-07-07",
        "2026-09-01",
        "2026-11-03",
    ]  # May excepted
    assert {(d.hour, d.minute) for d in local} == {(9, 0)}
    offsets = {d.date().isoformat(): d.utcoffset() for d in local}
    assert offsets["2026-03-03"] == dt.timedelta(hours=1)  # winter time
    assert offsets["2026-07-07"] == dt.timedelta(hours=2)  # summer time
    assert created[2].starts_at == dt.datetime(2026, 7, 7, 7, 0, tzinfo=UTC)
    assert all(e.ends_at - e.starts_at == dt.timedelta(minutes=150) for e in created)
    assert all(e.status == "published" and e.series_id == series.id for e in created)


def test_extending_again_creates_only_what_is_missing(app_ctx):
    series = make_series(horizon_days=70)
    first = extend_series(series, dt.datetime(2026, 1, 1, tzinfo=UTC))
    assert len(first) == 2  # 6 Jan, 3 Mar
    assert extend_series(series, dt.datetime(2026, 1, 1, tzinfo=UTC)) == []
    later = extend_series(series, dt.datetime(2026, 3, 1, tzinfo=UTC))
    assert [e.starts_at.astimezone(OSLO).date().isoformat() for e in later] == ["2026-05-05"]


def test_editing_a_series_changes_future_occurrences_only(app_ctx):
    series = make_series(horizon_days=200)
    extend_series(series, dt.datetime(2026, 1, 1, tzinfo=UTC))
    db.session.commit()
    now = dt.datetime(2026, 2, 1, tzinfo=UTC)  # January's meeting is history
    result = update_series(
        series,
        {
            "location": "Bergen",
            "starts_at": dt.datetime(2026, 1, 6, 10, 0, tzinfo=OSLO).astimezone(UTC),
        },
        now,
    )
    db.session.commit()
    events = db.session.scalars(
        select(Event).where(Event.series_id == series.id).order_by(Event.starts_at)
    ).all()
    past, *future = events
    assert (past.location, past.starts_at.astimezone(OSLO).hour, past.sequence) == ("Oslo", 9, 0)
    assert result["updated"] == len(future) == 3
    assert {(e.location, e.starts_at.astimezone(OSLO).hour) for e in future} == {("Bergen", 10)}
    assert all(e.sequence == 1 for e in future)  # calendars see the move


def test_changing_the_rule_cancels_occurrences_that_no_longer_fit(app_ctx):
    series = make_series(horizon_days=200)
    extend_series(series, dt.datetime(2026, 1, 1, tzinfo=UTC))
    now = dt.datetime(2026, 2, 1, tzinfo=UTC)
    result = update_series(series, {"rrule": "FREQ=MONTHLY;INTERVAL=4;BYDAY=1TU"}, now)
    assert result["cancelled"] == 2  # March and July go; May stays
    statuses = {
        e.starts_at.astimezone(OSLO).date().isoformat(): e.status
        for e in db.session.scalars(select(Event).where(Event.series_id == series.id))
    }
    assert statuses == {
        "2026-01-06": "published",
        "2026-03-03": "cancelled",
        "2026-05-05": "published",
        "2026-07-07": "cancelled",
    }


def test_a_broken_rule_is_a_clear_error(app_ctx):
    series = make_series(rrule="FREQ=SOMETIMES")
    with pytest.raises(ServiceError) as err:
        occurrences(series, series.starts_at, series.starts_at + dt.timedelta(days=90))
    assert "rrule" in err.value.errors


# -- bounds (issue 12, item 4) ----------------------------------------------------------------

NOW = dt.datetime(2026, 1, 1, tzinfo=UTC)


def new_series(**fields):
    """A series not yet saved, as the form or an API would hand it to the service."""
    values = dict(
        title="Fast samling",
        kind="network_meeting",
        starts_at=dt.datetime(2026, 1, 6, 9, 0, tzinfo=OSLO).astimezone(UTC),
        duration_minutes=60,
        rrule="FREQ=WEEKLY",
        horizon_days=120,
    )
    values.update(fields)
    return EventSeries(**values)


def count_events():
    return db.session.scalar(select(func.count()).select_from(Event))


@pytest.mark.parametrize(
    "rrule", ["FREQ=MINUTELY", "FREQ=HOURLY;INTERVAL=6", "FREQ=SECONDLY", "FREQ=DAILY;BYHOUR=9,15"]
)
def test_a_rule_more_often_than_daily_is_refused(app_ctx, rrule):
    with pytest.raises(ServiceError) as err:
        validate_series(new_series(rrule=rrule, horizon_days=2), NOW)
    assert "høyst én gang per dag" in err.value.errors["rrule"][0]


def test_more_than_200_occurrences_are_refused_naming_the_limit(app_ctx):
    validate_series(new_series(rrule="FREQ=DAILY;COUNT=200", horizon_days=730), NOW)
    with pytest.raises(ServiceError) as err:
        validate_series(new_series(rrule="FREQ=DAILY;COUNT=201", horizon_days=730), NOW)
    assert "200" in err.value.errors["rrule"][0]


def test_a_horizon_over_two_years_is_refused(app_ctx):
    validate_series(new_series(horizon_days=730), NOW)
    with pytest.raises(ServiceError) as err:
        validate_series(new_series(horizon_days=731), NOW)
    assert "730" in err.value.errors["horizon_days"][0]


def test_changing_a_series_to_a_minutely_rule_writes_nothing(app_ctx):
    series = make_series(horizon_days=70)
    extend_series(series, NOW)
    db.session.commit()
    before = count_events()
    with pytest.raises(ServiceError):
        update_series(series, {"rrule": "FREQ=MINUTELY"}, NOW)
    db.session.rollback()
    assert count_events() == before
    assert db.session.get(EventSeries, series.id).rrule == "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU"


def test_extending_never_makes_more_than_200_events(app_ctx):
    series = make_series(rrule="FREQ=DAILY", horizon_days=730)
    assert len(extend_series(series, NOW)) == MAX_OCCURRENCES == 200
    assert extend_series(series, NOW + dt.timedelta(days=400)) == []
