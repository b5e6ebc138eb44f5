"""Server-side sessions: a copied cookie dies with sign-out, a password change, a
deactivation, or idle time."""

from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from netmgr.auth.models import UserSession
from netmgr.extensions import db

PASSWORD = "riktig-passord-123"


def signed_in_client(app, email="koordinator@lup.no"):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/coordinator/").status_code == 200
    return client


def copy_of(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def refused(client) -> bool:
    response = client.get("/coordinator/")
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_cookie_copied_before_sign_out_is_refused_afterwards(app, coordinator):
    client = signed_in_client(app)
    thief = copy_of(app, client)
    assert not refused(thief)  # the copy works while the session lives
    assert client.post("/logout").status_code == 302
    assert refused(thief)
    assert db.session.scalar(select(UserSession)) is None


def test_a_password_change_by_an_admin_ends_every_session_of_the_user(
    app, coordinator, admin_client
):
    first, second = signed_in_client(app), signed_in_client(app)
    thief = copy_of(app, first)
    response = admin_client.post(
        f"/coordinator/admin/users/{coordinator.id}/password",
        data={"pw-password": "helt-nytt-passord", "pw-confirm": "helt-nytt-passord"},
    )
    assert response.status_code == 302
    assert refused(first) and refused(second) and refused(thief)
    assert not refused(admin_client)  # the admin's own session is not touched


def test_deactivation_ends_the_users_sessions(app, coordinator, admin_client):
    client = signed_in_client(app)
    assert admin_client.post(f"/coordinator/admin/users/{coordinator.id}/active").status_code == 302
    assert refused(client)
    assert (
        db.session.scalar(select(UserSession).where(UserSession.user_id == coordinator.id)) is None
    )


def test_idle_sessions_expire(app, coordinator):
    idle = app.config["SESSION_IDLE_MINUTES"]
    assert idle == 480  # the default: 8 hours
    client = signed_in_client(app)
    thief = copy_of(app, client)
    start = dt.datetime.now(dt.UTC)
    # Activity keeps the session alive ...
    with time_machine.travel(start + dt.timedelta(minutes=idle - 10)):
        assert not refused(client)
    with time_machine.travel(start + dt.timedelta(minutes=2 * idle - 20)):
        assert not refused(client)
    # ... idle time beyond the limit ends it, for every copy of the cookie.
    with time_machine.travel(start + dt.timedelta(minutes=3 * idle)):
        assert refused(thief)
        assert refused(client)


def test_idle_limit_is_configurable(app, coordinator):
    saved = app.config["SESSION_IDLE_MINUTES"]
    app.config["SESSION_IDLE_MINUTES"] = 5
    try:
        client = signed_in_client(app)
        with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)):
            assert refused(client)
    finally:
        app.config["SESSION_IDLE_MINUTES"] = saved


def test_a_forged_or_old_style_cookie_without_a_session_row_is_refused(app, coordinator):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(coordinator.id)  # what a cookie from before this change held
        session["_fresh"] = True
    assert refused(client)


def test_last_seen_is_written_at_most_once_a_minute(app, coordinator):
    client = signed_in_client(app)
    row = db.session.scalar(select(UserSession))
    first_seen = row.last_seen_at
    client.get("/coordinator/")
    db.session.refresh(row)
    assert row.last_seen_at == first_seen
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2)):
        client.get("/coordinator/")
    db.session.refresh(row)
    assert row.last_seen_at > first_seen
