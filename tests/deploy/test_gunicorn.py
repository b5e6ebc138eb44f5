"""deploy/gunicorn.conf.py: the values it computes, gunicorn accepts it, ProxyFix behind it."""

from __future__ import annotations

import http.client
import os
import runpy
import subprocess

from netmgr import create_app
from tests.deploy.helpers import (
    DEPLOY,
    REPO,
    VENV_BIN,
    base_env,
    listening_socket,
    start_gunicorn,
    stop,
)


def load(**env):
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_workers_follow_the_cpu_count_and_restarts_are_jittered():
    conf = load()
    cpus = len(os.sched_getaffinity(0))
    assert conf["workers"] == 2 * cpus + 1
    assert conf["max_requests"] == 1000 and conf["max_requests_jitter"] == 100
    assert conf["wsgi_app"] == "netmgr.app:create_app()"
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["control_socket_disable"] is True
    tuned = load(NETMGR_WEB_WORKERS="3", NETMGR_MAX_REQUESTS="500", NETMGR_BIND="0.0.0.0:9000")
    assert (tuned["workers"], tuned["max_requests"], tuned["max_requests_jitter"]) == (3, 500, 50)
    assert tuned["bind"] == "0.0.0.0:9000"


def test_gunicorn_accepts_the_file():
    result = subprocess.run(
        [str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "--check-config"],
        env=base_env(
            PYTHONPATH=str(REPO),
            NETMGR_SECRET_KEY="k" * 40,
            NETMGR_DATABASE_URL="sqlite:////tmp/netmgr-check-config.db",
            NETMGR_INSTANCE_PATH="/tmp/netmgr-check-config",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _whoami_app(proxy_fix):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "s" * 40,
            "PROXY_FIX": proxy_fix,
            "DATABASE_URL": "sqlite://",
            "SCHEDULER_IN_PROCESS": False,
        }
    )

    @app.route("/__whoami")
    def whoami():
        from flask import request

        return f"{request.remote_addr} {request.scheme} {request.host}"

    return app.test_client()


def test_proxy_fix_trusts_one_proxy_when_set():
    headers = {
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "netmgr.lup.no",
    }
    behind = _whoami_app(1).get(
        "/__whoami", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    assert behind.get_data(as_text=True) == "203.0.113.7 https netmgr.lup.no"
    direct = _whoami_app(0).get(
        "/__whoami", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    assert direct.get_data(as_text=True) == "127.0.0.1 http localhost"


def test_served_by_gunicorn_with_the_file(tmp_path):
    sock = listening_socket()
    env = base_env(
        PYTHONPATH=str(REPO),
        NETMGR_SECRET_KEY="k" * 40,
        NETMGR_WEB_WORKERS="2",
        NETMGR_DATABASE_URL=f"sqlite:///{tmp_path}/netmgr.db",
        NETMGR_INSTANCE_PATH=str(tmp_path / "instance"),
        NETMGR_PROXY_FIX="1",
    )
    process = start_gunicorn(sock, env)
    try:
        conn = http.client.HTTPConnection(*sock.getsockname(), timeout=60)
        conn.request("GET", "/healthz", headers={"X-Request-Id": "abcdef0123456789"})
        response = conn.getresponse()
        assert response.status == 200 and response.read() == b'{"status":"ok"}\n'
        assert response.getheader("X-Request-Id") == "abcdef0123456789"
    finally:
        output = stop(process)
        sock.close()
    assert '"route": "/healthz"' in output and '"request_id": "abcdef0123456789"' in output
