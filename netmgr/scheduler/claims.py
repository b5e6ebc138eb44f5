"""Claiming and running due jobs: each job runs exactly once, whatever the clock did.

A claim is committed before the work starts. The work and the job's final state are committed
together in one transaction, and the work only writes rows (outbox messages, events), so a
crash in between leaves a stale claim whose effects never happened; it goes back to pending.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from sqlalchemy import select, update

from ..core.logs import FIELDS
from ..core.timeutil import utcnow
from ..extensions import db
from .handlers import HANDLERS, Skip
from .models import DueJob

log = logging.getLogger(__name__)

#: A claim older than this belongs to a dead process
STALE_CLAIM = dt.timedelta(minutes=10)
#: Failed runs are retried this many times, with growing delays
MAX_ATTEMPTS = 5


def claim_due(instance: str, now: dt.datetime | None = None, limit: int = 100) -> list[int]:
    """Atomically claim up to ``limit`` due jobs; returns their ids (committed)."""
    now = now or utcnow()
    pick = (
        select(DueJob.id)
        .where(DueJob.state == "pending", DueJob.due_at <= now)
        .order_by(DueJob.due_at, DueJob.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    ids = db.session.scalars(pick).all()
    if not ids:
        db.session.commit()
        return []
    # The state condition makes the claim safe on SQLite too, where there is no SKIP LOCKED.
    claimed = db.session.scalars(
        update(DueJob)
        .where(DueJob.id.in_(ids), DueJob.state == "pending")
        .values(state="claimed", claimed_by=instance, claimed_at=now, attempts=DueJob.attempts + 1)
        .returning(DueJob.id)
    ).all()
    db.session.commit()
    return sorted(claimed)


def run_job(job_id: int, now: dt.datetime | None = None) -> str:
    """Run one claimed job; returns its final state."""
    now = now or utcnow()
    started = time.perf_counter()
    job = db.session.get(DueJob, job_id)
    if job is None or job.state != "claimed":
        db.session.rollback()
        return "gone"
    handler = HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise Skip(f"unknown job kind {job.kind}")
        job.result = handler(job, now) or "done"
        job.state = "done"
    except Skip as skip:
        job.state, job.result = "skipped", str(skip)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the row and retried
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, job.kind)
        job = db.session.get(DueJob, job_id)
        if job.attempts >= MAX_ATTEMPTS:
            job.state, job.result = "failed", f"{type(exc).__name__}: {exc}"[:500]
        else:
            job.state = "pending"
            job.due_at = now + dt.timedelta(minutes=2**job.attempts)
            job.result = f"retrying: {type(exc).__name__}: {exc}"[:500]
    job.finished_at = now if job.state != "pending" else None
    db.session.commit()
    fields = {
        "job_id": job_id,
        "kind": job.kind,
        "state": job.state,
        "attempts": job.attempts,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    log.info("job", extra={FIELDS: fields})  # one structured line per job (ids only)
    return job.state


def recover_stale_claims(now: dt.datetime | None = None) -> int:
    now = now or utcnow()
    result = db.session.execute(
        update(DueJob)
        .where(DueJob.state == "claimed", DueJob.claimed_at < now - STALE_CLAIM)
        .values(state="pending", claimed_by=None)
    )
    db.session.commit()
    return result.rowcount or 0


def run_due(instance: str, now: dt.datetime | None = None) -> dict[str, int]:
    """Claim and run everything due; returns counts per final state."""
    counts: dict[str, int] = {}
    while True:
        ids = claim_due(instance, now)
        if not ids:
            return counts
        for job_id in ids:
            state = run_job(job_id, now)
            counts[state] = counts.get(state, 0) + 1


def next_due_at() -> dt.datetime | None:
    return db.session.scalar(
        select(DueJob.due_at).where(DueJob.state == "pending").order_by(DueJob.due_at).limit(1)
    )
