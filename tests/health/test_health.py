"""/healthz and /readyz as a load balancer and an operator see them."""

from __future__ import annotations

import datetime as dt
import secrets
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from netmgr import create_app
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.mail.outbox import enqueue
from netmgr.scheduler.models import SchedulerInstance


@contextmanager
def count_statements():
    """Counts SQL statements sent to the database inside the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def heartbeat(age_s: float, active: bool = True) -> None:
    now = utcnow() - dt.timedelta(seconds=age_s)
    db.session.add(
        SchedulerInstance(
            name=f"host:1:{secrets.token_hex(2)}", started_at=now, heartbeat_at=now, active=active
        )
    )
    db.session.commit()


def queue_mail(age_s: float, to="kari.nordmann@example.no") -> None:
    msg = enqueue(kind="test", to_address=to, subject="Hei", body_text="Hei Kari")
    msg.created_at = utcnow() - dt.timedelta(seconds=age_s)
    db.session.commit()


def test_healthz_answers_without_touching_the_database(app_ctx, client):
    with count_statements() as statements:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert statements == []


def test_readyz_is_ok_with_a_live_scheduler_and_one_round_trip(app_ctx, client):
    heartbeat(age_s=2)
    queue_mail(age_s=30)
    with count_statements() as statements:
        response = client.get("/readyz")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["status"] == "ok"
    assert set(body["checks"]) == {
        "database",
        "migrations",
        "scheduler",
        "outbox",
        "ratelimit_storage",
    }
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert body["checks"]["scheduler"]["leader"] is True
    assert 0 <= body["checks"]["scheduler"]["heartbeat_age_s"] < 10
    assert body["checks"]["outbox"]["pending"] == 1
    assert 29 <= body["checks"]["outbox"]["oldest_pending_age_s"] < 60
    assert body["checks"]["ratelimit_storage"] == "memory"
    assert len(statements) == 1
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_carries_no_personal_data(app_ctx, client):
    heartbeat(age_s=1)
    queue_mail(age_s=1, to="kari.nordmann@example.no")
    text_body = client.get("/readyz").get_data(as_text=True)
    assert "kari" not in text_body.lower() and "@" not in text_body
    assert "host:" not in text_body  # not even the scheduler's host name


def test_readyz_fails_after_three_ticks_without_a_heartbeat(app_ctx, client):
    tick = app_ctx.config["SCHEDULER_TICK_SECONDS"]
    heartbeat(age_s=3 * tick + 5)
    heartbeat(age_s=1, active=False)  # a standby's heartbeat does not count
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "fail"
    assert response.json["checks"]["scheduler"]["leader"] is False
    assert response.json["checks"]["scheduler"]["heartbeat_age_s"] >= 3 * tick


def test_a_leader_busy_with_a_long_drain_still_beats(app, client):
    """A drain longer than 3 ticks (a big campaign on a slow relay) holds the tick; the beat
    job keeps the heartbeat fresh so /readyz does not call a working leader dead."""
    from netmgr.scheduler.runner import Runner

    runner = Runner(app)
    runner.tick()  # its row, as the leader
    try:
        with app.app_context():
            stale = utcnow() - dt.timedelta(seconds=10 * runner.tick_seconds)
            db.session.query(SchedulerInstance).update({"heartbeat_at": stale})
            db.session.commit()
        runner.beat()  # idle: the tick beats, not this job
        assert client.get("/readyz").status_code == 503
        with runner._busy:  # what a running tick holds
            runner.beat()
        response = client.get("/readyz")
        assert response.status_code == 200, response.json
        assert response.json["checks"]["scheduler"]["heartbeat_age_s"] < runner.tick_seconds
    finally:
        runner.stop()


def test_readyz_fails_with_no_scheduler_at_all(app_ctx, client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["scheduler"] == {"leader": False, "heartbeat_age_s": None}


def test_readyz_fails_when_the_oldest_pending_mail_is_too_old(app_ctx, client):
    heartbeat(age_s=1)
    limit = app_ctx.config["READY_OUTBOX_MAX_AGE_S"]
    queue_mail(age_s=limit + 60)
    queue_mail(age_s=5)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["outbox"]["pending"] == 2
    assert response.json["checks"]["outbox"]["oldest_pending_age_s"] >= limit


def test_the_outbox_age_limit_is_a_setting(app, client):
    with app.app_context():
        heartbeat(age_s=1)
        queue_mail(age_s=120)
        app.config["READY_OUTBOX_MAX_AGE_S"] = 60
        try:
            assert client.get("/readyz").status_code == 503
            app.config["READY_OUTBOX_MAX_AGE_S"] = 600
            assert client.get("/readyz").status_code == 200
        finally:
            app.config["READY_OUTBOX_MAX_AGE_S"] = 900


def test_readyz_fails_when_migrations_are_behind(app_ctx, client):
    heartbeat(age_s=1)
    with db.engine.begin() as conn:
        revisions = [r for (r,) in conn.execute(text("SELECT version_num FROM alembic_version"))]
        conn.execute(
            text("DELETE FROM alembic_version WHERE version_num = :r"), {"r": revisions[0]}
        )
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json["checks"]["migrations"] == "behind"
    finally:
        with db.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO alembic_version (version_num) VALUES (:r)"), {"r": revisions[0]}
            )


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-netmgr-dir/netmgr.db",
        "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2",
    ],
)
def test_readyz_fails_when_the_database_is_unreachable(url, tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": url, "SCHEDULER_IN_PROCESS": False}
    )
    app.instance_path = str(tmp_path)
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "fail"
    assert response.json["checks"]["database"] == "fail"
