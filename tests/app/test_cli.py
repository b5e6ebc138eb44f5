"""The ``netmgr`` command line: create-user, create-token, and the console script itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

import netmgr
from netmgr.auth.models import ApiToken, User, hash_token
from netmgr.extensions import db

ROOT = Path(netmgr.__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "netmgr"


def invoke(app, *args, input=None):
    # The real console script (FlaskGroup) pushes an app context; the test runner does not.
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args), input=input)
        db.session.remove()
    return result


def user(app, email):
    with app.app_context():
        found = db.session.scalar(select(User).where(User.email == email))
        if found is not None:
            db.session.expunge(found)
        return found


def test_create_user_with_password_option(app):
    result = invoke(
        app,
        "create-user",
        "Kari.Nordmann@LUP.no",
        "--role",
        "admin",
        "--name",
        "Kari Nordmann",
        "--password",
        "et-langt-passord",
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created admin kari.nordmann@lup.no (id ")
    kari = user(app, "kari.nordmann@lup.no")
    assert kari.role == "admin" and kari.name == "Kari Nordmann"
    assert kari.check_password("et-langt-passord")
    assert not kari.check_password("feil-passord-123")
    assert "et-langt-passord" not in kari.password_hash


def test_create_user_asks_for_the_password_twice(app):
    result = invoke(app, "create-user", "ola@lup.no", input="hemmelig-ord-1\nhemmelig-ord-1\n")
    assert result.exit_code == 0, result.output
    assert "Created coordinator ola@lup.no" in result.output
    assert user(app, "ola@lup.no").check_password("hemmelig-ord-1")


def test_create_user_refuses_mismatched_prompt(app):
    result = invoke(
        app,
        "create-user",
        "ola@lup.no",
        input="hemmelig-ord-1\nannet-ord-22\nhemmelig-ord-1\nhemmelig-ord-1\n",
    )
    assert "do not match" in result.output.lower()
    assert result.exit_code == 0
    assert user(app, "ola@lup.no").check_password("hemmelig-ord-1")


def test_create_user_again_updates_role_and_password(app):
    invoke(app, "create-user", "ola@lup.no", "--password", "forste-passord")
    result = invoke(
        app, "create-user", "ola@lup.no", "--role", "admin", "--password", "andre-passordet"
    )
    assert result.exit_code == 0
    assert result.output.startswith("Updated admin ola@lup.no")
    ola = user(app, "ola@lup.no")
    assert ola.role == "admin" and ola.check_password("andre-passordet")
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def test_create_user_rejects_bad_email_short_password_and_unknown_role(app):
    bad_email = invoke(app, "create-user", "not-an-address", "--password", "et-langt-passord")
    assert bad_email.exit_code == 2
    assert "Invalid value for EMAIL" in bad_email.output
    short = invoke(app, "create-user", "ola@lup.no", "--password", "kort")
    assert short.exit_code == 2
    assert "at least 10 characters" in short.output
    role = invoke(
        app, "create-user", "ola@lup.no", "--role", "boss", "--password", "et-langt-passord"
    )
    assert role.exit_code == 2
    assert "'boss' is not one of 'coordinator', 'admin'" in role.output
    assert user(app, "ola@lup.no") is None


def test_create_token_prints_a_token_stored_only_as_hash(app, client):
    invoke(app, "create-user", "ola@lup.no", "--password", "et-langt-passord")
    result = invoke(app, "create-token", "OLA@lup.no", "--name", "integrasjon")
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert secret.startswith("nm_") and len(secret) > 40 and "\n" not in secret
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        assert token.token_hash == hash_token(secret)
        assert token.name == "integrasjon" and token.prefix == secret[:10]
        assert token.user.email == "ola@lup.no"
    # a second call gives a different token
    assert invoke(app, "create-token", "ola@lup.no").output.strip() != secret


def test_create_token_for_unknown_user_fails(app):
    result = invoke(app, "create-token", "nobody@lup.no")
    assert result.exit_code == 1
    assert "no user with e-mail nobody@lup.no" in result.output
    with app.app_context():
        assert db.session.scalar(select(ApiToken)) is None


def _env(database_url: str, tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETMGR_", "FLASK_"))}
    env.update(
        {
            "NETMGR_DATABASE_URL": database_url,
            "NETMGR_SECRET_KEY": "subprocess-secret-" * 3,
            "NETMGR_INSTANCE_PATH": str(tmp_path / "instance"),
            "NETMGR_SCHEDULER_IN_PROCESS": "false",
            "PYTHONPATH": str(ROOT),  # the same code as this test process
        }
    )
    return env


def test_console_script_help_lists_the_commands(database_url, tmp_path):
    result = subprocess.run(
        [str(SCRIPT), "--help"],
        capture_output=True,
        text=True,
        env=_env(database_url, tmp_path),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for command in ("create-user", "create-token", "seed-municipalities", "demo", "db", "run"):
        assert f"  {command}" in result.stdout


def test_console_script_creates_a_user_in_the_configured_database(app, database_url, tmp_path):
    result = subprocess.run(
        [str(SCRIPT), "create-user", "via-shell@lup.no", "--role", "coordinator"],
        input="skall-passord-1\nskall-passord-1\n",
        capture_output=True,
        text=True,
        env=_env(database_url, tmp_path),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Created coordinator via-shell@lup.no" in result.stdout
    created = user(app, "via-shell@lup.no")
    assert created is not None and created.check_password("skall-passord-1")
    token = subprocess.run(
        [str(SCRIPT), "create-token", "via-shell@lup.no"],
        capture_output=True,
        text=True,
        env=_env(database_url, tmp_path),
        timeout=60,
    )
    assert token.returncode == 0, token.stderr
    assert token.stdout.startswith("nm_")
