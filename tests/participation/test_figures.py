"""Every figure against hand-computed values on the fixed data set (see conftest.py).

Universe: 6 active municipalities (1006 is inactive), 3 reached in the period
(1001, 1003, 1005); total population 1000+2500+3000+8000+60000+4500 = 79,000.
"""

from __future__ import annotations

import datetime as dt

import pytest

from netmgr.extensions import db
from netmgr.participation.figures import (
    Filters,
    headline,
    overall,
    participation_report,
    period_bounds,
    quarterly_trend,
    quarters,
)
from netmgr.participation.settings import get_size_classes, save_size_classes

from .conftest import PERIOD


def by_segment(rows):
    return {r.segment: r for r in rows}


def test_size_class_figures(dataset):
    rows = participation_report("size_class", Filters(*PERIOD))
    assert [r.segment for r in rows] == [
        "0-1999",
        "2000-4999",
        "5000-9999",
        "10000-19999",
        "20000-49999",
        "50000+",
    ]
    s = by_segment(rows)
    # 1001 only: 2 attended at E1; 1 no-show at E0 (first instant of the period)
    a = s["0-1999"]
    assert (a.municipalities, a.reached, a.participations, a.no_shows, a.population) == (
        1,
        1,
        2,
        1,
        1000,
    )
    assert a.reach_percent == 100.0
    assert a.participations_per_municipality == 2.0
    assert a.participants_per_10000 == 20.0  # 2 × 10,000 / 1,000
    assert a.no_show_rate == 0.333  # 1 / (2 + 1)
    assert a.representation_index == 2.0  # (1/3) / (1/6)
    # 1002 (only a no-show), 1003 (E2 at 23:30 on the last day; contact erased), 1007 (2023 only)
    b = s["2000-4999"]
    assert (b.municipalities, b.reached, b.participations, b.no_shows, b.population) == (
        3,
        1,
        1,
        1,
        10000,
    )
    assert b.reach_percent == 33.3
    assert b.participations_per_municipality == 0.33
    assert b.participants_per_10000 == 1.0
    assert b.no_show_rate == 0.5
    assert b.representation_index == 0.667  # (1/3) / (3/6)
    # 1004: its only attendance is at a cancelled event
    c = s["5000-9999"]
    assert (c.municipalities, c.reached, c.participations, c.reach_percent) == (1, 0, 0, 0.0)
    assert c.no_show_rate is None and c.representation_index == 0.0
    assert c.participants_per_10000 == 0.0
    # empty classes are listed with zeros and no ratios
    e = s["10000-19999"]
    assert (e.municipalities, e.reached, e.reach_percent, e.representation_index) == (
        0,
        0,
        None,
        None,
    )
    # 1005: E0 and E1; E3 (first instant after the period) and the bare registration don't count
    f = s["50000+"]
    assert (f.municipalities, f.reached, f.participations, f.no_shows) == (1, 1, 2, 0)
    assert f.participants_per_10000 == 0.33  # 2 × 10,000 / 60,000
    assert f.no_show_rate == 0.0
    assert f.representation_index == 2.0  # (1/3) / (1/6)
    total = overall(rows)
    assert (total.municipalities, total.reached, total.participations, total.population) == (
        6,
        3,
        5,
        79000,
    )
    assert total.reach_percent == 50.0 and total.representation_index == 1.0


def test_county_written_standard_and_small(dataset):
    county = by_segment(participation_report("county", Filters(*PERIOD)))
    assert set(county) == {"42", "46"}
    assert (county["42"].municipalities, county["42"].reached) == (3, 1)  # 1006 inactive
    assert county["42"].label == "Agder"
    assert county["42"].representation_index == 0.667  # (1/3)/(3/6)
    assert county["42"].no_show_rate == 0.5  # 2 / (2 + 2)
    assert (county["46"].municipalities, county["46"].reached) == (3, 2)
    assert county["46"].representation_index == 1.333  # (2/3)/(3/6)

    ws = by_segment(participation_report("written_standard", Filters(*PERIOD)))
    assert (ws["nb"].municipalities, ws["nb"].reached, ws["nb"].representation_index) == (
        3,
        2,
        1.333,
    )
    assert (ws["nn"].municipalities, ws["nn"].reached, ws["nn"].representation_index) == (2, 1, 1.0)
    assert (ws["neutral"].municipalities, ws["neutral"].reached) == (1, 0)

    small = by_segment(participation_report("small", Filters(*PERIOD)))
    assert (small["small"].municipalities, small["small"].reached) == (4, 2)
    assert small["small"].reach_percent == 50.0
    assert small["small"].representation_index == 1.0  # (2/3)/(4/6)
    assert (small["other"].municipalities, small["other"].reached) == (2, 1)


