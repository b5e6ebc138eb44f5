"""Password reset by mail: neutral answer, same work for unknown addresses, single-use link
that expires and is stored only as a hash; all sessions end with the new password."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from flask import template_rendered
from sqlalchemy import select

from netmgr.auth.models import PasswordReset, User, hash_token
from netmgr.auth.reset import RESET_MINUTES
from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage

NEW = "et-helt-nytt-passord"


def ask(client, email):
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, client.application)
    try:
        response = client.post("/login/reset", data={"email": email})
    finally:
        template_rendered.disconnect(record, client.application)
    return response, rendered


def link_in_mail() -> str:
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.kind == "auth.password_reset")
    )
    return re.search(r"http://netmgr\.test(/login/reset/\S+)", message.body_text).group(1)


def test_known_and_unknown_addresses_get_the_same_answer_and_work(client, coordinator):
    known, known_templates = ask(client, coordinator.email)
    unknown, unknown_templates = ask(client, "ingen@lup.no")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert "Hvis adressen hører til en bruker" in known.get_data(as_text=True)
    assert known_templates == unknown_templates  # the mail is composed on both paths
    assert "auth/mail/password_reset.txt" in known_templates
    messages = list(db.session.scalars(select(OutboxMessage)))
    assert [m.to_address for m in messages] == [coordinator.email]  # only the real one is sent


def test_the_link_sets_a_new_password_once_and_ends_all_sessions(app, client, coordinator, sign_in):
    other_browser = sign_in(app.test_client(), coordinator)
    assert other_browser.get("/coordinator/").status_code == 200
    ask(client, coordinator.email)
    path = link_in_mail()
    secret = path.rsplit("/", 1)[1]
    reset = db.session.scalar(select(PasswordReset))
    assert reset.token_hash == hash_token(secret) and secret not in reset.token_hash

    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW, "confirm": NEW})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    db.session.expire_all()
    assert db.session.get(User, coordinator.id).check_password(NEW)
    assert other_browser.get("/coordinator/").status_code == 302  # signed out everywhere
    # Single use
    assert client.get(path).status_code == 404
    again = client.post(path, data={"password": "enda-et-passord", "confirm": "enda-et-passord"})
    assert again.status_code == 404
    db.session.expire_all()
    assert db.session.get(User, coordinator.id).check_password(NEW)
    assert (
        client.post("/login", data={"email": coordinator.email, "password": NEW}).status_code == 302
    )


def test_the_link_expires(client, coordinator):
    ask(client, coordinator.email)
    path = link_in_mail()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=RESET_MINUTES + 1)
    with time_machine.travel(later):
        assert client.get(path).status_code == 404
        assert client.post(path, data={"password": NEW, "confirm": NEW}).status_code == 404
    db.session.expire_all()
    assert not db.session.get(User, coordinator.id).check_password(NEW)


def test_short_password_is_refused_at_the_field(client, coordinator):
    ask(client, coordinator.email)
    response = client.post(link_in_mail(), data={"password": "kort", "confirm": "kort"})
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)


def test_a_made_up_link_is_refused(client):
    assert client.get("/login/reset/" + "x" * 43).status_code == 404
