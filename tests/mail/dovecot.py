"""A throw-away Dovecot IMAP server on loopback (Debian's dovecot-imapd, see stack-notes):
one passwd-file user, a maildir, foreground process, stopped after the test."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "rsvp", "secret-imap-password"
NOBODY = 65534


@dataclass
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    root: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_dovecot(root: Path):
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    assert os.path.exists(binary), "dovecot-imapd is installed by .ci/run"
    port = _free_port()
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir(parents=True)
    os.chown(root / "mail", NOBODY, NOBODY)
    os.chmod(root, 0o755)  # the imap process runs as nobody and must reach the maildir
    (root / "passwd").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}:{NOBODY}:{NOBODY}::{root}/mail/{USER}::\n"
    )
    (root / "dovecot.conf").write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = netmgr-test-{port}
log_path = /dev/stderr
ssl = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
""")
    process = subprocess.Popen(
        [binary, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while True:  # dovecot binds its own port: wait until it greets
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            out = process.communicate(timeout=5)[0] if process.poll() is not None else b""
            raise RuntimeError(f"dovecot did not start: {out.decode(errors='replace')}")
        time.sleep(0.05)
    return Dovecot("127.0.0.1", port, USER, PASSWORD, root), process


def stop_dovecot(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
