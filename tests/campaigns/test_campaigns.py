"""Campaigns end to end: recipients, preview, send, real SMTP, RSVP links, opt-out, stats."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy import func, select

from netmgr.campaigns import services
from netmgr.campaigns.models import CampaignRecipient
from netmgr.core.errors import ServiceError
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.mail.sender import drain_outbox
from netmgr.networks.models import Network, NetworkMembership, Theme
from netmgr.registration.models import Registration


def _links(msg):
    text = msg.get_body(("plain",)).get_content()
    accept = re.search(r"(http://netmgr\.test/rsvp/accept/\S+)", text).group(1)
    decline = re.search(r"(http://netmgr\.test/rsvp/decline/\S+)", text).group(1)
    unsub = re.search(r"(http://netmgr\.test/mail/unsubscribe/\S+)", text).group(1)
    return accept, decline, unsub


def _path(url):
    return url.replace("http://netmgr.test", "")


def test_recipient_selection_counts_opted_out_and_lists_orgs_without_contacts(factory, coordinator):
    import datetime as dt

    event = factory.event()
    small_nn = factory.org(standard="nn", county="46", population=900)
    big = factory.org(standard="nb", county="46", population=50000)
    other_county = factory.org(standard="nn", county="18", population=900)
    empty = factory.org(standard="nn", county="46", population=1200, name="Aaa uten kontakt")
    a = factory.contact(small_nn)
    factory.contact(small_nn, opted_out=True)
    factory.contact(big)
    factory.contact(other_county)
    member_org = factory.org(county="03", population=700000)
    member = factory.contact(member_org)
    theme = db.session.scalars(select(Theme)).first()
    net = Network(slug="vt", name="Velferdsteknologi", theme_id=theme.id)
    db.session.add(net)
    db.session.flush()
    db.session.add(
        NetworkMembership(
            network_id=net.id, organization_id=member_org.id, joined_on=dt.date(2020, 1, 1)
        )
    )
    single = factory.contact(factory.org(kind="supplier", name="Leverandør AS"), language="en")
    campaign = services.create_campaign(
        event,
        {
            "contacts": [single.id],
            "networks": [net.id],
            "municipalities": {"county_number": "46", "population_max": 5000},
        },
        criteria={"source": "test"},
        user=coordinator,
    )
    db.session.commit()
    ids = set(
        db.session.scalars(
            select(CampaignRecipient.contact_id).where(CampaignRecipient.campaign_id == campaign.id)
        )
    )
    assert ids == {a.id, member.id, single.id}
    assert campaign.opted_out_count == 1
    assert campaign.orgs_without_contacts == [{"id": empty.id, "name": "Aaa uten kontakt"}]
    assert campaign.criteria == {"source": "test"}
    langs = dict(
        db.session.execute(select(CampaignRecipient.contact_id, CampaignRecipient.language)).all()
    )
    assert langs == {a.id: "nn", member.id: "nb", single.id: "en"}


def test_bad_recipient_spec_is_refused(factory):
    event = factory.event()
    for spec in (
        None,
        {},
        {"whatever": [1]},
        {"contacts": ["x"]},
        {"municipalities": {"population_min": "many"}},
    ):
        with pytest.raises(ServiceError):
            services.create_campaign(event, spec)
    db.session.rollback()


def test_invitation_over_smtp_accept_twice_decline_unsubscribe(
    app, factory, coordinator, smtp_server, client
):
    event = factory.event(coordinator=coordinator, capacity=10)
    nn = factory.contact(factory.org(standard="nn"), name="Nils Nynorsk")
    nb = factory.contact(factory.org(standard="nb"), name="Berit Bokmål")
    campaign = services.create_campaign(event, [nn.id, nb.id], user=coordinator)
    db.session.commit()
    # one clock second for preview and send: the signed links carry their issue time
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False):
        previews = services.preview(campaign)
        assert [(p["language"], p["count"]) for p in previews] == [("nb", 1), ("nn", 1)]
        assert services.send_campaign(campaign, user=coordinator) == 2
        db.session.commit()
        assert services.send_campaign(campaign) == 0  # already sent: nothing twice
        db.session.commit()

    assert drain_outbox(app).sent == 2
    smtp_server.wait_for(2)
    by_to = {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages}
    msg = by_to[nn.email]
    assert msg["Content-Language"] == "nn"
    assert msg["Reply-To"] == coordinator.email
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    cal_part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
    assert cal_part.get_param("method") == "REQUEST"
    cal = Calendar.from_ical(cal_part.get_payload(decode=True))
    (ve,) = cal.events
    assert str(ve["uid"]) == event.uid and int(ve["sequence"]) == event.sequence
    assert str(ve["attendee"]) == "mailto:" + nn.email
    assert ve["attendee"].params["RSVP"] == "TRUE"
    assert ve["attendee"].params["CN"] == "Nils Nynorsk"
    # the preview is the exact message (apart from the personal parts of the sample)
    nn_preview = next(p for p in previews if p["language"] == "nn")
    assert msg["Subject"] == nn_preview["subject"]
    assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n") == nn_preview["text"]

    accept, decline, unsub = _links(msg)
    assert client.get(_path(accept)).status_code == 200  # confirmation page, no change yet
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    for _ in range(2):  # following the link twice does no harm
        page = client.post(_path(accept))
        assert page.status_code == 200
        assert 'data-status="confirmed"' in page.get_data(as_text=True)
    assert 'data-already="true"' in page.get_data(as_text=True)
    # a second click on the link says so, instead of asking again (issue 17, bug 6)
    again = client.get(_path(accept)).get_data(as_text=True)
    assert "Bekreft at du kommer" not in again and 'data-already="true"' in again
    assert "/registrations/" in again  # the person's own registration page
    db.session.expire_all()
    regs = list(db.session.scalars(select(Registration)))
    assert [(r.contact_id, r.status, r.source) for r in regs] == [
        (nn.id, "confirmed", "invitation")
    ]
    # an accept token is no decline token (single purpose)
    token = accept.rsplit("/", 1)[1]
    assert client.post(f"/rsvp/decline/{token}").status_code == 404
    assert client.post(_path(accept) + "x").status_code == 404

    b_accept, b_decline, b_unsub = _links(by_to[nb.email])
    assert client.post(_path(b_decline)).status_code == 200
    assert client.post(_path(b_decline)).status_code == 200
    again = client.get(_path(b_decline)).get_data(as_text=True)
    assert "Bekreft at du ikke kommer" not in again and 'data-already="true"' in again
    db.session.expire_all()
    stats = services.stats(campaign)
    assert (stats["delivered"], stats["accepted"], stats["declined"], stats["none"]) == (2, 1, 1, 0)

    # one-click unsubscribe (RFC 8058 POST) sets opted_out; next campaign leaves them out
    assert client.post(_path(b_unsub), data={"List-Unsubscribe": "One-Click"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(type(nb), nb.id).opted_out is True
    second = services.create_campaign(event, [nn.id, nb.id], user=coordinator)
    db.session.commit()
    assert second.opted_out_count == 1
    assert services.send_campaign(second) == 1
    db.session.commit()


def test_resend_only_to_non_responders_and_failed_reason_on_page(
    app, factory, coordinator, smtp_server, client
):
    event = factory.event(coordinator=coordinator)
    contacts = [factory.contact() for _ in range(3)]
    smtp_server.refuse[contacts[2].email] = "550 5.1.1 Unknown user"
    campaign = services.create_campaign(event, [c.id for c in contacts], user=coordinator)
    services.send_campaign(campaign)
    db.session.commit()
    drain_outbox(app)
    smtp_server.wait_for(2)
    accept, _, _ = _links(
        next(m for m in smtp_server.messages if m["To"].addresses[0].addr_spec == contacts[0].email)
    )
    client.post(_path(accept))
    db.session.expire_all()
    assert services.send_campaign(campaign, only_non_responders=True) == 2
    db.session.commit()
    kinds = db.session.execute(
        select(OutboxMessage.to_address, OutboxMessage.kind).where(
            OutboxMessage.kind == "campaign.reminder"
        )
    ).all()
    assert sorted(a for a, _ in kinds) == sorted([contacts[1].email, contacts[2].email])

    client.post("/login", data={"email": coordinator.email, "password": "riktig-passord-123"})
    drain_outbox(app)
    page = client.get(f"/coordinator/campaigns/{campaign.id}").get_data(as_text=True)
    assert "550 5.1.1 Unknown user" in page
    assert 'id="stat-accepted">1<' in page


def test_coordinator_creates_previews_and_sends_via_pages(app, factory, coordinator, client):
    event = factory.event(coordinator=coordinator)
    c1 = factory.contact(factory.org(standard="nn"))
    c2 = factory.contact()
    db.session.commit()
    client.post("/login", data={"email": coordinator.email, "password": "riktig-passord-123"})
    bad = client.post("/coordinator/campaigns/new", data={"event_id": event.id})
    assert bad.status_code == 422
    assert "Velg minst én mottaker" in bad.get_data(as_text=True)
    ok = client.post(
        "/coordinator/campaigns/new",
        data={"event_id": event.id, "contacts": f"{c1.email}, {c2.email}"},
    )
    assert ok.status_code == 302
    detail = client.get(ok.headers["Location"]).get_data(as_text=True)
    assert "Invitasjon: " + event.title in detail
    assert 'id="stat-recipients">2<' in detail
    event_page = client.get(f"/coordinator/events/{event.id}").get_data(as_text=True)
    assert ok.headers["Location"] in event_page and "Ny invitasjon" in event_page
    sent = client.post(ok.headers["Location"] + "/send")
    assert sent.status_code == 302
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


def test_ten_thousand_outbox_rows_without_query_per_row(app, factory):
    """Bulk path: the number of statements does not grow with the recipients."""
    from sqlalchemy import event as sa_event

    from netmgr.organizations.models import Contact

    event = factory.event()
    org = factory.org()
    db.session.execute(
        Contact.__table__.insert(),
        [
            {
                "organization_id": org.id,
                "name": f"P {i}",
                "email": f"p{i}@bulk.example.no",
                "opted_out": False,
                "created_at": event.created_at,
                "updated_at": event.created_at,
            }
            for i in range(2500)
        ],
    )
    db.session.commit()
    statements = []

    def count(*_args, **_kw):
        statements.append(1)

    engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        campaign = services.create_campaign(event, {"organizations": [org.id]})
        services.send_campaign(campaign)
        db.session.commit()
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2500
    assert len(statements) < 60, len(statements)


def test_invitation_overrides_members_only_but_not_capacity_or_window(app, factory, client):
    import datetime as dt

    from netmgr.campaigns.rsvp import record_response
    from netmgr.core.timeutil import utcnow

    event = factory.event(capacity=1)
    event.members_only = True
    first, second, late = factory.contact(), factory.contact(), factory.contact()
    campaign = services.create_campaign(event, [first.id, second.id, late.id])
    db.session.commit()
    assert record_response(event, first, "accepted").registration.status == "confirmed"
    assert record_response(event, second, "accepted").registration.status == "waitlisted"
    event.registration_closes_at = utcnow() - dt.timedelta(minutes=1)
    event.registration_opens_at = utcnow() - dt.timedelta(days=1)
    with pytest.raises(ServiceError):
        record_response(event, late, "accepted")
    # already registered: answering again is harmless even after the deadline
    assert record_response(event, first, "accepted").changed is False
    db.session.rollback()
    assert campaign.id


def test_schedule_campaign_rules_and_due_list(factory):
    import datetime as dt

    from netmgr.core.timeutil import utcnow

    event = factory.event()
    campaign = services.create_campaign(event, [factory.contact().id])
    with pytest.raises(ServiceError):
        services.schedule_campaign(campaign, utcnow() - dt.timedelta(hours=1))
    with pytest.raises(ServiceError):
        services.schedule_campaign(campaign, dt.datetime(2030, 1, 1))  # naive
    when = utcnow() + dt.timedelta(hours=2)
    services.schedule_campaign(campaign, when)
    db.session.commit()
    assert campaign.status == "scheduled"
    assert services.due_campaigns(utcnow()) == []
    assert services.due_campaigns(when + dt.timedelta(seconds=1)) == [campaign]
    assert services.send_campaign(campaign) == 1  # what the scheduler's job calls
    db.session.commit()
    assert campaign.status == "sent"
    with pytest.raises(ServiceError):
        services.schedule_campaign(campaign, when)


def test_unsubscribe_page_and_expired_or_forged_tokens(app, factory, client):
    import datetime as dt

    import time_machine

    from netmgr.core.timeutil import utcnow
    from netmgr.mail.tokens import rsvp_urls, unsubscribe_url

    contact = factory.contact()
    event = factory.event()
    db.session.commit()
    url = _path(unsubscribe_url(contact))
    page = client.get(url)
    assert page.status_code == 200 and "Meld meg av" in page.get_data(as_text=True)
    db.session.expire_all()
    assert contact.opted_out is False  # a GET (link scanner) changes nothing
    assert client.get(url[:-3] + "abc").status_code == 404
    accept = _path(rsvp_urls(event.id, contact.id)["accept_url"])
    with time_machine.travel(utcnow() + dt.timedelta(days=800), tick=False):
        assert client.post(url).status_code == 410
        assert client.post(accept).status_code == 410
    assert client.post(url).status_code == 200
    db.session.expire_all()
    assert contact.opted_out is True and contact.opted_out_at is not None


def test_campaign_form_offers_upcoming_published_events_nearest_first(factory, coordinator, client):
    """Issue 17, bug 4: no drafts and no past events, the nearest first, with the date."""
    later = factory.event(title="Senere samling")
    sooner = factory.event(title="Snarlig samling")
    sooner.starts_at = utcnow() + dt.timedelta(days=2)
    sooner.ends_at = sooner.starts_at + dt.timedelta(hours=2)
    factory.event(title="Utkast samling", status="draft")
    past = factory.event(title="Gammel samling")
    past.starts_at = utcnow() - dt.timedelta(days=20)
    past.ends_at = past.starts_at + dt.timedelta(hours=2)
    contact = factory.contact()
    db.session.commit()
    client.post("/login", data={"email": coordinator.email, "password": "riktig-passord-123"})
    page = client.get("/coordinator/campaigns/new").get_data(as_text=True)
    assert "Utkast samling" not in page and "Gammel samling" not in page
    assert page.index("Snarlig samling") < page.index("Senere samling")
    assert 'name="organizations" multiple size="10"' in page
    resp = client.post(
        "/coordinator/campaigns/new", data={"event_id": past.id, "contacts": contact.email}
    )
    assert resp.status_code == 422 and "ikke er over" in resp.get_data(as_text=True)
    assert f'value="{later.id}" selected' in client.get(
        "/coordinator/campaigns/new", query_string={"event_id": later.id}
    ).get_data(as_text=True)


def test_campaign_preview_has_its_own_policy_for_the_sandboxed_frame(factory, coordinator, client):
    """Issue 17, item 12: the HTML preview is served with a CSP for that response only
    (inline mail styles allowed, no script), framed by this site only."""
    event = factory.event(coordinator=coordinator)
    campaign = services.create_campaign(event, [factory.contact().id], user=coordinator)
    db.session.commit()
    url = f"/coordinator/campaigns/{campaign.id}/preview/nb.html"
    assert client.get(url).status_code in (302, 401, 403)  # coordinators only
    client.post("/login", data={"email": coordinator.email, "password": "riktig-passord-123"})
    resp = client.get(url)
    csp = resp.headers["Content-Security-Policy"]
    assert resp.status_code == 200 and event.title in resp.get_data(as_text=True)
    assert "style-src 'unsafe-inline'" in csp and "script-src" not in csp
    assert "frame-ancestors 'self'" in csp and resp.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(f"/coordinator/campaigns/{campaign.id}/preview/en.html").status_code == 404
    page = client.get(f"/coordinator/campaigns/{campaign.id}").get_data(as_text=True)
    assert f'sandbox src="{url}"' in page and "srcdoc" not in page
    assert 'class="ds-card nm-card nm-figure"' in page
    # the page itself keeps the strict policy
    assert (
        "'unsafe-inline'"
        not in client.get(f"/coordinator/campaigns/{campaign.id}").headers[
            "Content-Security-Policy"
        ]
    )


def test_invitation_has_the_programme(factory, coordinator):
    event = factory.event(coordinator=coordinator)
    event.agenda = "09.00 Velkommen\n11.30 Lunsj"
    campaign = services.create_campaign(event, [factory.contact().id], user=coordinator)
    db.session.commit()
    (nb,) = services.preview(campaign)
    assert "Program:\n09.00 Velkommen\n11.30 Lunsj" in nb["text"]
    assert "11.30 Lunsj" in nb["html"]


def test_coordinator_edits_the_invitation_text_and_sees_the_preview(factory, coordinator, client):
    """Beyond the greeting: subject and opening paragraph, saved on the draft and shown in
    the preview (the mail sent is the preview); a sent campaign keeps its words."""
    event = factory.event(coordinator=coordinator)
    campaign = services.create_campaign(event, [factory.contact().id], user=coordinator)
    db.session.commit()
    client.post("/login", data={"email": coordinator.email, "password": "riktig-passord-123"})
    url = f"/coordinator/campaigns/{campaign.id}"
    assert 'id="text-heading"' in client.get(url).get_data(as_text=True)
    resp = client.post(
        url + "/text",
        data={
            "subject": "Bli med på samlingen i Bodø",
            "intro": "Vi samler kommunene i nord.\nTa med en kollega!",
            "message": "Hilsen Kari",
        },
    )
    assert resp.status_code == 302 and resp.location.endswith("#preview-heading")
    (nb,) = services.preview(campaign)
    assert nb["subject"] == "Bli med på samlingen i Bodø"
    assert "Vi samler kommunene i nord.\nTa med en kollega!" in nb["text"]
    assert "Du inviteres til" not in nb["text"] and "Hilsen Kari" in nb["text"]
    assert "Ta med en kollega!" in nb["html"]
    page = client.get(url).get_data(as_text=True)
    assert "Bli med på samlingen i Bodø" in page
    bad = client.post(url + "/text", data={"subject": "To\nlinjer", "intro": "x"})
    assert "én linje" in client.get(bad.location).get_data(as_text=True)
    db.session.expire_all()
    assert campaign.intro == "Vi samler kommunene i nord.\nTa med en kollega!"
    client.post(url + "/text", data={"subject": "", "intro": "", "message": ""})
    (nb,) = services.preview(campaign)
    assert nb["subject"] == f"Invitasjon: {event.title}" and "Du inviteres til" in nb["text"]
    services.send_campaign(campaign, user=coordinator)
    db.session.commit()
    client.post(url + "/text", data={"subject": "Sent"})
    db.session.expire_all()
    assert campaign.subject is None
