"""The daily retention run as a scheduler job (one ``due_jobs`` row per day)."""

from __future__ import annotations

import datetime as dt

from ..core.timeutil import OSLO, UTC
from ..scheduler.models import DueJob
from ..scheduler.planning import upsert_job
from .retention import purge

KIND = "privacy.retention"
#: Oslo wall-clock time of the daily run (a quiet hour)
RUN_AT = dt.time(3, 0)


def next_run(now: dt.datetime) -> dt.datetime:
    local = now.astimezone(OSLO)
    candidate = dt.datetime.combine(local.date(), RUN_AT, tzinfo=OSLO)
    if candidate <= local:
        candidate = dt.datetime.combine(local.date() + dt.timedelta(days=1), RUN_AT, tzinfo=OSLO)
    return candidate.astimezone(UTC)


def plan_retention(now: dt.datetime) -> DueJob:
    """The next daily run; the key holds the date, so planning twice makes one row."""
    due = next_run(now)
    return upsert_job(f"{KIND}:{due.astimezone(OSLO).date().isoformat()}", KIND, due)


def run_retention(job: DueJob, now: dt.datetime) -> str:
    counts = purge(now)
    plan_retention(now)
    return ", ".join(f"{key} {n}" for key, n in counts.items())
