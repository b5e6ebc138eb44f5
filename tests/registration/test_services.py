"""The registration rules, called directly as service functions."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from netmgr.core.errors import ConflictError, ServiceError
from netmgr.core.signals import registration_changed
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.registration import services
from netmgr.registration.models import Registration


def test_confirms_until_full_then_waitlists_in_order(make_event, make_contact, outbox):
    event = make_event(capacity=2)
    regs = []
    for _ in range(4):
        reg, created = services.register(event, make_contact())
        db.session.commit()
        assert created
        regs.append(reg)
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert services.seats_left(event) == 0
    assert [r.id for r in services.waitlist(event)] == [regs[2].id, regs[3].id]
    assert services.waitlist_position(regs[3]) == 2
    kinds = [m.kind for m in outbox()]
    assert kinds == ["registration.confirmed"] * 2 + ["registration.waitlisted"] * 2
    confirmed = outbox("registration.confirmed")[0]
    assert confirmed.ics_method == "PUBLISH"
    cal = Calendar.from_ical(confirmed.ics)
    assert cal.events[0]["uid"] == event.uid
    assert "/registrations/cancel/" in confirmed.body_text
    assert confirmed.subject.startswith("Påmeldingen er bekreftet")
    assert "nummer 2" in outbox("registration.waitlisted")[1].body_text


def test_idempotent_for_the_same_contact(make_event, make_contact):
    event = make_event()
    contact = make_contact()
    first, created = services.register(event, contact)
    db.session.commit()
    again, created_again = services.register(event, contact)
    assert created and not created_again
    assert again.id == first.id
    assert db.session.query(Registration).count() == 1


def test_cancel_promotes_first_waitlisted_and_mails_them(make_event, make_contact, outbox):
    event = make_event(capacity=1)
    a, _ = services.register(event, make_contact())
    b, _ = services.register(event, make_contact())
    c, _ = services.register(event, make_contact())
    db.session.commit()
    promoted = services.cancel_registration(a)
    db.session.commit()
    assert promoted.id == b.id and b.status == "confirmed"
    assert c.status == "waitlisted" and services.waitlist_position(c) == 1
    assert a.status == "cancelled" and a.cancelled_at is not None
    [mail] = outbox("registration.promoted")
    assert mail.contact_id == b.contact_id and mail.ics_method == "PUBLISH"
    [bye] = outbox("registration.cancelled")
    assert bye.contact_id == a.contact_id and bye.ics_method == "CANCEL"
    # cancelling twice is harmless
    assert services.cancel_registration(a) is None
    # a cancelled contact may register again (history stays)
    again, created = services.register(event, a.contact)
    db.session.commit()
    assert created and again.id != a.id and again.status == "waitlisted"


def test_cancelling_a_waitlisted_one_promotes_nobody(make_event, make_contact):
    event = make_event(capacity=1)
    services.register(event, make_contact())
    b, _ = services.register(event, make_contact())
    c, _ = services.register(event, make_contact())
    assert services.cancel_registration(b) is None
    assert c.status == "waitlisted"


def test_presenters_counted_apart_with_approval(make_event, make_contact, outbox):
    event = make_event(capacity=1, presenter_slots=1, presenter_approval_required=True)
    att, _ = services.register(event, make_contact())
    p1, _ = services.register(
        event, make_contact(), role="presenter", solution_title="Digital tilsynsløsning"
    )
    p2, _ = services.register(event, make_contact(), role="presenter", solution_title="Robot")
    db.session.commit()
    assert att.status == "confirmed"
    assert p1.status == "confirmed" and p1.presenter_approval == "pending"
    assert p2.status == "waitlisted"
    assert services.presenter_slots_left(event) == 0 and services.seats_left(event) == 0
    assert services.approved_presenters(event) == []
    services.decide_presenter(p1, False)
    db.session.commit()
    assert p1.status == "cancelled" and p1.presenter_approval == "declined"
    assert p2.status == "confirmed" and p2.presenter_approval == "pending"
    services.decide_presenter(p2, True)
    db.session.commit()
    assert services.approved_presenters(event) == [p2]
    assert len(outbox("registration.presenter_declined")) == 1
    assert len(outbox("registration.presenter_approved")) == 1
    with pytest.raises(ConflictError):
        services.decide_presenter(p2, False)


def test_presenter_without_approval_is_approved_at_once(make_event, make_contact):
    event = make_event(presenter_slots=1, presenter_approval_required=False)
    p, _ = services.register(event, make_contact(), role="presenter", solution_title="X")
    assert p.presenter_approval == "approved"


def test_presenter_needs_title_and_slots(make_event, make_contact):
    event = make_event(presenter_slots=0)
    with pytest.raises(ServiceError) as err:
        services.register(event, make_contact(), role="presenter", solution_title="X")
    assert "role" in err.value.errors
    with pytest.raises(ServiceError) as err:
        services.register(make_event(), make_contact(), role="presenter")
    assert "solution_title" in err.value.errors


def test_window_binds_self_service_only(make_event, make_contact):
    past = utcnow() - dt.timedelta(days=2)
    event = make_event(starts_at=past, ends_at=past + dt.timedelta(hours=2))
    with pytest.raises(ServiceError):
        services.register(event, make_contact())
    reg, created = services.register(
        event, make_contact(), by_coordinator=True, source="coordinator"
    )
    assert created and reg.status == "confirmed"
    closed = make_event(registration_closes_at=utcnow() - dt.timedelta(hours=1))
    with pytest.raises(ServiceError):
        services.register(closed, make_contact())
    draft = make_event(status="draft")
    with pytest.raises(ServiceError):
        services.register(draft, make_contact())
    assert db.session.query(Registration).count() == 1


def test_members_only_binds_self_service(make_event, make_contact, make_org):
    from netmgr.networks.models import Network, NetworkMembership, Theme

    theme = db.session.query(Theme).first()
    network = Network(slug="velferd", name="Velferdsteknologi", theme=theme)
    member = make_org(kind="municipality", name="Hamar")
    db.session.add_all(
        [
            network,
            NetworkMembership(network=network, organization=member, joined_on=dt.date(2024, 1, 1)),
        ]
    )
    db.session.commit()
    event = make_event(kind="network_meeting", network_id=network.id, members_only=True)
    outsider = make_contact(organization=make_org(kind="municipality", name="Stange"))
    with pytest.raises(ServiceError) as err:
        services.register(event, outsider)
    assert "organization" in err.value.errors
    reg, _ = services.register(event, make_contact(organization=member))
    assert reg.status == "confirmed"
    reg2, _ = services.register(event, outsider, by_coordinator=True, source="coordinator")
    assert reg2.status == "confirmed"


def test_move_and_attendance(make_event, make_contact, coordinator):
    event = make_event(capacity=1)
    a, _ = services.register(event, make_contact())
    b, _ = services.register(event, make_contact())
    services.move_registration(b, "confirmed", coordinator)
    assert b.status == "confirmed" and services.seats_left(event) == 0  # never negative
    services.move_registration(a, "waitlisted", coordinator)
    assert a.status == "waitlisted" and a.waitlisted_at is not None
    with pytest.raises(ServiceError) as err:  # two weeks ahead: not yet
        services.set_attendance(b, "attended")
    assert err.value.status == 409 and "attendance" in err.value.errors
    event.starts_at = utcnow() - dt.timedelta(minutes=1)
    services.set_attendance(b, "attended")
    assert b.attendance == "attended" and b.attendance_recorded_at is not None
    with pytest.raises(ServiceError):
        services.set_attendance(b, "maybe")


def test_signal_sent(make_event, make_contact):
    seen = []

    def receiver(sender, registration, action, **kw):
        seen.append((registration.id, action))

    registration_changed.connect(receiver)
    try:
        event = make_event(capacity=1)
        a, _ = services.register(event, make_contact())
        b, _ = services.register(event, make_contact())
        services.cancel_registration(a)
    finally:
        registration_changed.disconnect(receiver)
    assert seen == [(a.id, "created"), (b.id, "created"), (a.id, "cancelled"), (b.id, "promoted")]


def test_moving_the_only_one_to_the_waitlist_keeps_it_there(make_event, make_contact):
    event = make_event(capacity=2)
    a, _ = services.register(event, make_contact())
    services.move_registration(a, "waitlisted")
    assert a.status == "waitlisted" and services.seats_left(event) == 2


def test_raising_capacity_promotes_from_the_waitlist(make_event, make_contact, outbox):
    from netmgr.events.services import update_event

    event = make_event(capacity=1, presenter_slots=0)
    regs = [services.register(event, make_contact())[0] for _ in range(4)]
    db.session.commit()
    update_event(event, {"capacity": 3})
    db.session.commit()
    assert [r.status for r in regs] == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    assert len(outbox("registration.promoted")) == 2
    update_event(event, {"title": "Nytt navn"})  # other changes promote nobody
    assert regs[3].status == "waitlisted"


def test_confirmation_mail_has_the_programme(make_event, make_contact, outbox):
    """The programme (agenda) is in the confirmation mail, text and HTML."""
    event = make_event(agenda="09.00 Velkommen\n10.00 Leverandørpresentasjoner")
    services.register(event, make_contact())
    db.session.commit()
    (msg,) = outbox("registration.confirmed")
    assert "Program:\n09.00 Velkommen\n10.00 Leverandørpresentasjoner" in msg.body_text
    assert "10.00 Leverandørpresentasjoner" in (msg.body_html or "")
