"""Processes for the deployment tests: a listening socket handed to a server (so no waiting
for a port to open: connections queue in its backlog) and clean stops."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
VENV_BIN = Path(sys.executable).parent


def listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    sock: socket.socket,
    env: dict,
    *args: str,
    gunicorn: str | None = None,
    cwd: str | None = None,
    output=subprocess.PIPE,
) -> subprocess.Popen:
    """gunicorn with deploy/gunicorn.conf.py serving on the already listening ``sock``.
    ``output``: where its log goes (a file for long runs: nobody reads a pipe until the end)."""
    command = [
        gunicorn or str(VENV_BIN / "gunicorn"),
        "-c",
        str(DEPLOY / "gunicorn.conf.py"),
        "--bind",
        f"fd://{sock.fileno()}",
        "--no-control-socket",
        *args,
    ]
    return subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        pass_fds=(sock.fileno(),),
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, timeout: float = 30) -> str:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
    return (out or b"").decode(errors="replace")


def base_env(**extra: str) -> dict:
    """A minimal environment: no PYTHONPATH unless asked, no NETMGR_* from the caller."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
    }
    env.update(extra)
    return env


def which(name: str) -> str | None:
    return shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.path.exists(p)), None
    )
