"""Admin pages: users, passwords, API tokens; coordinators are kept out."""

from sqlalchemy import select

from netmgr.auth.models import ApiToken, User, hash_token
from netmgr.extensions import db


def test_coordinator_gets_403_on_admin_pages(coord_client, coordinator):
    for url in (
        "/coordinator/admin/users",
        "/coordinator/admin/users/new",
        f"/coordinator/admin/users/{coordinator.id}",
    ):
        assert coord_client.get(url).status_code == 403
    assert (
        coord_client.post(
            f"/coordinator/admin/users/{coordinator.id}/tokens", data={"token-name": "x"}
        ).status_code
        == 403
    )
    assert db.session.scalar(select(ApiToken)) is None


def test_admin_creates_user_who_can_then_sign_in(admin_client, client):
    response = admin_client.post(
        "/coordinator/admin/users/new",
        data={
            "email": "Ny.Koordinator@LUP.no",
            "name": "Ny Koordinator",
            "role": "coordinator",
            "password": "et-langt-passord",
            "confirm": "et-langt-passord",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "ny.koordinator@lup.no"))
    assert user.role == "coordinator" and user.check_password("et-langt-passord")
    assert "ny.koordinator@lup.no" in admin_client.get("/coordinator/admin/users").get_data(
        as_text=True
    )


def test_invalid_user_form_saves_nothing(admin_client):
    response = admin_client.post(
        "/coordinator/admin/users/new",
        data={
            "email": "ikke-en-adresse",
            "name": "",
            "role": "coordinator",
            "password": "kort",
            "confirm": "annet",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field in ("email", "name", "password", "confirm"):
        assert f'id="{field}-error"' in html
    assert db.session.scalar(select(User.id).where(User.email != "admin@lup.no")) is None


def test_duplicate_email_is_shown_at_the_field(admin_client, coordinator):
    response = admin_client.post(
        "/coordinator/admin/users/new",
        data={
            "email": coordinator.email,
            "name": "X",
            "role": "admin",
            "password": "et-langt-passord",
            "confirm": "et-langt-passord",
        },
    )
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)


def test_deactivate_and_reset_password(admin_client, coordinator, app, sign_in):
    url = f"/coordinator/admin/users/{coordinator.id}"
    assert admin_client.post(f"{url}/active").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, coordinator.id).active is False
    # A deactivated user's session no longer opens coordinator pages
    other = sign_in(app.test_client(), coordinator)
    assert other.get("/coordinator/").status_code in (302, 401)

    bad = admin_client.post(f"{url}/password", data={"pw-password": "kort", "pw-confirm": "kort"})
    assert bad.status_code == 422 and 'id="pw-password-error"' in bad.get_data(as_text=True)
    assert (
        admin_client.post(
            f"{url}/password",
            data={"pw-password": "helt-nytt-passord", "pw-confirm": "helt-nytt-passord"},
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(User, coordinator.id).check_password("helt-nytt-passord")


def test_admin_cannot_deactivate_themselves(admin_client, admin_user):
    response = admin_client.post(f"/coordinator/admin/users/{admin_user.id}/active")
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, admin_user.id).active is True


def test_token_shown_once_listed_by_prefix_and_revoked(admin_client, coordinator, client):
    url = f"/coordinator/admin/users/{coordinator.id}"
    response = admin_client.post(f"{url}/tokens", data={"token-name": "Rapportskript"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start = html.index('<code id="new-token">') + len('<code id="new-token">')
    secret = html[start : html.index("</code>", start)]
    token = db.session.scalar(select(ApiToken))
    assert token.token_hash == hash_token(secret) and secret.startswith(token.prefix)
    # Never shown again
    assert secret not in admin_client.get(url).get_data(as_text=True)
    assert token.prefix in admin_client.get(url).get_data(as_text=True)

    assert admin_client.post(f"{url}/tokens/{token.id}/revoke").status_code == 302
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    assert "Trukket tilbake" in admin_client.get(url).get_data(as_text=True)


def test_token_of_another_user_is_404(admin_client, admin_user, coordinator):
    token, _ = ApiToken.issue(admin_user, name="admin")
    db.session.commit()
    response = admin_client.post(
        f"/coordinator/admin/users/{coordinator.id}/tokens/{token.id}/revoke"
    )
    assert response.status_code == 404
