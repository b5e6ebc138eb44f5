"""Coordinator pages: list with filters, add (after the deadline too), move, cancel,
presenters, CSV for Excel; personal data only for signed-in coordinators."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from netmgr.core.audit import AuditEntry
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.registration import services
from netmgr.registration.models import Registration


@pytest.fixture
def filled(make_event, make_contact, buyers):
    """An event with 2 seats: Hamar and Rendalen (small) confirmed, a supplier waitlisted,
    a presenter pending."""
    event = make_event(capacity=2, presenter_slots=1)
    hamar, _ = services.register(
        event, make_contact(buyers["hamar"], name="Hanne Hamar", email="hanne@hamar.no")
    )
    rendalen, _ = services.register(
        event, make_contact(buyers["rendalen"], name="Rolf Rendal", email="rolf@rendalen.no")
    )
    supplier, _ = services.register(event, make_contact(name="Sara Selger", email="sara@selger.no"))
    presenter, _ = services.register(
        event,
        make_contact(name="Per Presenter", email="per@robot.no"),
        role="presenter",
        solution_title="=HYPERLINK(1)",
    )
    db.session.commit()
    return dict(event=event, hamar=hamar, rendalen=rendalen, supplier=supplier, presenter=presenter)


def url(event, suffix=""):
    return f"/coordinator/events/{event.id}/registrations{suffix}"


def test_personal_data_only_for_coordinators(client, filled):
    event = filled["event"]
    for path in (url(event), url(event, ".csv")):
        resp = client.get(path)
        assert resp.status_code in (302, 401, 403)
        assert "hanne@hamar.no" not in resp.get_data(as_text=True)
    assert client.post(url(event), data={}).status_code in (302, 401, 403)
    public = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "hanne@hamar.no" not in public and "Hanne Hamar" not in public


def test_list_and_filters(coord_client, filled):
    event = filled["event"]
    html = coord_client.get(url(event)).get_data(as_text=True)
    for name in ("Hanne Hamar", "Rolf Rendal", "Sara Selger", "Per Presenter"):
        assert name in html
    assert "Liten kommune" in html and "nr. 1" in html
    # nothing submitted yet: no filter may be marked wrong (issue 17, bug 2)
    assert "Ikke et gyldig valg" not in html and "Not a valid choice" not in html
    assert 'aria-invalid="true"' not in html

    def names(**query):
        page = coord_client.get(url(event), query_string=query).get_data(as_text=True)
        return {
            n for n in ("Hanne Hamar", "Rolf Rendal", "Sara Selger", "Per Presenter") if n in page
        }

    assert names(status="waitlisted") == {"Sara Selger"}
    assert names(role="presenter") == {"Per Presenter"}
    assert names(kind="municipality") == {"Hanne Hamar", "Rolf Rendal"}
    assert names(small="yes") == {"Rolf Rendal"}
    assert names(small="no") == {"Hanne Hamar", "Sara Selger", "Per Presenter"}
    assert coord_client.get(url(event), query_string={"status": "bogus"}).status_code == 200


def test_move_cancel_approve(coord_client, filled, outbox):
    event, supplier = filled["event"], filled["supplier"]
    base = url(event)
    assert coord_client.post(f"{base}/{supplier.id}/confirm").status_code == 303
    db.session.expire_all()
    assert db.session.get(Registration, supplier.id).status == "confirmed"
    assert services.seats_left(event) == 0  # over capacity by choice, never negative
    coord_client.post(f"{base}/{filled['hamar'].id}/waitlist")
    db.session.expire_all()
    assert db.session.get(Registration, filled["hamar"].id).status == "waitlisted"
    coord_client.post(f"{base}/{filled['rendalen'].id}/cancel")
    db.session.expire_all()
    assert db.session.get(Registration, filled["rendalen"].id).status == "cancelled"
    assert db.session.get(Registration, filled["hamar"].id).status == "confirmed"  # promoted
    assert coord_client.post(f"{base}/{filled['presenter'].id}/approve").status_code == 303
    db.session.expire_all()
    assert db.session.get(Registration, filled["presenter"].id).presenter_approval == "approved"
    assert len(outbox("registration.presenter_approved")) == 1
    # deciding twice is refused politely
    resp = coord_client.post(f"{base}/{filled['presenter'].id}/decline", follow_redirects=True)
    assert resp.status_code == 200 and "allerede behandlet" in resp.get_data(as_text=True)
    assert coord_client.post(f"{base}/{supplier.id}/explode").status_code == 404
    assert coord_client.post(f"{base}/999999/cancel").status_code == 404
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {
        "registration.moved",
        "registration.cancelled",
        "registration.presenter_approved",
    } <= actions


def test_add_after_deadline_and_to_past_event(coord_client, make_event, buyers):
    past = utcnow() - dt.timedelta(days=3)
    event = make_event(starts_at=past, ends_at=past + dt.timedelta(hours=2), capacity=10)
    resp = coord_client.post(
        url(event),
        data={
            "organization": "Hamar (3403)",
            "contact_name": "Walk In",
            "email": "walk@hamar.no",
            "role": "attendee",
        },
    )
    assert resp.status_code == 303
    reg = db.session.scalar(select(Registration))
    assert reg.status == "confirmed" and reg.source == "coordinator"
    # new supplier by organisation number
    resp = coord_client.post(
        url(event),
        data={
            "organization": "974760673",
            "company_name": "Ny AS",
            "contact_name": "Nina Ny",
            "email": "nina@ny.no",
            "role": "attendee",
        },
    )
    assert resp.status_code == 303
    # bad input re-renders with messages; nothing stored
    bad = coord_client.post(
        url(event), data={"organization": "ham", "contact_name": "", "email": "x", "role": "boss"}
    )
    assert bad.status_code == 422
    assert db.session.query(Registration).count() == 2


def test_csv_for_excel(coord_client, filled):
    event = filled["event"]
    resp = coord_client.get(url(event, ".csv"))
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    body = resp.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads æøå right
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Status", "Rolle", "Plass på venteliste", "Navn"]
    by_name = {r[3]: r for r in rows[1:]}
    assert set(by_name) == {"Hanne Hamar", "Rolf Rendal", "Sara Selger", "Per Presenter"}
    assert by_name["Rolf Rendal"][11] == "ja" and by_name["Hanne Hamar"][11] == "nei"
    assert by_name["Sara Selger"][2] == "1" and by_name["Sara Selger"][0] == "På venteliste"
    assert by_name["Per Presenter"][12] == "'=HYPERLINK(1)"  # no formula injection
    only_small = coord_client.get(url(event, ".csv"), query_string={"small": "yes"})
    assert len(only_small.get_data().decode("utf-8-sig").strip().split("\r\n")) == 2


def test_xlsx_next_to_the_csv(coord_client, filled):
    """Issue 17, item 14: the same list as .xlsx, every cell text (nothing to run, no guard),
    and the pages link both."""
    from openpyxl import load_workbook

    event = filled["event"]
    filled["hamar"].contact.phone = "+47 941 87 457"
    db.session.commit()
    csv_text = coord_client.get(url(event, ".csv")).get_data().decode("utf-8-sig")
    csv_rows = {r[3]: r for r in csv.reader(io.StringIO(csv_text), delimiter=";")}
    assert csv_rows["Hanne Hamar"][5] == "+47 941 87 457"  # a phone number is not a formula
    resp = coord_client.get(url(event, ".xlsx"))
    assert resp.status_code == 200 and resp.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="pameldinger-' in resp.headers["Content-Disposition"]
    assert resp.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(resp.get_data())).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == event.title and values[1] == csv_rows["Navn"]
    by_name = {r[3]: r for r in values[2:]}
    assert set(by_name) == {"Hanne Hamar", "Rolf Rendal", "Sara Selger", "Per Presenter"}
    assert by_name["Per Presenter"][12] == "=HYPERLINK(1)"  # a text cell, not a formula
    assert by_name["Hanne Hamar"][5] == "+47 941 87 457"
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=3) for c in row if c.value)
    page = coord_client.get(url(event)).get_data(as_text=True)
    assert url(event, ".xlsx") in page and url(event, ".csv") in page
    hub = coord_client.get(f"/coordinator/events/{event.id}").get_data(as_text=True)
    assert url(event, ".xlsx") in hub


def test_printable_participant_list(coord_client, filled):
    """Everyone with a seat, by name, with organisation and a signature column; a print
    stylesheet hides the menus."""
    event = filled["event"]
    path = f"/coordinator/events/{event.id}/participants/print"
    html = coord_client.get(path).get_data(as_text=True)
    assert "Signatur" in html and "/static/print." in html
    assert html.index("Hanne Hamar") < html.index("Per Presenter") < html.index("Rolf Rendal")
    assert "Sara Selger" not in html  # waitlisted: no seat
    assert html.count('class="nm-sign-blank"') == 5
    assert path in coord_client.get(url(event)).get_data(as_text=True)


def test_event_page_slot(coord_client, filled):
    event = filled["event"]
    resp = coord_client.get(f"/coordinator/events/{event.id}")
    assert resp.status_code == 200  # the coordinator hub includes our slot
    html = resp.get_data(as_text=True)
    assert url(event) in html and url(event, ".csv") in html
    from netmgr.web.hooks import fragments

    with coord_client.application.test_request_context():
        html = fragments("coordinator-event-page", event=event)
    assert "På venteliste" in html and url(event) in html
