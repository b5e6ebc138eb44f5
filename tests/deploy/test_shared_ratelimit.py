"""The sign-in limit holds in total across 4 gunicorn workers when the limits live in Redis
(127.0.0.1:6379, a database of this test's own, flushed), and production start-up warns loudly
when they live in each worker's memory."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import urllib.parse

import pytest
import redis

from netmgr.auth.views import LOGIN_RATE_LIMIT
from netmgr.config import MEMORY_RATELIMIT_WARNING
from tests.deploy.helpers import REPO, base_env, listening_socket, start_gunicorn, stop

#: Redis database of this test (others use their own numbers); the SQLite and PostgreSQL suites
#: run side by side (.ci/suites), so each takes its own
REDIS_DB = 12 if os.environ.get("NETMGR_TEST_DATABASE_URL") else 11
PER_MINUTE = int(LOGIN_RATE_LIMIT.split()[0])


@pytest.fixture
def redis_db():
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    client.flushdb()
    yield f"redis://127.0.0.1:6379/{REDIS_DB}"
    client.flushdb()


def test_sign_in_limit_holds_in_total_across_four_workers(app, database_url, redis_db, tmp_path):
    sock = listening_socket()
    env = base_env(
        PYTHONPATH=str(REPO),
        NETMGR_DATABASE_URL=database_url,
        NETMGR_SECRET_KEY="k" * 48,
        NETMGR_INSTANCE_PATH=str(tmp_path),
        NETMGR_RATELIMIT_STORAGE_URI=redis_db,
        NETMGR_WTF_CSRF_ENABLED="false",
        NETMGR_WEB_WORKERS="4",
    )
    process = start_gunicorn(sock, env)
    statuses, workers = [], set()
    body = urllib.parse.urlencode({"email": "nobody@example.no", "password": "wrong-password"})
    try:
        for _ in range(3 * PER_MINUTE):
            conn = http.client.HTTPConnection(*sock.getsockname(), timeout=60)  # new connection:
            conn.request(
                "POST",
                "/login",
                body=body,
                headers={  # any worker may take it
                    "Content-Type": "application/x-www-form-urlencoded"
                },
            )
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
            conn.close()
    finally:
        output = stop(process)
        sock.close()
    workers = {
        line.split("pid: ")[1].split(")")[0]
        for line in output.splitlines()
        if "Booting worker with pid" in line
    }
    assert len(workers) == 4, output
    assert statuses.count(401) == PER_MINUTE, statuses
    assert statuses.count(429) == 2 * PER_MINUTE, statuses
    assert MEMORY_RATELIMIT_WARNING not in output


def test_production_start_up_warns_when_limits_are_per_worker(tmp_path):
    code = "from netmgr import create_app; create_app()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=base_env(
            PYTHONPATH=str(REPO),
            NETMGR_DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
            NETMGR_SECRET_KEY="k" * 48,
            NETMGR_INSTANCE_PATH=str(tmp_path),
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert MEMORY_RATELIMIT_WARNING in result.stderr
    assert '"level": "warning"' in result.stderr  # as a JSON log line


def test_no_warning_with_redis(tmp_path, redis_db):
    code = "from netmgr import create_app; create_app()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=base_env(
            PYTHONPATH=str(REPO),
            NETMGR_DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
            NETMGR_SECRET_KEY="k" * 48,
            NETMGR_INSTANCE_PATH=str(tmp_path),
            NETMGR_RATELIMIT_STORAGE_URI=redis_db,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and MEMORY_RATELIMIT_WARNING not in result.stderr
