"""A sender dies on one machine; the standby on another machine resumes its mail.

Two real ``netmgr scheduler`` processes, each with its own instance folder (nothing shared but
PostgreSQL, as on two machines), drain a 300-recipient campaign into a real SMTP server. The
active one is SIGKILLed while the server holds its 64th message; the standby takes the
leadership, takes over the dead sender's claim within 30 s, and every recipient gets exactly one
message. PostgreSQL only: SQLite's leader lock is a file in the instance folder, so it cannot
model two machines.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.scheduler.models import SchedulerInstance
from tests.conftest import SMTPServer
from tests.mail.test_faults import _campaign

pytestmark = pytest.mark.postgres_only

ACCEPTED_BEFORE_KILL = 63


class GatedSMTPServer(SMTPServer):
    """Holds message number ``gate_at + 1`` at DATA (not accepted) until ``release`` is set,
    then answers 451 for it; records when each accepted message arrived."""

    def __init__(self, gate_at: int):
        super().__init__()
        self.gate_at = gate_at
        self.held = threading.Event()
        self.release = threading.Event()
        self.arrived: list[float] = []

    async def handle_DATA(self, server, session, envelope):
        if self.count() == self.gate_at and not self.release.is_set():
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        self.arrived.append(time.monotonic())
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def gated_smtp(is_postgres):
    if not is_postgres:
        pytest.skip("postgres_only: two machines share only the database")
    server = GatedSMTPServer(ACCEPTED_BEFORE_KILL)
    server.start()
    yield server
    server.release.set()
    server.stop()


def _fresh(query):
    db.session.rollback()
    return query()


def _wait(predicate, timeout, what, procs):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_standby_on_another_machine_resumes_within_30_s_and_sends_nothing_twice(
    app, factory, database_url, gated_smtp, tmp_path
):
    n = 300

    def spawn(machine: str) -> subprocess.Popen:
        instance = tmp_path / machine
        instance.mkdir()
        env = {
            **os.environ,
            "NETMGR_DATABASE_URL": database_url,
            "NETMGR_SECRET_KEY": "s" * 40,
            "NETMGR_ENV": "production",
            "NETMGR_MAIL_SERVER": "127.0.0.1",
            "NETMGR_MAIL_PORT": str(gated_smtp.port),
            "NETMGR_INSTANCE_PATH": str(instance),
            "NETMGR_SCHEDULER_TICK_SECONDS": "0.5",
            "NETMGR_BASE_URL": "http://netmgr.test",
        }
        return subprocess.Popen(
            [sys.executable, "-c", "from netmgr.cli import main; main()", "scheduler"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    procs = [spawn("machine-a"), spawn("machine-b")]
    try:
        instances = lambda: _fresh(lambda: db.session.scalars(select(SchedulerInstance)).all())  # noqa: E731
        _wait(
            lambda: len(instances()) == 2 and sum(i.active for i in instances()) == 1,
            60,
            "two schedulers, one active",
            procs,
        )
        _campaign(factory, n)
        assert gated_smtp.held.wait(60), "the drain did not reach the gate"
        assert gated_smtp.count() == ACCEPTED_BEFORE_KILL
        [leader] = [i for i in instances() if i.active]
        [victim] = [p for p in procs if p.pid == int(leader.name.split(":")[1])]
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        killed_at = time.monotonic()
        gated_smtp.release.set()  # the held message was never accepted

        gated_smtp.wait_for(n, timeout=90)
        resumed_after = gated_smtp.arrived[ACCEPTED_BEFORE_KILL] - killed_at
        assert resumed_after < 30, resumed_after
        standby = [p for p in procs if p is not victim]
        _wait(
            lambda: (
                _fresh(
                    lambda: db.session.scalar(
                        select(func.count()).where(OutboxMessage.state != "sent")
                    )
                )
                == 0
            ),
            30,
            "outbox marked sent",
            standby,
        )
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)
    per_recipient = Counter(m["To"] for m in gated_smtp.messages)
    assert len(per_recipient) == n and set(per_recipient.values()) == {1}
    print(f"standby resumed {resumed_after:.1f} s after the SIGKILL")
