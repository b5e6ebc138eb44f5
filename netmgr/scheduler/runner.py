"""The scheduler process: APScheduler is only the clock that wakes :meth:`Runner.tick`."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import update

from ..core.timeutil import UTC, utcnow
from ..extensions import db
from ..mail import sender
from . import claims, planning, registry, series
from .election import LeaderLock
from .models import SchedulerInstance

log = logging.getLogger(__name__)

#: How often a full housekeeping pass (plan events, extend series) runs
HOUSEKEEPING_EVERY = dt.timedelta(minutes=15)


class Runner:
    def __init__(self, app):
        self.app = app
        self.name = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.tick_seconds = float(app.config.get("SCHEDULER_TICK_SECONDS", 10))
        self.lock = LeaderLock(None, app.instance_path)
        self.scheduler = None
        self._last_housekeeping = None
        self._busy = threading.Lock()

    # -- one pass ---------------------------------------------------------------------------
    def tick(self) -> dict:
        """Heartbeat, try to lead, and if leading run everything due. Returns what it did."""
        if not self._busy.acquire(blocking=False):
            return {"busy": True}  # the clock and a wake-up fired together; one pass is enough
        try:
            with self.app.app_context():
                try:
                    return self._tick()
                finally:
                    db.session.remove()
        finally:
            self._busy.release()

    def _tick(self) -> dict:
        now = utcnow()
        if self.lock.engine is None:
            self.lock.engine = db.engine
        leading = self.lock.try_acquire()
        self._heartbeat(now, leading)
        if not leading:
            return {"active": False}
        done = {"active": True}
        if self._last_housekeeping is None or now - self._last_housekeeping > HOUSEKEEPING_EVERY:
            claims.recover_stale_claims(now)
            done["series_created"] = series.extend_all(now)
            planning.plan_all_events(now)
            planning.plan_digests(now)
            registry.plan_registered(now)
            db.session.commit()
            self._last_housekeeping = now
        planning.plan_scheduled_campaigns()
        db.session.commit()
        done["jobs"] = claims.run_due(self.name, now)
        done["mail"] = self._drain_outbox()
        self._wake_at_next_due()
        return done

    def _drain_outbox(self):

        return sender.drain_outbox(self.app)

    def _heartbeat(self, now: dt.datetime, leading: bool) -> None:
        row = db.session.query(SchedulerInstance).filter_by(name=self.name).one_or_none()
        if row is None:
            row = SchedulerInstance(name=self.name, started_at=now)
            db.session.add(row)
        row.heartbeat_at = now
        if leading and not row.active:
            db.session.execute(
                update(SchedulerInstance)
                .where(SchedulerInstance.name != self.name)
                .values(active=False)
            )
            log.info("scheduler %s is now the active instance", self.name)
        row.active = leading
        db.session.commit()

    def beat(self) -> None:
        """Heartbeat while a long pass (a big drain) holds the tick: the process is alive and
        keeps its lock, so /readyz must not count the ticks it is busy as missed. Only the
        time is written; leadership is the tick's business."""
        if not self._busy.locked():
            return  # an idle process beats in its tick
        with self.app.app_context():
            try:
                db.session.execute(
                    update(SchedulerInstance)
                    .where(SchedulerInstance.name == self.name)
                    .values(heartbeat_at=utcnow())
                )
                db.session.commit()
            finally:
                db.session.remove()

    def _wake_at_next_due(self) -> None:
        """A date trigger at the next due time, so work is not late by up to a tick."""
        if self.scheduler is None:
            return
        due = claims.next_due_at()
        if due is not None and due - utcnow() < dt.timedelta(seconds=self.tick_seconds):
            self.scheduler.add_job(
                self.tick,
                "date",
                run_date=max(due, utcnow()),
                id="wake",
                replace_existing=True,
                misfire_grace_time=None,
            )

    # -- process life ------------------------------------------------------------------------
    def _add_clock(self, scheduler) -> None:
        # misfire_grace_time=None and coalesce: a late tick still runs, once. The rows decide
        # what is due, so a tick lost while the process was down loses nothing.
        scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.tick_seconds,
            id="tick",
            next_run_time=dt.datetime.now(UTC),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        # Its own job (another worker thread): runs while the tick is busy
        scheduler.add_job(
            self.beat,
            "interval",
            seconds=self.tick_seconds,
            id="beat",
            coalesce=True,
            max_instances=1,
        )
        self.scheduler = scheduler

    def run_forever(self) -> None:
        scheduler = BlockingScheduler(timezone=UTC)
        self._add_clock(scheduler)
        try:
            scheduler.start()
        finally:
            self.stop()

    def start_background(self) -> None:
        scheduler = BackgroundScheduler(timezone=UTC, daemon=True)
        self._add_clock(scheduler)
        scheduler.start()

    def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        with self.app.app_context():
            self.lock.release()
            db.session.query(SchedulerInstance).filter_by(name=self.name).update({"active": False})
            db.session.commit()
