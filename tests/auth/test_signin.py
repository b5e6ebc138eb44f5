"""Sign-in, sign-out, throttling without lock-out, redirects and session cookies."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
import time_machine

from netmgr import create_app
from netmgr.auth.models import User
from netmgr.auth.signin import ACCOUNT_CEILING, PAIR_LIMIT, PAIR_LIMIT_OVER_CEILING, WINDOW
from netmgr.extensions import db

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
    assert coordinator.last_login_at is not None
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


def login_from(client, address, email="koordinator@lup.no", password=PASSWORD):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_overrides={"REMOTE_ADDR": address},
    )


def test_guessing_from_one_address_is_throttled_but_the_owner_gets_in(client, app, coordinator):
    for _ in range(PAIR_LIMIT):
        assert login_from(client, "203.0.113.9", password="feil").status_code == 401
    # The guessing address is refused even with the right password, with the same message.
    refused = login_from(client, "203.0.113.9")
    assert refused.status_code == 401 and GENERIC in refused.get_data(as_text=True)
    # The owner, from their own address, is not kept out.
    assert login_from(app.test_client(), "198.51.100.7").status_code == 302
    # The guessing address may try again once the window has passed.
    with time_machine.travel(dt.datetime.now(dt.UTC) + WINDOW + dt.timedelta(minutes=1)):
        assert login_from(app.test_client(), "203.0.113.9").status_code == 302


def test_many_addresses_slow_guessing_but_never_lock_the_account(app, coordinator):
    """Over the per-account ceiling each address gets fewer tries; a fresh one still gets in."""
    guesses = 0
    for n in range(ACCOUNT_CEILING // PAIR_LIMIT + 1):
        for _ in range(PAIR_LIMIT):
            login_from(app.test_client(), f"203.0.113.{n}", password="feil")
            guesses += 1
    assert guesses > ACCOUNT_CEILING
    # A new address that guesses is now stopped after PAIR_LIMIT_OVER_CEILING failures
    attacker = app.test_client()
    for _ in range(PAIR_LIMIT_OVER_CEILING):
        assert login_from(attacker, "192.0.2.1", password="feil").status_code == 401
    assert login_from(attacker, "192.0.2.1").status_code == 401  # right password, throttled
    # ... while the owner, with the right password from another address, signs in at once.
    assert login_from(app.test_client(), "198.51.100.7").status_code == 302


def test_unknown_addresses_are_throttled_like_known_ones(client, app_ctx):
    """The throttle does not tell which addresses have accounts."""
    codes = [
        login_from(client, "203.0.113.9", email="ingen@lup.no", password="x").status_code
        for _ in range(PAIR_LIMIT + 1)
    ]
    assert codes == [401] * (PAIR_LIMIT + 1)
    from netmgr.auth.models import SignInFailure

    assert db.session.query(SignInFailure).count() == PAIR_LIMIT
    stored = {(f.account_key, f.address_key) for f in db.session.query(SignInFailure)}
    assert all("ingen" not in a and "203.0" not in b for a, b in stored)  # keyed hashes only


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
    from netmgr.auth import signin

    calls = []
    real = signin.check_password_hash
    monkeypatch.setattr(signin, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    with app_ctx.test_request_context():
        assert signin.authenticate("ingen@lup.no", "x", "127.0.0.1") is None
    assert calls == [signin._DUMMY_HASH]


def test_password_hash_is_scrypt(coordinator):
    assert coordinator.password_hash.startswith("scrypt:")
    assert isinstance(coordinator, User)
