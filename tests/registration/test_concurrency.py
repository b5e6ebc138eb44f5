"""No overbooking under load: a burst of concurrent registrations over real HTTP.

On PostgreSQL: 200 registrations for 50 seats (the row lock on the event decides). On SQLite
the same invariants are checked with a smaller burst (the database write lock serialises).
Both the API endpoint ``POST /api/v1/events/<id>/registrations`` and the public form are used.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, func, select, text

from netmgr.extensions import db
from netmgr.registration import services
from netmgr.registration.models import Registration

from .live import post, serve


def _sizes(is_postgres):
    # PostgreSQL: the full burst of the issue. SQLite: fewer threads, same invariants.
    return (200, 50, 32) if is_postgres else (60, 15, 12)


def _watch_seats(database_url, event_id, capacity, stop, seen):
    """Poll the confirmed count from a separate connection while the burst runs."""
    url = (
        database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        if database_url.startswith("postgresql://")
        else database_url
    )
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            while not stop.is_set():
                n = conn.execute(
                    text(
                        "SELECT count(*) FROM registrations WHERE event_id = :e "
                        "AND status = 'confirmed' AND role = 'attendee'"
                    ),
                    {"e": event_id},
                ).scalar()
                conn.commit()
                seen.append(capacity - n)
    finally:
        engine.dispose()


def _check(event, results, total, capacity):
    assert len(results) == total
    db.session.expire_all()
    regs = list(
        db.session.scalars(
            select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
        )
    )
    assert len(regs) == total
    statuses = [r.status for r in regs]
    # Exactly `capacity` confirmed: the first ones to get the lock, in id order.
    assert statuses == ["confirmed"] * capacity + ["waitlisted"] * (total - capacity)
    waiting = services.waitlist(event)
    assert [r.id for r in waiting] == [r.id for r in regs[capacity:]]  # arrival order
    stamps = [r.waitlisted_at for r in regs[capacity:]]
    assert stamps == sorted(stamps)
    assert max(r.confirmed_at for r in regs[:capacity]) <= min(stamps)
    assert services.seats_left(event) == 0
    assert len({r.contact_id for r in regs}) == total


@pytest.mark.slow
def test_api_burst_no_overbooking(
    app, app_ctx, api_headers, make_event, make_org, is_postgres, database_url
):
    total, capacity, workers = _sizes(is_postgres)
    event = make_event(capacity=capacity, presenter_slots=0)
    orgs = [
        make_org(kind="municipality", municipality_number=f"{3401 + i}", name=f"Kommune {i}")
        for i in range(10)
    ]
    org_ids = [o.id for o in orgs]
    event_id = event.id
    stop, seen = threading.Event(), []
    watcher = threading.Thread(
        target=_watch_seats, args=(database_url, event_id, capacity, stop, seen)
    )

    def one(i):
        status, _headers, body = post(
            f"{base}/api/v1/events/{event_id}/registrations",
            headers=api_headers,
            json_body={
                "email": f"person{i}@kommune{i % 10}.no",
                "name": f"Person {i}",
                "organization_id": org_ids[i % 10],
            },
        )
        return status, json.loads(body or b"{}")

    with serve(app) as base:
        watcher.start()
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(one, range(total)))
        finally:
            stop.set()
            watcher.join()

    assert [s for s, _ in results] == [201] * total, [r for r in results if r[0] != 201][:3]
    answered = [b["status"] for _, b in results]
    assert answered.count("confirmed") == capacity
    assert answered.count("waitlisted") == total - capacity
    assert seen and min(seen) >= 0
    _check(event, results, total, capacity)


@pytest.mark.slow
def test_form_burst_no_overbooking(app, app_ctx, make_event, is_postgres, database_url):
    total, capacity, workers = _sizes(is_postgres)
    total, capacity = total // 2, capacity // 2  # the form path is slower (mail, templates)
    event = make_event(capacity=capacity, presenter_slots=0)
    event_id = event.id

    def one(i):
        status, headers, _body = post(
            f"{base}/events/{event_id}/register/supplier",
            form={
                "org_number": "974760673",
                "company_name": "Last AS",
                "contact_name": f"Person {i}",
                "email": f"person{i}@last.no",
                "participation": "attendee",
            },
        )
        return status, headers.get("Location", "")

    with serve(app) as base, ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, range(total)))

    # Everybody got the confirmation page (303), even those racing to create the company.
    assert [s for s, _ in results] == [303] * total
    assert all("/registrations/" in loc for _, loc in results)
    _check(event, results, total, capacity)
    from netmgr.organizations.models import Organization

    assert db.session.scalar(select(func.count()).select_from(Organization)) == 1
