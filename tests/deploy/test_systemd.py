"""deploy/systemd: systemd itself reads the units without a complaint, and they run what the
runbook says (gunicorn with the conf file, `netmgr scheduler`) under the netmgr user."""

from __future__ import annotations

import configparser
import subprocess

import pytest

from tests.deploy.helpers import DEPLOY, VENV_BIN, which

UNITS = ("netmgr-web.service", "netmgr-scheduler.service", "netmgr-rsvp.service")


def parse(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.parametrize("name", UNITS)
def test_units_run_as_netmgr_with_the_environment_file(name):
    unit = parse(name)
    service = unit["Service"]
    assert service["User"] == "netmgr" and service["Group"] == "netmgr"
    assert service["EnvironmentFile"] == "/etc/netmgr/netmgr.env"
    assert service["Restart"] in ("always", "on-failure")
    assert service["ProtectSystem"] == "strict" and service["ReadWritePaths"] == "/var/lib/netmgr"
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_commands():
    assert parse("netmgr-web.service")["Service"]["ExecStart"] == (
        "/opt/netmgr/venv/bin/gunicorn -c /etc/netmgr/gunicorn.conf.py"
    )
    assert parse("netmgr-scheduler.service")["Service"]["ExecStart"] == (
        "/opt/netmgr/venv/bin/netmgr scheduler"
    )
    assert parse("netmgr-rsvp.service")["Service"]["ExecStart"] == (
        "/opt/netmgr/venv/bin/netmgr receive-mail --imap"
    )


def test_systemd_analyze_verify_finds_nothing(tmp_path):
    tool = which("systemd-analyze")
    assert tool, "systemd-analyze is part of the systemd package that .ci/run installs"
    paths = []
    for name in UNITS:  # point ExecStart at this machine's real executables
        text = (DEPLOY / "systemd" / name).read_text()
        text = text.replace("/opt/netmgr/venv/bin/", f"{VENV_BIN}/")
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    result = subprocess.run([tool, "verify", *paths], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # unknown keys are only warnings
