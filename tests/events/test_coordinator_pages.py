"""Coordinator event pages: create, edit, publish, cancel, list; validation and time zones."""

import datetime as dt

from sqlalchemy import select

from netmgr.core.audit import AuditEntry
from netmgr.core.timeutil import UTC
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.networks.models import Network, Theme


def _theme_id(slug):
    return db.session.scalar(select(Theme.id).where(Theme.slug == slug))


def _form(**overrides):
    data = {
        "title": "Nettverksmøte velferdsteknologi",
        "kind": "network_meeting",
        "description": "Erfaringer med digitalt tilsyn.",
        "starts_on": "2026-03-03",
        "starts_time": "09:00",
        "ends_on": "2026-03-03",
        "ends_time": "11:30",
        "location": "Bergen rådhus",
        "online_url": "",
        "network": "0",
        "county": "46",
        "capacity": "40",
        "presenter_slots": "3",
        "presenter_approval_required": "y",
        "registration_opens_on": "",
        "registration_opens_time": "",
        "registration_closes_on": "2026-02-27",
        "registration_closes_time": "",
        "material_url": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_event_converts_oslo_time_to_utc(coord_client, coordinator):
    data = _form(themes=[str(_theme_id("welfare_technology")), str(_theme_id("mobility"))])
    response = coord_client.post("/coordinator/events/new", data=data)
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert response.headers["Location"].endswith(f"/coordinator/events/{event.id}")
    # 3 March is winter time (UTC+1)
    assert event.starts_at == dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert event.ends_at == dt.datetime(2026, 3, 3, 10, 30, tzinfo=UTC)
    # A closing date without a time closes at 23:59 Oslo time
    assert event.registration_closes_at == dt.datetime(2026, 2, 27, 22, 59, tzinfo=UTC)
    assert event.registration_opens_at is None
    assert (event.status, event.capacity, event.presenter_slots, event.county_number) == (
        "draft",
        40,
        3,
        "46",
    )
    assert event.presenter_approval_required is True and event.members_only is False
    assert sorted(t.slug for t in event.themes) == ["mobility", "welfare_technology"]
    assert event.coordinator_id == coordinator.id
    assert db.session.scalar(select(AuditEntry.action)) == "event.created"


def test_summer_time_is_utc_plus_two(coord_client):
    coord_client.post(
        "/coordinator/events/new",
        data=_form(starts_on="2026-06-16", ends_on="2026-06-16", registration_closes_on=""),
    )
    event = db.session.scalar(select(Event))
    assert event.starts_at == dt.datetime(2026, 6, 16, 7, 0, tzinfo=UTC)


def test_invalid_event_shows_errors_next_to_fields_and_saves_nothing(coord_client):
    response = coord_client.post(
        "/coordinator/events/new",
        data=_form(
            title="",
            ends_time="08:00",
            capacity="-1",
            online_url="ikke en lenke",
            registration_opens_on="2026-03-01",
            registration_closes_on="2026-02-01",
            starts_time="",
        ),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    for field in ("title", "starts_time", "capacity", "online_url", "registration_closes_on"):
        assert f'id="{field}-error"' in html, field
        assert f'href="#{field}"' in html, field
    # The values typed are kept
    assert 'value="Bergen rådhus"' in html
    assert db.session.scalar(select(Event)) is None


def test_end_before_start_is_refused(coord_client):
    response = coord_client.post("/coordinator/events/new", data=_form(ends_time="08:59"))
    assert response.status_code == 422
    assert 'id="ends_time-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Event)) is None


def test_unknown_network_or_theme_is_refused(coord_client):
    response = coord_client.post(
        "/coordinator/events/new", data=_form(network="999", themes=["998"])
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="network-error"' in html and 'href="#themes-0"' in html
    assert db.session.scalar(select(Event)) is None


def test_service_errors_are_mapped_to_fields(app_ctx):
    from netmgr.events.forms import EventForm
    from netmgr.web.forms import apply_service_errors

    with app_ctx.test_request_context(method="POST"):
        form = EventForm(meta={"csrf": False})
        apply_service_errors(
            form,
            {
                "ends_at": ["Slutt må være etter start."],
                "county_number": ["Ukjent fylkesnummer."],
                "status": ["Et avlyst arrangement kan ikke publiseres."],
            },
        )
        assert form.ends_on.errors == ["Slutt må være etter start."]
        assert form.county.errors == ["Ukjent fylkesnummer."]
        assert form.form_errors == ["Et avlyst arrangement kan ikke publiseres."]


def test_edit_form_shows_oslo_times_and_saves_changes(coord_client):
    coord_client.post("/coordinator/events/new", data=_form())
    event = db.session.scalar(select(Event))
    html = coord_client.get(f"/coordinator/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="09:00"' in html and 'value="2026-03-03"' in html

    network = Network(slug="bygg", name="Bygg og anlegg", theme_id=_theme_id("buildings"))
    db.session.add(network)
    db.session.commit()
    response = coord_client.post(
        f"/coordinator/events/{event.id}/edit",
        data=_form(
            title="Nytt tidspunkt",
            starts_time="10:00",
            ends_time="12:00",
            network=str(network.id),
            members_only="y",
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert (event.title, event.starts_at, event.network_id, event.members_only) == (
        "Nytt tidspunkt",
        dt.datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
        network.id,
        True,
    )
    assert event.sequence == 1


def test_invalid_edit_changes_nothing(coord_client):
    coord_client.post("/coordinator/events/new", data=_form())
    event = db.session.scalar(select(Event))
    response = coord_client.post(
        f"/coordinator/events/{event.id}/edit", data=_form(title="Endret", capacity="-5")
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Nettverksmøte velferdsteknologi"


def test_publish_then_cancel_with_confirmation(coord_client):
    coord_client.post("/coordinator/events/new", data=_form())
    event = db.session.scalar(select(Event))
    url = f"/coordinator/events/{event.id}"
    assert "Publiser" in coord_client.get(url).get_data(as_text=True)

    assert coord_client.post(f"{url}/publish").status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "published"

    # GET only asks; nothing changes
    confirm = coord_client.get(f"{url}/cancel")
    assert confirm.status_code == 200 and "Ja, avlys arrangementet" in confirm.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "published"

    assert coord_client.post(f"{url}/cancel").status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.status == "cancelled" and event.cancelled_at is not None
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["event.created", "event.published", "event.cancelled"]

    # A cancelled event cannot be published: the service's answer is shown, not a 500
    response = coord_client.post(f"{url}/publish")
    assert response.status_code == 422
    assert "kan ikke publiseres" in response.get_data(as_text=True)


def test_event_hub_page_has_the_slots(coord_client, app):
    coord_client.post("/coordinator/events/new", data=_form())
    event = db.session.scalar(select(Event))
    assert coord_client.get(f"/coordinator/events/{event.id}").status_code == 200
    html = coord_client.get(f"/coordinator/events/{event.id}").get_data(as_text=True)
    # the sections of registration, campaigns, scheduler (fragments) and the check-in link
    for heading in ("registrations-heading", "campaigns-heading", "h-jobs", "checkin-heading"):
        assert f'id="{heading}"' in html
    assert html.index("registrations-heading") < html.index("campaigns-heading")
    assert html.index("campaigns-heading") < html.index("h-jobs") < html.index("checkin-heading")


def test_event_list_filters(coord_client, make_event):
    now = dt.datetime.now(UTC)
    make_event("Utkast kommer", starts_at=now + dt.timedelta(days=3), status="draft")
    make_event("Publisert kommer", starts_at=now + dt.timedelta(days=4), kind="webinar")
    make_event("Avlyst kommer", starts_at=now + dt.timedelta(days=5), status="cancelled")
    make_event("Gammelt møte", starts_at=now - dt.timedelta(days=30))
    db.session.commit()

    def titles(**query):
        html = coord_client.get("/coordinator/events", query_string=query).get_data(as_text=True)
        return {
            t
            for t in ("Utkast kommer", "Publisert kommer", "Avlyst kommer", "Gammelt møte")
            if t in html
        }

    assert titles() == {"Utkast kommer", "Publisert kommer", "Avlyst kommer"}
    assert titles(status="draft") == {"Utkast kommer"}
    assert titles(status="cancelled") == {"Avlyst kommer"}
    assert titles(when="past") == {"Gammelt møte"}
    assert titles(when="all", q="MØTE") == {"Gammelt møte"}
    assert titles(kind="webinar") == {"Publisert kommer"}
