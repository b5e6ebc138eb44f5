"""The claim heartbeat refreshes a live sender's claim without ever waiting for the drain.

The drain writes its claimed rows in its own transactions (rendering a batch, marking a message
sent) while the heartbeat refreshes them from another connection; if the heartbeat waited for a
row the drain holds while holding others, the two could deadlock (seen on PostgreSQL under load).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, select, update
from sqlalchemy.pool import NullPool

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.mail.journal import ClaimHeartbeat
from netmgr.mail.models import OutboxMessage
from netmgr.mail.outbox import enqueue

OLD = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 1, 1, 12, 5, tzinfo=dt.UTC)


def claimed_rows(token: str, n: int) -> list[int]:
    rows = [
        enqueue(kind="test", to_address=f"p{i}@example.org", subject="S", body_text="B")
        for i in range(n)
    ]
    db.session.flush()
    ids = [row.id for row in rows]
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(state="claimed", claim_token=token, claimed_at=OLD)
    )
    db.session.commit()
    return ids


def claimed_at(ids) -> dict[int, dt.datetime]:
    db.session.rollback()
    rows = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.claimed_at).where(OutboxMessage.id.in_(ids))
    )
    return {
        ident: when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when for ident, when in rows
    }


def test_a_beat_refreshes_only_this_runs_claimed_rows(app_ctx):
    mine = claimed_rows("run-a", 3)
    theirs = claimed_rows("run-b", 2)

    assert ClaimHeartbeat("run-a", clock=lambda: NOW).beat() == 3

    seen = claimed_at(mine + theirs)
    assert {seen[i] for i in mine} == {NOW}
    assert {seen[i] for i in theirs} == {OLD}


def test_a_beat_does_not_wait_for_a_row_the_drain_holds(app_ctx, database_url):
    ids = claimed_rows("run-a", 3)
    held, *free = ids
    heartbeat = ClaimHeartbeat("run-a", clock=lambda: NOW)
    if not database_url.startswith("postgresql"):
        # SQLite: one writer at a time, no row locks; the beat simply refreshes every row.
        assert heartbeat.beat() == 3
        return
    # The drain's transaction holds one row (as render_deferred or a mark does). The beat's
    # connection gives up after 2 s of waiting for a lock, so waiting would fail the test.
    heartbeat.engine = create_engine(
        db.engine.url, connect_args={"options": "-c lock_timeout=2s"}, poolclass=NullPool
    )
    with db.engine.connect() as drain:
        drain.execute(
            update(OutboxMessage).where(OutboxMessage.id == held).values(updated_at=utcnow())
        )
        assert heartbeat.beat() == 2
        drain.rollback()
    seen = claimed_at(ids)
    assert seen[held] == OLD
    assert {seen[i] for i in free} == {NOW}
