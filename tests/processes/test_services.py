"""A process from needs to follow-up: timeline, participants, figures counted by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from netmgr.core.audit import AuditEntry
from netmgr.core.errors import ServiceError
from netmgr.extensions import db
from netmgr.processes import figures, services
from netmgr.processes.models import ProcessParticipant


def test_process_walks_all_phases_with_a_dated_timeline(process, coordinator):
    timeline = [(c.from_phase, c.phase, c.changed_on) for c in process.phase_changes]
    assert timeline == [
        (None, "needs", dt.date(2025, 1, 6)),
        ("needs", "market_dialogue", dt.date(2025, 3, 3)),
        ("market_dialogue", "competition", dt.date(2025, 6, 2)),
        ("competition", "contract", dt.date(2025, 10, 1)),
        ("contract", "follow_up", dt.date(2026, 4, 1)),
    ]
    assert process.phase_changes[1].user_id == coordinator.id
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == process.id)
    ).all()
    assert actions.count("process.phase_changed") == 4
    assert actions.count("process.participant_added") == 8
    assert "process.created" in actions and "process.participant_left" in actions


def test_need_owners_of_every_size_joined_in_different_phases(process, orgs):
    rows = {r.organization.name: r for r in services.participants(process)}
    assert rows["Litjdal"].joined_in_phase == "needs"
    assert rows["Storhavn"].joined_in_phase == "market_dialogue"
    assert rows["Grensby"].joined_in_phase == "competition"
    assert rows["Nordøy"].buys_separately is False
    assert rows["Gammelvik"].left_on == dt.date(2025, 4, 30)  # history kept
    assert rows["Agder fylkeskommune"].role == "lead"


def test_summary_figures_counted_by_hand(process, dialogue):
    assert figures.summary(process).as_dict() == {
        "need_owners": 5,
        "small_need_owners": 3,
        "population_covered": 1200 + 3900 + 61000 + 4999 + 5000,
        "counties": 2,
        "suppliers_in_dialogue": 3,
        "events": 2,
    }
    names = [o.name for o in figures.small_municipalities(process)]
    assert names == ["Fjellvik", "Litjdal", "Nordøy"]


def test_supplier_list_of_a_dialogue_event_matches_attendance(process, dialogue, orgs):
    rows = figures.suppliers(process, dialogue.conference)
    assert [(r.name, r.org_number, r.people) for r in rows] == [
        ("Alfa Omsorg AS", "923609016", 2),
        ("Beta Sensor AS", "982463718", 1),
    ]
    whole = figures.suppliers(process)
    assert [(r.name, r.events) for r in whole] == [
        ("Alfa Omsorg AS", 2),
        ("Beta Sensor AS", 1),
        ("Delta Digital AS", 1),
    ]


def _counts():
    return (
        db.session.scalar(select(func.count()).select_from(ProcessParticipant)),
        db.session.scalar(select(func.count()).select_from(AuditEntry)),
    )


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda p, o: services.add_participant(p, o.smaaby.id, "boss"), "role"),
        (lambda p, o: services.add_participant(p, 999999, "need_owner"), "organization_id"),
        (lambda p, o: services.add_participant(p, o.litjdal.id, "need_owner"), "organization_id"),
        (
            lambda p, o: services.add_participant(p, o.gammelvik.id, joined_on=dt.date(2025, 4, 1)),
            "joined_on",
        ),
        (
            lambda p, o: services.remove_participant(p, o.storhavn.id, dt.date(2025, 3, 9)),
            "left_on",
        ),
        (lambda p, o: services.change_phase(p, "needs"), "phase"),
        (lambda p, o: services.change_phase(p, "tendering"), "phase"),
    ],
)
def test_refused_changes_write_nothing(process, orgs, call, field):
    before = _counts()
    with pytest.raises(ServiceError) as caught:
        call(process, orgs)
    assert field in caught.value.errors
    db.session.rollback()
    assert _counts() == before


def test_backwards_only_when_asked(process):
    services.change_phase(
        process, "competition", allow_backwards=True, changed_on=dt.date(2026, 5, 1)
    )
    assert process.phase == "competition"
    assert process.phase_changes[-1].from_phase == "follow_up"


def test_joining_again_after_leaving_adds_a_row(process, orgs):
    services.add_participant(process, orgs.gammelvik.id, joined_on=dt.date(2026, 1, 5))
    rows = [r for r in services.participants(process) if r.organization_id == orgs.gammelvik.id]
    assert [(r.joined_on, r.left_on) for r in rows] == [
        (dt.date(2025, 1, 6), dt.date(2025, 4, 30)),
        (dt.date(2026, 1, 5), None),
    ]
    assert rows[1].joined_in_phase == "follow_up"


def test_the_database_refuses_the_same_organisation_twice_at_once(process, orgs):
    from sqlalchemy.exc import IntegrityError

    db.session.add(
        ProcessParticipant(
            process_id=process.id,
            organization_id=orgs.litjdal.id,
            role="observer",
            joined_on=dt.date(2025, 2, 1),
            joined_in_phase="needs",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
