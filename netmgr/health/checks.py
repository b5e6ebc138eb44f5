"""What ``/readyz`` reports, read with one database round trip.

The migration heads come from the migration files (read once per process); the database's
revisions, the active scheduler's heartbeat and the outbox's pending count and age come from
one SELECT of scalar subqueries. The rate-limit storage is asked separately (it is Redis,
not the database) and is reported without failing readiness: Flask-Limiter keeps serving.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from alembic.script import ScriptDirectory
from sqlalchemy import column, func, select, table
from sqlalchemy.exc import SQLAlchemyError

from ..core.timeutil import utcnow
from ..extensions import db, limiter
from ..mail.models import OutboxMessage
from ..scheduler.models import SchedulerInstance

log = logging.getLogger(__name__)

#: Outbox states of a message that is not delivered yet
UNSENT = ("pending", "claimed")
#: Ticks without a heartbeat of the active scheduler before readiness fails
MISSED_TICKS = 3

_alembic_version = table("alembic_version", column("version_num"))


@functools.cache
def _script(directory: str) -> ScriptDirectory:
    return ScriptDirectory(directory)


@functools.cache
def migrations_state(directory: str, applied: frozenset[str]) -> str:
    """ "ok" when the applied revisions include every head of the migration files, counting
    what they stand on (``down_revision`` and ``depends_on``: a branch that depends on a core
    revision records only itself in alembic_version); "behind" otherwise; "unknown" when the
    database names a revision these files do not have (newer code ran on it)."""
    script = _script(directory)
    covered: set[str] = set()
    stack = list(applied)
    while stack:
        try:
            revision = script.get_revision(stack.pop())
        except Exception:  # noqa: BLE001 - alembic raises several kinds for unknown ids
            return "unknown"
        if revision is None or revision.revision in covered:
            continue
        covered.add(revision.revision)
        for parent in (revision.down_revision, revision.dependencies):
            stack.extend([parent] if isinstance(parent, str) else (parent or ()))
    return "ok" if set(script.get_heads()) <= covered else "behind"


def _state_query():
    unsent = OutboxMessage.state.in_(UNSENT)
    active = SchedulerInstance.active.is_(True)
    return select(
        select(func.aggregate_strings(_alembic_version.c.version_num, ","))
        .scalar_subquery()
        .label("revisions"),
        select(func.max(SchedulerInstance.heartbeat_at))
        .where(active)
        .scalar_subquery()
        .label("leader_heartbeat"),
        select(func.count())
        .where(unsent)
        .select_from(OutboxMessage)
        .scalar_subquery()
        .label("pending"),
        select(func.min(OutboxMessage.created_at))
        .where(unsent)
        .scalar_subquery()
        .label("oldest_pending"),
    )


def _age(now: dt.datetime, then: dt.datetime | None) -> float | None:
    if then is None:
        return None
    if then.tzinfo is None:  # SQLite may hand back naive UTC
        then = then.replace(tzinfo=dt.UTC)
    return round(max((now - then).total_seconds(), 0.0), 1)


def ratelimit_storage(app) -> str:
    uri = str(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    if uri.startswith("memory://"):
        return "memory"
    try:
        return "ok" if limiter.storage.check() else "fail"
    except Exception as exc:  # noqa: BLE001 - any storage error means "not reachable"
        log.warning("readyz: rate-limit storage unreachable: %s", type(exc).__name__)
        return "fail"


def readiness(app, now: dt.datetime | None = None) -> dict:
    now = now or utcnow()
    checks: dict = {
        "database": "ok",
        "migrations": None,
        "scheduler": {"leader": None, "heartbeat_age_s": None},
        "outbox": {"pending": None, "oldest_pending_age_s": None},
        "ratelimit_storage": ratelimit_storage(app),
    }
    try:
        row = db.session.execute(_state_query()).one()
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.warning("readyz: database check failed: %s", type(exc).__name__)
        checks["database"] = "fail"
        return {"status": "fail", "checks": checks}
    finally:
        db.session.remove()

    applied = frozenset(filter(None, (row.revisions or "").split(",")))
    checks["migrations"] = migrations_state(app.extensions["migrate"].directory, applied)

    heartbeat_age = _age(now, row.leader_heartbeat)
    tick = float(app.config.get("SCHEDULER_TICK_SECONDS", 10))
    leader_alive = heartbeat_age is not None and heartbeat_age <= MISSED_TICKS * tick
    checks["scheduler"] = {"leader": leader_alive, "heartbeat_age_s": heartbeat_age}

    oldest_age = _age(now, row.oldest_pending)
    checks["outbox"] = {"pending": int(row.pending or 0), "oldest_pending_age_s": oldest_age}
    outbox_ok = oldest_age is None or oldest_age <= float(app.config["READY_OUTBOX_MAX_AGE_S"])

    ok = checks["migrations"] == "ok" and leader_alive and outbox_ok
    return {"status": "ok" if ok else "fail", "checks": checks}
