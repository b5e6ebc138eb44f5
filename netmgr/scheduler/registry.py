"""Job kinds that features above the scheduler add (e.g. privacy's daily retention run).

A feature calls :func:`register_job` from its ``init_app``: the handler joins
:data:`~netmgr.scheduler.handlers.HANDLERS`, and the planner (``planner(now)``, which writes the
feature's ``due_jobs`` rows idempotently) runs in every housekeeping pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .handlers import HANDLERS

#: Planners added by features, run by the housekeeping pass
PLANNERS: list[Callable[[dt.datetime], None]] = []


def register_job(kind: str, handler, planner: Callable[[dt.datetime], None] | None = None):
    HANDLERS[kind] = handler
    if planner is not None and planner not in PLANNERS:
        PLANNERS.append(planner)


def plan_registered(now: dt.datetime) -> None:
    for planner in PLANNERS:
        planner(now)
