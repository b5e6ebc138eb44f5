"""Target list on the fixed data set; today = 2025-07-15, so 12 months = 2024-07-16 .. today."""

from __future__ import annotations

import datetime as dt

from netmgr.participation.targets import TargetCriteria, target_list

TODAY = dt.date(2025, 7, 15)


def numbers(rows):
    return [r.municipality_number for r in rows]


def test_default_lists_small_without_participation_never_first(dataset):
    rows = target_list(TargetCriteria(), today=TODAY)
    # 1001 (E1) and 1003 (E2) took part; 1006 is inactive; 1004/1005 are not small.
    # 1002 never attended (only a no-show) -> first; 1007 last attended in 2023.
    assert numbers(rows) == ["1002", "1007"]
    never, old = rows
    assert never.last_participation is None
    assert old.last_participation == dt.datetime(2023, 5, 1, 8, 0, tzinfo=dt.UTC)
    # 1002 was invited twice: accepted E1 and registered (no-show), declined E2
    assert (
        never.invitations,
        never.invitations_accepted,
        never.invitations_declined,
        never.invitations_registered,
        never.invitations_attended,
    ) == (2, 1, 1, 1, 0)
    assert never.invitation_answer == "registered"
    # 1007: one invitation without answer (the draft campaign was never sent)
    assert old.invitations == 1 and old.invitation_answer == "no_answer"
    assert (old.contacts, old.reachable_contacts, old.no_contacts) == (2, 1, False)
    assert never.county_name == "Agder" and never.population == 2500


def test_fewer_than_k_and_sorting_by_last_participation(dataset):
    rows = target_list(TargetCriteria(min_participations=2), today=TODAY)
    assert numbers(rows) == ["1002", "1007", "1003"]  # 1001 has 2 in the period
    grense = rows[2]
    assert grense.participations_in_period == 1
    assert grense.no_contacts is True  # its only contact was erased
    assert grense.as_dict()["no_contacts"] is True


def test_population_county_theme_network_and_months(dataset):
    assert numbers(target_list(TargetCriteria(max_population=3000), today=TODAY)) == ["1002"]
    assert numbers(target_list(TargetCriteria(max_population=2000), today=TODAY)) == []
    assert numbers(
        target_list(TargetCriteria(max_population=100000, min_population=5000), today=TODAY)
    ) == ["1004"]
    assert numbers(target_list(TargetCriteria(county="46"), today=TODAY)) == []
    # only digital_solutions participations count: 1001 has none there
    assert numbers(target_list(TargetCriteria(theme="digital_solutions"), today=TODAY)) == [
        "1001",
        "1002",
        "1007",
    ]
    assert numbers(target_list(TargetCriteria(network_id=dataset.network.id), today=TODAY)) == [
        "1002",
        "1003",
        "1007",
    ]
    # 30 months back reaches 2023-05-01: 1007 took part then
    assert numbers(target_list(TargetCriteria(months=30), today=TODAY)) == ["1002"]


def test_invitations_outside_the_period_do_not_count(dataset):
    rows = target_list(TargetCriteria(months=1), today=TODAY)  # 2025-06-16 .. 2025-07-15
    assert [r.municipality_number for r in rows] == ["1002", "1007", "1001"]
    assert [r.invitations for r in rows] == [0, 0, 0]
    assert rows[0].invitation_answer == "never_invited"
