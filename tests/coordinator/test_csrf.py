"""CSRF is on in production: a POST without the token is refused and writes nothing."""

import re

from sqlalchemy import select

from netmgr.extensions import db
from netmgr.networks.models import Network, Theme


def test_post_without_csrf_token_is_refused(app, coord_client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    theme_id = db.session.scalar(select(Theme.id).where(Theme.slug == "mobility"))
    data = {"name": "Mobilitet", "slug": "mobilitet", "theme": str(theme_id), "active": "y"}

    refused = coord_client.post("/coordinator/networks/new", data=data)
    assert refused.status_code == 400
    assert db.session.scalar(select(Network)) is None

    # The same POST with the token from the form goes through
    page = coord_client.get("/coordinator/networks/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert token, "the form carries a CSRF token"
    accepted = coord_client.post(
        "/coordinator/networks/new", data={**data, "csrf_token": token.group(1)}
    )
    assert accepted.status_code == 302
    assert db.session.scalar(select(Network.slug)) == "mobilitet"


def test_every_coordinator_form_renders_a_csrf_token(app, admin_client, admin_user, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    for url in (
        "/coordinator/events/new",
        "/coordinator/networks/new",
        "/coordinator/admin/users/new",
        f"/coordinator/admin/users/{admin_user.id}",
    ):
        html = admin_client.get(url).get_data(as_text=True)
        forms = re.findall(r'<form[^>]*method="post".*?</form>', html, flags=re.S)
        assert forms, url
        for form in forms:
            assert re.search(r'name="([\w-]+-)?csrf_token"', form), (url, form[:120])