def test_network_membership_in_period(dataset):
    rows = by_segment(
        participation_report("network_member", Filters(*PERIOD, network_id=dataset.network.id))
    )
    # only 1001 was a member during the period; only E1 is the network's event
    assert (rows["member"].municipalities, rows["member"].reached) == (1, 1)
    assert rows["member"].representation_index == 3.0  # (1/2)/(1/6)
    assert (rows["not_member"].municipalities, rows["not_member"].reached) == (5, 1)
    assert rows["not_member"].representation_index == 0.6  # (1/2)/(5/6)


def test_theme_and_kind_filters(dataset):
    # welfare_technology: E1 through its network's theme (E3 is after the period)
    s = by_segment(participation_report("size_class", Filters(*PERIOD, theme="welfare_technology")))
    assert s["0-1999"].participations == 2 and s["50000+"].participations == 1
    assert s["2000-4999"].reached == 0 and s["2000-4999"].no_show_rate == 1.0
    assert s["0-1999"].representation_index == 3.0  # (1/2)/(1/6)
    # buildings: E0 through the event's own theme
    s = by_segment(participation_report("size_class", Filters(*PERIOD, theme="buildings")))
    assert sum(r.reached for r in s.values()) == 1 and s["50000+"].reached == 1
    s = by_segment(participation_report("size_class", Filters(*PERIOD, kind="webinar")))
    assert [r.segment for r in s.values() if r.reached] == ["2000-4999"]
    s = by_segment(
        participation_report("size_class", Filters(*PERIOD, network_id=dataset.network.id))
    )
    assert sum(r.participations for r in s.values()) == 3


def test_period_boundaries_are_oslo_dates(dataset):
    start, end = period_bounds(*PERIOD)
    assert start == dt.datetime(2024, 12, 31, 23, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2025, 6, 30, 22, 0, tzinfo=dt.UTC)  # exclusive
    # one day later takes in E3 (1005) and drops nothing
    rows = by_segment(participation_report("size_class", Filters(PERIOD[0], dt.date(2025, 7, 1))))
    assert rows["50000+"].participations == 3
    # starting a day later loses E0 (1005 still reached through E1; 1001 loses its no-show)
    rows = by_segment(participation_report("size_class", Filters(dt.date(2025, 1, 2), PERIOD[1])))
    assert rows["50000+"].participations == 1 and rows["0-1999"].no_shows == 0


def test_trend_by_quarter(dataset):
    assert [q[0] for q in quarters(*PERIOD)] == ["2025-K1", "2025-K2"]
    trend = quarterly_trend(Filters(*PERIOD))
    k1, k2 = trend
    # K1: E0 (1005) and E1 (1001 ×2, 1005); K2: E2 at 23:30 on 30 June (1003)
    assert (
        k1.small_reached,
        k1.small_participations,
        k1.other_reached,
        k1.other_participations,
    ) == (1, 2, 1, 2)
    assert (k2.small_reached, k2.small_participations, k2.other_reached) == (1, 1, 0)
    assert (k1.small_municipalities, k1.other_municipalities) == (4, 2)
    assert k1.small_reach_percent == 25.0 and k1.other_reach_percent == 50.0


def test_size_classes_are_configurable(dataset):
    assert get_size_classes().small_limit == 5000
    save_size_classes([3000, 10000], 2000)
    db.session.commit()
    rows = participation_report("size_class", Filters(*PERIOD))
    assert [r.segment for r in rows] == ["0-2999", "3000-9999", "10000+"]
    assert [r.municipalities for r in rows] == [2, 3, 1]
    assert [r.reached for r in rows] == [1, 1, 1]
    h = headline(today=dt.date(2025, 6, 30))
    # small = under 2,000: 1001 only, reached; index (1/3)/(1/6)
    assert (h["small_reached"], h["small_municipalities"], h["representation_index"]) == (1, 1, 2.0)


@pytest.mark.parametrize(
    "thresholds,limit,field",
    [([5000, 2000], 5000, "thresholds"), ([], 5000, "thresholds"), ([2000], 0, "small_limit")],
)
def test_bad_size_classes_are_refused(app_ctx, thresholds, limit, field):
    from netmgr.core.errors import ServiceError

    with pytest.raises(ServiceError) as err:
        save_size_classes(thresholds, limit)
    assert field in err.value.errors


def test_headline_defaults(dataset):
    h = headline(today=dt.date(2025, 6, 30))
    # last 12 months = 2024-07-01 .. 2025-06-30: small reached 1001, 1003 of 4 small
    assert (h["small_reached"], h["small_municipalities"]) == (2, 4)
    assert h["representation_index"] == 1.0
