"""A registration costs a fixed, small number of SQL statements (issue 18).

A burst of registrations pays for every statement of every request, and the ones under the
event lock are everybody's waiting: the count must not grow with the registrations already
made, and stays at what the request needs (token; event, organisation and person in one
look-up; the new person; lock, count, registration, outbox row; SQLite adds the no-op UPDATE
that takes its write lock).
"""

from __future__ import annotations

import datetime as dt

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db

from .conftest import supplier_data

#: PostgreSQL's statements (were 9: event, organisation and person were three look-ups);
#: SQLite takes its write lock with one more
API_STATEMENTS = 7
#: The form path adds one INSERT: the hashed personal link its redirect goes to
FORM_STATEMENTS = 10


def _expected(count: int) -> int:
    return count + (db.engine.dialect.name == "sqlite")


def _future(event, **fields):
    start = utcnow().replace(microsecond=0) + dt.timedelta(days=30)
    return event(starts_at=start, ends_at=start + dt.timedelta(hours=3), **fields)


def test_api_registration_takes_a_fixed_number_of_statements(
    client, api_headers, event, supplier, count_queries
):
    e = _future(event, capacity=22)
    org_id = supplier().id
    url = f"/api/v1/events/{e.id}/registrations"

    def register(n):
        body = {"email": f"p{n}@example.no", "name": f"Person {n}", "organization_id": org_id}
        db.session.expunge_all()  # as in production: nothing known before the request
        with count_queries() as statements:
            r = client.post(url, json=body, headers=api_headers)
        return r, len(statements)

    register(0)  # the token's first use writes last_used_at (once a minute)
    first, first_count = register(1)
    assert first.status_code == 201 and first.json["status"] == "confirmed"
    for n in range(2, 21):
        register(n)
    full, full_count = register(21)  # 20 registrations later: still the same statements
    waiting, waiting_count = register(22)
    assert full.json["status"] == "confirmed"
    assert waiting.status_code == 201 and waiting.json["status"] == "waitlisted"
    assert waiting.json["waitlist_position"] == 1
    assert first_count == full_count == waiting_count == _expected(API_STATEMENTS)
    # the answer showed what was stored
    assert client.get(f"/api/v1/registrations/{waiting.json['id']}", headers=api_headers).json == {
        **waiting.json
    }


def test_public_form_registration_takes_a_fixed_number_of_statements(
    client, make_event, count_queries
):
    event = make_event(capacity=21)
    url = f"/events/{event.id}/register/supplier"

    def register(n):
        db.session.expunge_all()
        with count_queries() as statements:
            r = client.post(url, data=supplier_data(email=f"p{n}@velferdsteknikk.no"))
        return r, len(statements)

    register(0)  # creates the company
    first, first_count = register(1)
    assert first.status_code == 303
    for n in range(2, 22):
        register(n)
    waiting, waiting_count = register(22)
    assert waiting.status_code == 303
    assert first_count == waiting_count == _expected(FORM_STATEMENTS)
