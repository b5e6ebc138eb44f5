"""The audit log records sign-ins (with the client address, never the password), sign-outs,
password changes, deactivations, and who cancelled a registration through the API."""

from __future__ import annotations

import json

from sqlalchemy import select

from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from tests import factories

PASSWORD = "riktig-passord-123"


def entries(action):
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_sign_ins_and_failures_are_recorded_with_the_address_but_no_password(
    app, client, coordinator
):
    env = {"REMOTE_ADDR": "203.0.113.5"}
    client.post(
        "/login",
        data={"email": coordinator.email, "password": "feil-passord-1"},
        environ_overrides=env,
    )
    client.post(
        "/login",
        data={"email": "ingen@lup.no", "password": "feil-passord-2"},
        environ_overrides=env,
    )
    client.post(
        "/login", data={"email": coordinator.email, "password": PASSWORD}, environ_overrides=env
    )

    failed = entries("auth.sign_in_failed")
    assert [(e.object_id, e.data["reason"]) for e in failed] == [
        (coordinator.id, "password"),
        (None, "unknown_account"),
    ]
    assert all(e.data["address"] == "203.0.113.5" and e.user_id is None for e in failed)
    [ok] = entries("auth.signed_in")
    assert ok.user_id == coordinator.id and ok.data == {
        "address": "203.0.113.5",
        "method": "password",
    }
    everything = json.dumps([e.data for e in db.session.scalars(select(AuditEntry))])
    assert "feil-passord" not in everything and PASSWORD not in everything
    assert "ingen@lup.no" not in everything  # a typed unknown address is not kept either

    client.post("/logout", environ_overrides=env)
    [out] = entries("auth.signed_out")
    assert out.user_id == coordinator.id and out.data["address"] == "203.0.113.5"


def test_password_changes_and_deactivations_are_recorded(admin_client, admin_user, coordinator):
    url = f"/coordinator/admin/users/{coordinator.id}"
    admin_client.post(
        f"{url}/password",
        data={"pw-password": "helt-nytt-passord", "pw-confirm": "helt-nytt-passord"},
    )
    admin_client.post(f"{url}/active")
    [changed] = entries("user.password_reset")
    [deactivated] = entries("user.deactivated")
    for entry in (changed, deactivated):
        assert entry.user_id == admin_user.id and entry.object_id == coordinator.id


def test_api_cancellation_records_the_tokens_user(client, api_headers, coordinator):
    event = factories.event()
    registration = factories.registration(event)
    response = client.delete(f"/api/v1/registrations/{registration.id}", headers=api_headers)
    assert response.status_code == 204
    [entry] = entries("registration.cancelled")
    assert entry.user_id == coordinator.id and entry.object_id == registration.id
