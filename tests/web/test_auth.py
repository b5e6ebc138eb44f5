"""Sign-in, sign-out, lock-out, redirects and session cookies."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
import time_machine

from netmgr import create_app
from netmgr.auth.models import User
from netmgr.extensions import db
from netmgr.web.signin import LOCK_MINUTES, MAX_FAILURES

PASSWORD = "riktig-passord-123"
GENERIC = "E-postadressen eller passordet er feil."


def login(client, email="koordinator@lup.no", password=PASSWORD, next=None):
    url = "/login" + (f"?next={next}" if next else "")
    return client.post(url, data={"email": email, "password": password})


def test_login_page_has_labelled_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<label class="ds-label" for="email">E-postadresse</label>' in html
    assert 'autocomplete="current-password"' in html and 'type="password"' in html


def test_sign_in_and_out(client, coordinator):
    response = login(client)
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session.get("_user_id") == str(coordinator.id)
    db.session.refresh(coordinator)
    assert coordinator.last_login_at is not None and coordinator.failed_logins == 0
    html = client.get("/about").get_data(as_text=True)
    assert "Logg ut" in html
    assert client.get("/logout").status_code == 405  # only POST signs out
    response = client.post("/logout")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_email_is_case_insensitive(client, coordinator):
    assert login(client, email="  Koordinator@LUP.no ").status_code == 302


@pytest.mark.parametrize(
    "email, password",
    [
        ("koordinator@lup.no", "feil-passord"),
        ("ukjent@lup.no", PASSWORD),
    ],
)
def test_wrong_password_and_unknown_user_look_the_same(client, coordinator, email, password):
    response = login(client, email=email, password=password)
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert GENERIC in html
    assert "ukjent" not in html.split('id="login-failed"')[1].split("</div>")[0]


def test_missing_fields_are_shown_next_to_fields_and_in_summary(client):
    response = client.post("/login", data={"email": "ikke-epost", "password": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html and 'href="#email"' in html and 'href="#password"' in html
    assert (
        'aria-describedby="email-error" aria-invalid="true"' in html
        or re.search(r'<input[^>]*aria-describedby="email-error"[^>]*aria-invalid="true"', html)
        or re.search(r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="email-error"', html)
    )
    assert 'id="password-error"' in html


def test_lock_out_after_repeated_failures(client, coordinator):
    for _ in range(MAX_FAILURES):
        assert login(client, password="feil").status_code == 401
    db.session.refresh(coordinator)
    assert coordinator.failed_logins == MAX_FAILURES and coordinator.locked_until is not None
    # Even the right password is refused while locked, with the same message.
    response = login(client)
    assert response.status_code == 401 and GENERIC in response.get_data(as_text=True)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=LOCK_MINUTES + 1)):
        assert login(client).status_code == 302
    db.session.refresh(coordinator)
    assert coordinator.failed_logins == 0 and coordinator.locked_until is None


def test_lock_grows_with_further_failures(app_ctx, coordinator):
    from netmgr.web.signin import authenticate, lock_duration

    now = dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)
    for _ in range(MAX_FAILURES):
        assert authenticate("koordinator@lup.no", "feil", now=now) is None
    assert coordinator.locked_until == now + dt.timedelta(minutes=LOCK_MINUTES)
    later = coordinator.locked_until + dt.timedelta(seconds=1)
    assert authenticate("koordinator@lup.no", "feil", now=later) is None
    assert coordinator.locked_until == later + lock_duration(MAX_FAILURES + 1)
    assert lock_duration(MAX_FAILURES + 1) == dt.timedelta(minutes=2 * LOCK_MINUTES)
    assert lock_duration(100) == dt.timedelta(minutes=16 * LOCK_MINUTES)


def test_deactivated_user_cannot_sign_in(client, coordinator):
    coordinator.active = False
    db.session.commit()
    assert login(client).status_code == 401


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/coordinator/events?x=1", "/coordinator/events?x=1"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example", None),
    ],
)
def test_next_only_to_local_paths(client, coordinator, target, expected):
    from urllib.parse import quote

    response = login(client, next=quote(target, safe=""))
    assert response.status_code == 302
    location = response.headers["Location"]
    if expected:
        assert location == expected
    else:
        assert "evil" not in location and location.startswith("/")


def test_session_cookie_is_httponly_and_samesite(client, coordinator):
    response = login(client)
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(tmp_path):
    app = create_app(
        {"ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": f"sqlite:///{tmp_path}/p.db"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_forms_need_csrf_token(app, client, coordinator):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = login(client)
        assert refused.status_code == 400
        assert "Skjemaet var utløpt. Send det inn på nytt." in refused.get_data(as_text=True)
        html = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        response = client.post(
            "/login",
            data={"email": "koordinator@lup.no", "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302
        assert client.post("/logout").status_code == 400  # sign-out is a form too
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def restore_limiter(app):
    """The Limiter instance is shared by every app; give the session app its state back."""
    from netmgr.extensions import limiter

    yield
    limiter.reset()
    limiter.enabled = app.config["RATELIMIT_ENABLED"]


def test_login_route_is_rate_limited(database_url, tmp_path, coordinator, restore_limiter):
    limited = create_app(
        {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SCHEDULER_IN_PROCESS": False,
            "MAIL_FILE_DIR": str(tmp_path),
        }
    )
    client = limited.test_client()
    codes = [login(client, email="ukjent@lup.no", password="x").status_code for _ in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    html = login(client).get_data(as_text=True)
    assert "For mange forsøk" in html
    assert client.get("/login").status_code == 200  # only attempts are limited


def test_coordinator_pages_send_visitors_to_sign_in(app, client):
    guarded = [
        rule
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "requires_role", None)
        and "GET" in rule.methods
        and not rule.arguments
    ]
    assert guarded, "no coordinator pages registered"
    for rule in guarded:
        response = client.get(rule.rule)
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/login?next="), rule.rule


def test_signed_in_user_visiting_login_goes_on(client, coordinator):
    login(client)
    response = client.get("/login?next=/about")
    assert response.status_code == 302 and response.headers["Location"] == "/about"


def test_user_enumeration_timing_path_checks_a_hash(app_ctx, monkeypatch):
    """Unknown addresses still cost one password-hash check (same work as a real user)."""
    from netmgr.web import signin

    calls = []
    real = signin.check_password_hash
    monkeypatch.setattr(signin, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    assert signin.authenticate("ingen@lup.no", "x") is None
    assert calls == [signin._DUMMY_HASH]


def test_password_hash_is_scrypt(coordinator):
    assert coordinator.password_hash.startswith("scrypt:")
    assert isinstance(coordinator, User)
