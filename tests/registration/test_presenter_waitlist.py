"""Issue 17 bug 1: a presentation request when every slot is taken but seats are free.

The supplier gets a seat as attendee and the request goes on the presenter waiting list; when a
slot frees, the first request moves up (with a mail) and its seat goes to the next in line. The
page and the mail say exactly that, in bokmål, nynorsk and English.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from netmgr.extensions import db
from netmgr.registration import services
from netmgr.registration.models import Registration

from .conftest import supplier_data


def _present(event, contact, title="Robot"):
    reg, created = services.register(event, contact, role="presenter", solution_title=title)
    assert created
    return reg


def test_request_gets_a_seat_and_waits_for_a_slot(make_event, make_contact, outbox):
    event = make_event(capacity=2, presenter_slots=1, presenter_approval_required=False)
    first = _present(event, make_contact(), "Digitalt tilsyn")
    second = _present(event, make_contact(), "Robot")
    third = _present(event, make_contact(), "Sensor")
    db.session.commit()
    assert first.role == "presenter" and first.status == "confirmed"
    # every slot taken, seats free: a seat as attendee, the request on the presenter list
    assert second.role == "attendee" and second.status == "confirmed"
    assert second.presenter_waitlisted_at is not None and second.solution_title == "Robot"
    assert services.presenter_waitlist_position(second) == 1
    assert services.presenter_waitlist_position(third) == 2
    assert third.role == "attendee" and third.status == "confirmed"
    attendee, _ = services.register(event, make_contact())  # seats full now: waitlisted
    db.session.commit()
    assert attendee.status == "waitlisted"

    [_, mail, _] = outbox("registration.confirmed")
    assert mail.to_address == second.contact.email
    assert "Du har plass, presentasjonen står på venteliste" in mail.subject
    assert "står som nummer 1 på ventelisten for presentasjoner" in mail.body_text
    assert "står som nummer 1 på ventelisten for presentasjoner" in mail.body_html
    assert mail.ics_method == "PUBLISH"  # the seat is real: the calendar comes along

    # the slot frees: the first request moves up, its seat goes to the first waiting attendee
    services.cancel_registration(first)
    db.session.commit()
    for reg in (second, third, attendee):
        db.session.refresh(reg)
    assert second.role == "presenter" and second.status == "confirmed"
    assert second.presenter_waitlisted_at is None and second.presenter_approval == "approved"
    assert services.presenter_waitlist_position(third) == 1
    assert attendee.status == "confirmed"
    assert services.seats_left(event) == 0 and services.presenter_slots_left(event) == 0
    [moved] = outbox("registration.presenter_promoted")
    assert moved.to_address == second.contact.email
    assert "Du skal presentere" in moved.subject and "«Robot» har fått den" in moved.body_text
    assert "Du står nå oppført som presentatør." in moved.body_text
    assert [m.to_address for m in outbox("registration.promoted")] == [attendee.contact.email]


def test_no_seat_and_no_slot_waitlists_the_presenter(make_event, make_contact):
    event = make_event(capacity=1, presenter_slots=1)
    _present(event, make_contact())
    services.register(event, make_contact())
    late = _present(event, make_contact(), "Sent")
    db.session.commit()
    assert late.role == "presenter" and late.status == "waitlisted"
    assert late.presenter_waitlisted_at is None


@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        (
            "nb",
            "Du har plass, presentasjonen står på ventelisten",
            "ventelisten for presentasjoner",
        ),
        ("nn", "Du har plass, presentasjonen står på ventelista", "ventelista for presentasjonar"),
        ("en", "You have a seat, your presentation is on the waiting list", "waiting list for"),
    ],
)
def test_form_page_and_mail_say_so(
    client, make_event, make_contact, outbox, language, heading, text
):
    event = make_event(capacity=50, presenter_slots=1)
    _present(event, make_contact())
    db.session.commit()
    resp = client.post(
        f"/events/{event.id}/register/supplier",
        data=supplier_data(
            participation="presenter",
            solution_title="Digitalt tilsyn",
            solution_description="Sensorer",
            theme="welfare_technology",
        ),
        headers={"Accept-Language": language},
    )
    assert resp.status_code == 303
    reg = db.session.scalar(
        select(Registration).where(Registration.solution_title == "Digitalt tilsyn")
    )
    assert reg.status == "confirmed" and reg.role == "attendee"
    page = client.get(resp.headers["Location"], headers={"Accept-Language": language})
    html = page.get_data(as_text=True)
    assert heading in html and text in html
    assert re.search(r"(nummer|number) 1", html)
    [_, mail] = outbox("registration.confirmed")
    assert mail.language == language
    assert text in mail.body_text
