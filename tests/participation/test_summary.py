"""The participation summary (issue 18) always equals a recomputation from the registrations
and events: after any sequence of every kind of write, after rollbacks, under two concurrent
check-ins for one organisation; the migration's backfill and the rebuild command agree."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import os
import threading

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select, text, update

from netmgr.core.errors import ServiceError
from netmgr.core.timeutil import UTC
from netmgr.events.models import Event
from netmgr.events.services import cancel_event, update_event
from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.participation.importer import import_participation
from netmgr.participation.models import OrganizationParticipationDay
from netmgr.participation.services import add_walk_in
from netmgr.participation.summary import recompute, stored
from netmgr.registration.models import Registration
from netmgr.registration.services import (
    cancel_registration,
    move_registration,
    register,
    set_attendance,
)

_numbers = itertools.count(1)

#: Starts chosen around the edges of Oslo days: midnight, the last half hour, both DST changes
STARTS = (
    dt.datetime(2025, 3, 29, 23, 0, tzinfo=UTC),  # 00:00 Oslo on 30 March (CET -> CEST that day)
    dt.datetime(2025, 3, 30, 21, 30, tzinfo=UTC),  # 23:30 Oslo, 30 March
    dt.datetime(2025, 3, 30, 22, 0, tzinfo=UTC),  # 00:00 Oslo, 31 March
    dt.datetime(2025, 10, 25, 22, 30, tzinfo=UTC),  # 00:30 Oslo, 26 October (CEST -> CET)
    dt.datetime(2025, 10, 26, 22, 59, tzinfo=UTC),  # 23:59 Oslo, 26 October
    dt.datetime(2025, 6, 1, 8, 0, tzinfo=UTC),
)


def assert_summary_equals_source():
    db.session.flush()
    conn = db.session.connection()
    assert stored(conn) == recompute(conn)


def _world():
    """Three organisations with two people each and three past events (fresh names)."""
    n = next(_numbers)
    orgs = []
    for i in range(3):
        org = Organization(
            kind="municipality",
            name=f"Kommune {n}-{i}",
            municipality_number=f"{(3000 + 3 * n + i) % 10000:04d}",
            population=1000 * (i + 1),
            county_number="46",
        )
        db.session.add(org)
        for j in range(2):
            db.session.add(
                Contact(organization=org, name=f"Person {j}", email=f"p{n}-{i}-{j}@example.no")
            )
        orgs.append(org)
    events = []
    for i in range(3):
        start = STARTS[(n + i) % len(STARTS)]
        events.append(
            Event(
                title=f"Samling {n}-{i}",
                kind="meeting_place",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                status="published",
            )
        )
    db.session.add_all(events)
    db.session.commit()
    return n, [o.id for o in orgs], [e.id for e in events]


def _apply(op: str, a: int, b: int, n: int, org_ids: list[int], event_ids: list[int]) -> None:
    events = [db.session.get(Event, i) for i in event_ids]
    regs = db.session.scalars(
        select(Registration).where(Registration.event_id.in_(event_ids)).order_by(Registration.id)
    ).all()
    contacts = db.session.scalars(
        select(Contact).where(Contact.organization_id.in_(org_ids)).order_by(Contact.id)
    ).all()
    event = events[a % len(events)]
    reg = regs[a % len(regs)] if regs else None
    if op == "register":
        register(event, contacts[b % len(contacts)], by_coordinator=True, source="coordinator")
    elif op in ("attended", "no_show", "unknown") and reg is not None:
        set_attendance(reg, op)
    elif op == "cancel" and reg is not None:
        cancel_registration(reg, by_coordinator=True, notify=False)
    elif op == "move" and reg is not None:
        move_registration(reg, "waitlisted" if b % 2 else "confirmed")
    elif op == "other_organisation" and reg is not None:
        reg.organization_id = org_ids[b % len(org_ids)]  # a correction made directly
    elif op == "delete" and reg is not None:
        db.session.delete(reg)
    elif op == "event_moved":
        start = STARTS[b % len(STARTS)]
        update_event(event, {"starts_at": start, "ends_at": start + dt.timedelta(hours=2)})
    elif op == "event_cancelled":
        cancel_event(event)
    elif op == "event_reopened":
        event.status = "published"  # no service does this; a direct write must count too
    elif op == "walk_in":
        email = f"walk{n}-{a}-{b}@example.no"
        add_walk_in(event, org_ids[b % len(org_ids)], "Gjest", email)
    elif op == "bulk_insert":  # as the demo builder writes its history
        contact = contacts[b % len(contacts)]
        db.session.execute(
            insert(Registration),
            [
                {
                    "event_id": event.id,
                    "contact_id": None,
                    "organization_id": contact.organization_id,
                    "status": "confirmed",
                    "attendance": ("attended", "no_show")[b % 2],
                    "source": "import",
                }
            ],
        )
    elif op == "bulk_attendance" and reg is not None:
        db.session.execute(
            update(Registration)
            .where(Registration.id == reg.id)
            .values(attendance=("attended", "unknown")[b % 2])
        )
    elif op == "bulk_other_organisation":
        db.session.execute(
            update(Registration)
            .where(Registration.organization_id == org_ids[a % len(org_ids)])
            .values(organization_id=org_ids[b % len(org_ids)])
        )
    elif op == "bulk_event_moved":
        start = STARTS[b % len(STARTS)]
        db.session.execute(
            update(Event)
            .where(Event.id == event.id)
            .values(starts_at=start, ends_at=start + dt.timedelta(hours=2))
        )
    elif op == "bulk_delete" and reg is not None:
        db.session.execute(delete(Registration).where(Registration.id == reg.id))
        # SQLite hands the id out again: the seat decision's next row must not meet the old one
        db.session.expunge_all()
    elif op == "commit":
        db.session.commit()
    elif op == "rollback":
        db.session.rollback()


OPS = (
    "register",
    "attended",
    "no_show",
    "unknown",
    "cancel",
    "move",
    "other_organisation",
    "delete",
    "event_moved",
    "event_cancelled",
    "event_reopened",
    "walk_in",
    "bulk_insert",
    "bulk_attendance",
    "bulk_other_organisation",
    "bulk_event_moved",
    "bulk_delete",
    "commit",
    "rollback",
)


@settings(
    max_examples=int(os.environ.get("SUMMARY_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)),
        min_size=1,
        max_size=30,
    )
)
def test_summary_equals_recomputation_after_any_writes(app_ctx, steps):
    n, org_ids, event_ids = _world()
    # a few attended participations to start from
    for i, cid in enumerate(
        db.session.scalars(select(Contact.id).where(Contact.organization_id.in_(org_ids)))
    ):
        reg, _ = register(
            db.session.get(Event, event_ids[i % 3]),
            db.session.get(Contact, cid),
            by_coordinator=True,
            source="coordinator",
        )
        if i % 2 == 0:
            set_attendance(reg, "attended")
    assert_summary_equals_source()
    for op, a, b in steps:
        try:
            _apply(op, a, b, n, org_ids, event_ids)
        except ServiceError:
            db.session.rollback()
        assert_summary_equals_source()
    db.session.commit()
    assert_summary_equals_source()


def test_import_updates_the_summary(app_ctx):
    for number, name in (("1001", "Litjby"), ("1005", "Storby")):
        db.session.add(
            Organization(
                kind="municipality", name=name, municipality_number=number, county_number="46"
            )
        )
    db.session.commit()
    text = (
        "event_title,date,kind,network_or_theme,organization,contact_name,contact_email,attended\n"
        "Dag,2024-03-05,meeting_place,,1001,Nora Ny,nora.ny@example.no,ja\n"
        "Dag,2024-03-05,meeting_place,,Storby,,,nei\n"
        "Annen dag,2024-10-27,webinar,,1005,,,ja\n"
    )
    report = import_participation(text, dry_run=False)
    assert not report.errors
    db.session.commit()
    conn = db.session.connection()
    assert len(stored(conn)) == 2
    assert_summary_equals_source()


def test_two_concurrent_check_ins_for_one_organisation_both_count(app):
    """Two transactions mark two people of one municipality attended at the same time: the
    second waits for the first's lock on the summary row and counts both."""
    with app.app_context():
        org = Organization(
            kind="municipality", name="Samtidig", municipality_number="4999", county_number="46"
        )
        start = dt.datetime(2025, 5, 5, 8, tzinfo=UTC)
        event = Event(
            title="Samtidig",
            kind="meeting_place",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            status="published",
        )
        people = [Contact(organization=org, name=f"P{i}", email=f"s{i}@example.no") for i in (1, 2)]
        regs = [
            Registration(event=event, contact=p, organization=org, status="confirmed")
            for p in people
        ]
        db.session.add_all([org, event, *people, *regs])
        db.session.commit()
        ids, org_id = [r.id for r in regs], org.id
        db.session.remove()

    first_flushed, errors = threading.Event(), []

    def check_in(reg_id: int, first: bool) -> None:
        try:
            with app.app_context():
                if not first:
                    first_flushed.wait(10)
                set_attendance(db.session.get(Registration, reg_id), "attended")
                if first:
                    first_flushed.set()
                    threading.Event().wait(0.5)  # hold the lock while the other one flushes
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
            first_flushed.set()

    threads = [threading.Thread(target=check_in, args=(ids[i], i == 0)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    with app.app_context():
        row = db.session.get(OrganizationParticipationDay, (org_id, dt.date(2025, 5, 5)))
        assert row.attended == 2
        assert_summary_equals_source()


def _add_one(app_ctx):
    _n, org_ids, event_ids = _world()
    contact = db.session.scalars(
        select(Contact).where(Contact.organization_id == org_ids[0])
    ).first()
    reg, _ = register(
        db.session.get(Event, event_ids[0]), contact, by_coordinator=True, source="coordinator"
    )
    set_attendance(reg, "attended")
    db.session.commit()
    return org_ids


def test_rebuild_command_repairs_a_drifted_summary(app, app_ctx):
    org_ids = _add_one(app_ctx)
    conn = db.session.connection()
    good = stored(conn)
    assert good and good == recompute(conn)
    # a bulk load bypassed the application: the summary lost a row and has a wrong one
    db.session.execute(delete(OrganizationParticipationDay))
    db.session.execute(
        insert(OrganizationParticipationDay).values(
            organization_id=org_ids[1],
            day=dt.date(2020, 1, 1),
            attended=3,
            last_attended_at=dt.datetime(2020, 1, 1, 9, tzinfo=UTC),
        )
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["participation", "rebuild-summary"])
    assert result.exit_code == 0, result.output
    assert "had drifted, now rebuilt" in result.output
    db.session.remove()
    assert stored(db.session.connection()) == good
    result = app.test_cli_runner().invoke(args=["participation", "rebuild-summary"])
    assert "was already equal to the source" in result.output


def test_migration_backfill_equals_the_recomputation(app_ctx):
    _add_one(app_ctx)
    path = os.path.join(
        os.path.dirname(__file__),
        "..",
        "..",
        "migrations",
        "versions",
        "participation_0002_summary.py",
    )
    spec = importlib.util.spec_from_file_location("participation_0002_summary", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    conn = db.session.connection()
    rows = migration.backfill_rows(conn)
    assert rows
    expected = recompute(conn)
    got = {}
    for row in rows:
        last = row["last_attended_at"]
        last = last if last.tzinfo is not None else last.replace(tzinfo=UTC)
        got[row["organization_id"], row["day"]] = (row["attended"], last)
    assert got == expected
    if conn.dialect.name == "postgresql":  # what the migration runs there: the same rows
        rows = conn.execute(text(migration.PG_BACKFILL)).all()
        assert {(org, day): (n, last) for org, day, n, last in rows} == expected
