"""The sender's mark connection (netmgr/mail/marks.py): one autocommit UPDATE per accepted
message, on a connection of its own that goes back to the pool as it came."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select, text

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.mail.marks import PostgresMarks, mark_connection
from netmgr.mail.models import OutboxMessage
from netmgr.mail.outbox import enqueue

TOKEN = "a" * 32


def _claimed(n: int, token: str = TOKEN) -> list[int]:
    now = utcnow()
    rows = [
        enqueue(kind="test.mark", to_address=f"m{i}@example.no", subject="s", body_text="b")
        for i in range(n)
    ]
    for row in rows:
        row.state, row.claim_token, row.claimed_at = "claimed", token, now
    db.session.commit()
    return [row.id for row in rows]


def _row(row_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, row_id)


def test_each_mark_is_committed_and_visible_to_another_connection(app_ctx, is_postgres):
    ids = _claimed(3)
    now = utcnow().replace(microsecond=123456)
    with mark_connection(TOKEN) as marks:
        assert isinstance(marks, PostgresMarks) == is_postgres
        for row_id in ids:
            marks.mark_sent(row_id, now)
        marks.finish()  # PostgreSQL: the last reply is read; SQLite: nothing in flight
        # committed while the mark connection is still open: the session sees all three
        for row_id in ids:
            row = _row(row_id)
            assert (row.state, row.attempts, row.last_error) == ("sent", 1, None)
            # bound as the column type binds it (naive UTC text on SQLite), read back equal
            assert row.sent_at == now and row.updated_at == now
            assert row.claim_token == TOKEN
        db.session.rollback()


def test_a_mark_only_touches_a_row_this_run_still_holds(app_ctx, caplog):
    (theirs,) = _claimed(1, token="b" * 32)  # e.g. recovered and claimed by another sender
    with (
        caplog.at_level(logging.WARNING, logger="netmgr.mail.marks"),
        mark_connection(TOKEN) as marks,
    ):
        marks.mark_sent(theirs, utcnow())
    row = _row(theirs)
    assert (row.state, row.claim_token, row.attempts) == ("claimed", "b" * 32, 0)
    assert "no longer claimed" in caplog.text


def test_no_connection_is_opened_when_nothing_is_marked(app_ctx):
    checkouts = db.engine.pool.checkedout()
    with mark_connection(TOKEN) as marks:
        assert db.engine.pool.checkedout() == checkouts
        marks.finish()
    assert db.engine.pool.checkedout() == checkouts


def test_the_connection_goes_back_to_the_pool_as_it_came(app_ctx, is_postgres):
    ids = _claimed(2)
    db.session.close()
    db.engine.dispose()  # an empty pool: the mark connection is the one handed out next
    with mark_connection(TOKEN) as marks:
        marks.mark_sent(ids[0], utcnow())
        marks.mark_sent(ids[1], utcnow() + dt.timedelta(seconds=1))
    assert db.engine.pool.checkedin() == 1
    with db.engine.connect() as conn:
        driver = conn.connection.driver_connection
        if is_postgres:
            assert driver.autocommit is False
            assert conn.scalar(text("SHOW synchronous_commit")) == "on"
            prepared = conn.scalar(
                text("SELECT count(*) FROM pg_prepared_statements WHERE name = :n"),
                {"n": "netmgr_mark_sent"},
            )
            assert prepared == 0
        else:
            assert driver.isolation_level is not None  # not left in autocommit mode
    assert db.session.scalars(select(OutboxMessage.state)).all() == ["sent", "sent"]
