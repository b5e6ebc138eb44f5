"""Single sign-on with OpenID Connect against a real provider (oidc-provider-mock) on loopback:
the whole flow, a token from the wrong issuer, a wrong nonce and an unknown e-mail address."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import select

from netmgr import create_app
from netmgr.auth.models import UserSession
from netmgr.core.audit import AuditEntry
from netmgr.extensions import db

PROVIDER_USERS = [
    ProviderUser(sub="kari", claims={"email": "Koordinator@LUP.no"}),
    ProviderUser(sub="ola", claims={"email": "ola@ukjent.no"}),
]


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(user_claims=PROVIDER_USERS) as server:
        yield server.server_port


@pytest.fixture
def sso_app(database_url, tmp_path, provider, monkeypatch, app):
    """An app of its own with single sign-on configured (the session app has none)."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider speaks plain http

    def make(**extra):
        return create_app(
            {
                "TESTING": True,
                "ENV": "testing",
                "SECRET_KEY": secrets.token_urlsafe(32),
                "DATABASE_URL": database_url,
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "SCHEDULER_IN_PROCESS": False,
                "MAIL_FILE_DIR": str(tmp_path),
                "BASE_URL": "http://netmgr.test",
                "OIDC_ISSUER": f"http://localhost:{provider}",
                "OIDC_CLIENT_ID": "netmgr",
                "OIDC_CLIENT_SECRET": "hemmelig",
                **extra,
            }
        )

    return make


def sign_in_at_provider(client, sub, *, rewrite=None):
    """Press the button, sign in at the provider as ``sub``, come back; the final answer."""
    start = client.post("/login/sso?next=/coordinator/events")
    assert start.status_code == 302
    authorize = start.headers["Location"]
    if rewrite:
        authorize = rewrite(authorize)
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:300]
    back = urlsplit(answer.headers["Location"])
    assert back.netloc == "netmgr.test" and back.path == "/login/sso/callback"
    return client.get(f"{back.path}?{back.query}")


def with_query(url, **changes):
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def actions():
    db.session.expire_all()
    return [
        (e.action, (e.data or {}).get("reason")) for e in db.session.scalars(select(AuditEntry))
    ]


def test_the_login_page_offers_the_button_only_when_configured(client, sso_app):
    assert "Logg inn med organisasjonskontoen" not in client.get("/login").get_data(as_text=True)
    html = sso_app().test_client().get("/login").get_data(as_text=True)
    assert "Logg inn med organisasjonskontoen" in html


def test_a_known_address_signs_in(sso_app, coordinator):
    client = sso_app().test_client()
    response = sign_in_at_provider(client, "kari")
    assert response.status_code == 302 and response.headers["Location"] == "/coordinator/events"
    assert client.get("/coordinator/").status_code == 200
    row = db.session.scalar(select(UserSession))
    assert row.user_id == coordinator.id and row.method == "oidc"
    assert ("auth.signed_in", None) in actions()
    # Sign-out ends the single sign-on session like any other
    client.post("/logout")
    assert client.get("/coordinator/").status_code == 302


def test_an_unknown_address_gets_no_account(sso_app, coordinator):
    client = sso_app().test_client()
    response = sign_in_at_provider(client, "ola")
    assert response.status_code == 403
    assert "ingen aktiv bruker" in response.get_data(as_text=True)
    assert client.get("/coordinator/").status_code == 302
    from netmgr.auth.models import User

    assert db.session.scalar(select(User).where(User.email == "ola@ukjent.no")) is None
    assert ("auth.sign_in_failed", "oidc_no_account") in actions()


def test_a_deactivated_account_cannot_sign_in(sso_app, coordinator):
    coordinator.active = False
    db.session.commit()
    client = sso_app().test_client()
    assert sign_in_at_provider(client, "kari").status_code == 403


def test_a_wrong_nonce_is_refused(sso_app, coordinator):
    client = sso_app().test_client()
    response = sign_in_at_provider(
        client, "kari", rewrite=lambda url: with_query(url, nonce="not-the-one-we-sent")
    )
    assert "nonce" in urlsplit(client.post("/login/sso").headers["Location"]).query
    assert response.status_code == 401
    assert "avvist" in response.get_data(as_text=True)
    assert client.get("/coordinator/").status_code == 302
    assert db.session.scalar(select(UserSession)) is None
    assert ("auth.sign_in_failed", "oidc_invalid") in actions()


def test_a_token_from_another_issuer_is_refused(sso_app, provider, coordinator, caplog):
    """The provider names itself after the host it is reached at: fetched as 127.0.0.1, its
    tokens say ``iss: http://127.0.0.1:…`` while netmgr trusts only http://localhost:…"""
    app = sso_app(OIDC_METADATA_URL=f"http://127.0.0.1:{provider}/.well-known/openid-configuration")
    client = app.test_client()
    with caplog.at_level("INFO", logger="netmgr"):
        response = sign_in_at_provider(client, "kari")
    assert response.status_code == 401
    assert "Invalid claim: 'iss'" in caplog.text  # refused for its iss, not anything else
    assert client.get("/coordinator/").status_code == 302
    assert db.session.scalar(select(UserSession)) is None


def test_a_forged_callback_without_our_state_is_refused(sso_app, coordinator):
    client = sso_app().test_client()
    response = client.get("/login/sso/callback?code=abc&state=made-up")
    assert response.status_code == 401
    assert client.get("/coordinator/").status_code == 302
