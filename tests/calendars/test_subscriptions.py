"""Personal feeds: tokens (hashed, revocable, replaceable), the request form, the API, pages."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from netmgr.calendars import services
from netmgr.calendars.models import CalendarSubscription, hash_feed_token
from netmgr.extensions import db
from netmgr.mail.deferred import render_deferred
from netmgr.mail.models import OutboxMessage
from netmgr.networks.models import NetworkMembership
from netmgr.organizations.models import Organization
from netmgr.registration.models import Registration
from netmgr.web.hooks import fragments

from .helpers import make_event, parse_both

TOKEN_IN_LINK = re.compile(r"/calendar/subscriptions/([A-Za-z0-9_-]+)\.ics")


def personal_uids(client, token, status=200):
    resp = client.get(f"/calendar/subscriptions/{token}.ics")
    assert resp.status_code == status
    if status != 200:
        return resp
    assert resp.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in resp.headers["Cache-Control"]
    ical, vcal = parse_both(resp.data)
    assert str(ical["X-WR-CALNAME"]) == "LUP – Kautokeino"
    return {str(e["UID"]) for e in ical.walk("VEVENT")}


def test_token_is_random_hashed_and_long(app_ctx, municipality):
    sub, token = services.issue_subscription(municipality)
    db.session.commit()
    assert len(token) >= 43  # 32 random bytes, URL-safe base64: 256 bits
    assert sub.token_hash == hash_feed_token(token) != token
    stored = db.session.scalars(select(CalendarSubscription.token_hash)).all()
    assert token not in stored
    other = services.issue_subscription(municipality)[1]
    assert other != token


def test_personal_feed_scope(client, app_ctx, municipality, network, contact):
    supplier = Organization(kind="supplier", name="Leverandør AS", org_number="123456785")
    db.session.add(supplier)
    db.session.add(
        NetworkMembership(network=network, organization=municipality, joined_on=dt.date(2020, 1, 1))
    )
    db.session.commit()
    network_event = make_event("Nettverksmøte", network=network)
    registered = make_event("Åpen møteplass")
    elsewhere = make_event("Annet arrangement")
    cancelled_reg = make_event("Avmeldt")
    db.session.add_all(
        [
            Registration(event=registered, contact=contact, organization=municipality),
            Registration(
                event=cancelled_reg, contact=contact, organization=municipality, status="cancelled"
            ),
            Registration(event=elsewhere, organization=supplier),
        ]
    )
    _sub, token = services.issue_subscription(municipality, contact)
    db.session.commit()
    assert personal_uids(client, token) == {network_event.uid, registered.uid}

    # leaving the network (membership ended yesterday) takes its events out: new ETag
    first = client.get(f"/calendar/subscriptions/{token}.ics")
    membership = db.session.scalar(select(NetworkMembership))
    membership.left_on = dt.date.today() - dt.timedelta(days=1)
    db.session.commit()
    second = client.get(f"/calendar/subscriptions/{token}.ics")
    assert second.headers["ETag"] != first.headers["ETag"]
    assert personal_uids(client, token) == {registered.uid}
    # a new registration adds its event
    db.session.add(Registration(event=elsewhere, contact=contact, organization=municipality))
    db.session.commit()
    assert personal_uids(client, token) == {registered.uid, elsewhere.uid}


def test_revoked_and_unknown_tokens_give_the_same_404(client, app_ctx, municipality):
    make_event()
    sub, token = services.issue_subscription(municipality)
    db.session.commit()
    assert client.get(f"/calendar/subscriptions/{token}.ics").status_code == 200
    services.revoke_subscription(sub)
    db.session.commit()
    same_id = {"X-Request-Id": "same-request-id-0001"}  # error pages show the request id
    revoked = client.get(f"/calendar/subscriptions/{token}.ics", headers=same_id)
    fake = "x" * len(token)
    unknown = client.get(f"/calendar/subscriptions/{fake}.ics", headers=same_id)
    assert revoked.status_code == unknown.status_code == 404
    # the error page only echoes the path (language links); otherwise identical
    assert revoked.data.replace(token.encode(), fake.encode()) == unknown.data
    assert b"Kautokeino" not in revoked.data
    assert revoked.headers.get("Content-Type") == unknown.headers.get("Content-Type")


def test_replace_gives_new_link_and_kills_old(client, app_ctx, municipality):
    make_event()
    old, old_token = services.issue_subscription(municipality)
    db.session.commit()
    new, new_token = services.replace_subscription(old)
    db.session.commit()
    assert old.revoked_at is not None and old.replaced_by_id == new.id
    assert client.get(f"/calendar/subscriptions/{old_token}.ics").status_code == 404
    assert client.get(f"/calendar/subscriptions/{new_token}.ics").status_code == 200


def _requests(email: str):
    """What the mail sender finds for a request: the composed rows (deferred ones composed)."""
    render_deferred()
    db.session.commit()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_request_form_mails_link_to_known_contact(client, app_ctx, contact):
    make_event()
    resp = client.post("/calendar/personal", data={"email": "  AILE@kautokeino.kommune.no "})
    assert resp.status_code == 200
    known_page = resp.data
    (msg,) = _requests("aile@kautokeino.kommune.no")
    assert msg.to_address == "aile@kautokeino.kommune.no"
    assert msg.kind == "calendar.subscription" and msg.contact_id == contact.id
    assert "Kautokeino" in msg.body_text
    token = TOKEN_IN_LINK.search(msg.body_text).group(1)
    assert f"webcal://netmgr.test/calendar/subscriptions/{token}.ics" in msg.body_text
    assert f"http://netmgr.test/calendar/subscriptions/{token}.ics" in msg.body_html
    assert client.get(f"/calendar/subscriptions/{token}.ics").status_code == 200
    sub = db.session.scalar(select(CalendarSubscription))
    assert sub.contact_id == contact.id and sub.organization_id == contact.organization_id

    # the same answer for an unknown address, and nothing is kept once the sender looked
    resp = client.post("/calendar/personal", data={"email": "ukjent@example.no"})
    assert resp.status_code == 200
    assert resp.data == known_page
    assert len(_requests("ukjent@example.no")) == 1
    # an immediate repeat for the known address answers the same, without a second mail
    resp = client.post("/calendar/personal", data={"email": "aile@kautokeino.kommune.no"})
    assert resp.data == known_page
    assert len(_requests("aile@kautokeino.kommune.no")) == 1


def test_known_and_unknown_addresses_cost_the_same(client, app_ctx, contact, count_queries):
    """Issue 12.7: the request runs the same statements for a known and an unknown address
    (so its timing tells nothing); the lookup happens later, in the mail sender."""
    answers, statements = [], []
    for email in ("aile@kautokeino.kommune.no", "ukjent@example.no"):
        with count_queries() as seen:
            resp = client.post("/calendar/personal", data={"email": email})
        headers = {k: v for k, v in resp.headers.items() if k.lower() != "x-request-id"}
        answers.append((resp.status_code, resp.data, headers))
        statements.append(seen)
    assert answers[0] == answers[1]
    assert statements[0] == statements[1] and len(statements[0]) >= 1
    assert not any("contacts" in s for s in statements[0])  # no lookup in the request
    rows = _requests("")
    assert [r.to_address for r in rows] == ["aile@kautokeino.kommune.no"]


def test_request_form_rejects_bad_address(client, app_ctx):
    resp = client.post("/calendar/personal", data={"email": "ikke-en-adresse"})
    assert resp.status_code == 422
    assert "gyldig e-postadresse" in resp.get_data(as_text=True)
    assert db.session.query(OutboxMessage).count() == 0


def test_subscription_page_gives_links_for_each_scope(client, app_ctx, network):
    page = client.get("/calendar").get_data(as_text=True)
    assert "webcal://netmgr.test/calendar/all.ics" in page
    assert "http://netmgr.test/calendar/all.ics" in page
    for word in ("Outlook", "Google", "Apple"):
        assert word in page
    cases = {
        "scope=network&network=velferd": "/calendar/networks/velferd.ics",
        "scope=theme&theme=mobility": "/calendar/themes/mobility.ics",
        "scope=county&county=56": "/calendar/counties/56.ics",
    }
    for query, path in cases.items():
        page = client.get(f"/calendar?{query}").get_data(as_text=True)
        assert f"webcal://netmgr.test{path}" in page, query
        assert f"http://netmgr.test{path}" in page, query
    page = client.get("/calendar?scope=network&network=finnes-ikke")
    assert page.status_code == 200
    assert "webcal://" not in page.get_data(as_text=True)


def test_api_requires_coordinator_token(client, app_ctx, municipality):
    assert (
        client.get(f"/api/v1/calendar/organizations/{municipality.id}/subscriptions").status_code
        == 401
    )
    assert (
        client.post(f"/api/v1/calendar/organizations/{municipality.id}/subscriptions").status_code
        == 401
    )


def test_api_issue_list_replace_revoke(client, app_ctx, api_headers, contact):
    make_event()
    org_id = contact.organization_id
    resp = client.post(
        f"/api/v1/calendar/organizations/{org_id}/subscriptions", headers=api_headers
    )
    assert resp.status_code == 201
    first = resp.get_json()
    token = TOKEN_IN_LINK.search(first["https"]).group(1)
    assert first["webcal"].startswith("webcal://")
    assert client.get(f"/calendar/subscriptions/{token}.ics").status_code == 200
    listing = client.get(
        f"/api/v1/calendar/organizations/{org_id}/subscriptions", headers=api_headers
    ).get_json()["subscriptions"]
    assert [s["id"] for s in listing] == [first["subscription"]["id"]]
    assert "token" not in str(listing) or token not in str(listing)

    # a contact's link replaced and mailed to the contact
    sub, contact_token = services.issue_subscription(contact.organization, contact)
    db.session.commit()
    resp = client.post(
        f"/api/v1/calendar/subscriptions/{sub.id}/replace",
        headers=api_headers,
        json={"notify": True},
    )
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["mailed"] is True and body["replaced"]["active"] is False
    new_token = TOKEN_IN_LINK.search(body["https"]).group(1)
    assert client.get(f"/calendar/subscriptions/{contact_token}.ics").status_code == 404
    assert client.get(f"/calendar/subscriptions/{new_token}.ics").status_code == 200
    (msg,) = db.session.scalars(select(OutboxMessage)).all()
    assert new_token in msg.body_text
    again = client.post(f"/api/v1/calendar/subscriptions/{sub.id}/replace", headers=api_headers)
    assert again.status_code == 409

    resp = client.post(
        f"/api/v1/calendar/organizations/{org_id}/subscriptions/revoke", headers=api_headers
    )
    assert resp.get_json()["revoked"] == 2
    assert client.get(f"/calendar/subscriptions/{token}.ics").status_code == 404
    assert client.get(f"/calendar/subscriptions/{new_token}.ics").status_code == 404
    assert (
        client.post("/api/v1/calendar/subscriptions/9999/revoke", headers=api_headers).status_code
        == 404
    )
    assert (
        client.get(
            "/api/v1/calendar/organizations/9999/subscriptions", headers=api_headers
        ).status_code
        == 404
    )


def test_event_page_calendar_links(app, app_ctx):
    event = make_event(
        "Møte på Kárášjohka",
        location="Samediggi",
        start=dt.datetime(2027, 6, 15, 8, 0, tzinfo=dt.UTC),
    )
    with app.test_request_context("/"):
        html = fragments("event-page", event=event)
    assert "Legg til i kalender" in html
    assert f'href="/events/{event.id}.ics"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "dates=20270615T080000Z%2F20270615T100000Z" in html
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html
    assert "startdt=2027-06-15T08%3A00%3A00Z" in html
    assert "M%C3%B8te+p%C3%A5+K%C3%A1r%C3%A1%C5%A1johka" in html
    draft = make_event("Utkast", status="draft")
    with app.test_request_context("/"):
        assert "Legg til" not in fragments("event-page", event=draft)


def test_event_page_shows_links(client, app_ctx):
    event = make_event("Synlig møte")
    resp = client.get(f"/events/{event.id}")
    assert resp.status_code == 200
    assert f"/events/{event.id}.ics" in resp.get_data(as_text=True)


def test_coordinator_page_revokes_and_replaces(client, app_ctx, coordinator, contact):
    make_event()
    sub, token = services.issue_subscription(contact.organization, contact)
    other, other_token = services.issue_subscription(contact.organization)
    db.session.commit()
    assert client.get("/coordinator/calendar/subscriptions").status_code == 302  # sign in first
    login = client.post(
        "/login", data={"email": coordinator.email, "password": "riktig-passord-123"}
    )
    assert login.status_code in (302, 303)
    page = client.get("/coordinator/calendar/subscriptions").get_data(as_text=True)
    assert "Kautokeino" in page and sub.prefix in page and token not in page

    resp = client.post(f"/coordinator/calendar/subscriptions/{sub.id}/replace")
    assert resp.status_code == 302
    assert client.get(f"/calendar/subscriptions/{token}.ics").status_code == 404
    (msg,) = db.session.scalars(select(OutboxMessage)).all()
    new_token = TOKEN_IN_LINK.search(msg.body_text).group(1)
    assert client.get(f"/calendar/subscriptions/{new_token}.ics").status_code == 200

    client.post(f"/coordinator/calendar/subscriptions/{other.id}/revoke")
    assert client.get(f"/calendar/subscriptions/{other_token}.ics").status_code == 404
    assert client.post("/coordinator/calendar/subscriptions/999/revoke").status_code == 404


def test_subscription_page_shows_production_addresses_and_a_copy_button(app, client, app_ctx):
    """Issue 17, item 13: https when the installation says so (or the request came over
    https through the trusted proxy), a copy button driven by the static script, and
    "Kalender" in the main navigation."""
    page = client.get("/calendar").get_data(as_text=True)
    assert 'id="plain-http-note"' in page  # the laptop demo says what production shows
    assert 'data-copy="https-link"' in page and "<script>" not in page
    assert 'href="/calendar">Kalender</a>' in page
    secure = client.get("/calendar", base_url="https://netmgr.test").get_data(as_text=True)
    assert 'value="https://netmgr.test/calendar/all.ics"' in secure
    assert "webcal://netmgr.test/calendar/all.ics" in secure
    assert "Nettadresse (https)" in secure and 'id="plain-http-note"' not in secure
    app.config["PREFERRED_URL_SCHEME"] = "https"
    try:
        page = client.get("/calendar").get_data(as_text=True)
        assert 'value="https://netmgr.test/calendar/all.ics"' in page
    finally:
        app.config["PREFERRED_URL_SCHEME"] = "http"


def test_network_page_links_its_calendar(client, app_ctx, network):
    page = client.get(f"/networks/{network.slug}").get_data(as_text=True)
    assert 'id="network-calendar-heading"' in page
    assert f"webcal://netmgr.test/calendar/networks/{network.slug}.ics" in page
    assert f"/calendar?scope=network&amp;network={network.slug}" in page
