"""Job logic under controlled time (time-machine)."""

import datetime as dt

import time_machine
from sqlalchemy import select

from netmgr.auth.models import User
from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.scheduler.claims import claim_due, recover_stale_claims, run_due
from netmgr.scheduler.models import DueJob
from netmgr.scheduler.planning import plan_event_jobs

UTC = dt.UTC
START = dt.datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # Tuesday 09:00 in Oslo


def outbox(kind):
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.to_address)
    ).all()


def setup_event(factory, **fields):
    event = factory.event(starts_at=START, **fields)
    nb = factory.municipality("Utsira", 215, "nb")
    nn = factory.municipality("Sogndal", 12460, "nn", county_number="46")
    a = factory.contact(nb, "Astrid Bokmål", "astrid@utsira.kommune.no")
    b = factory.contact(nn, "Brage Nynorsk", "brage@sogndal.kommune.no")
    c = factory.contact(nb, "Cecilie Venteliste", "cecilie@utsira.kommune.no")
    d = factory.contact(nn, "Dag Avmeldt", "dag@sogndal.kommune.no")
    factory.registration(event, a)
    factory.registration(event, b)
    factory.registration(event, c, status="waitlisted")
    factory.registration(event, d, status="cancelled")
    plan_event_jobs(event)
    db.session.commit()
    return event


def test_reminder_goes_to_confirmed_contacts_in_their_language_once(factory):
    setup_event(factory)
    with time_machine.travel(START - dt.timedelta(days=7, minutes=-1), tick=False):
        assert run_due("test") == {"done": 1}
        assert run_due("test") == {}
    sent = outbox("event.reminder")
    assert [(m.to_address, m.language) for m in sent] == [
        ("astrid@utsira.kommune.no", "nb"),
        ("brage@sogndal.kommune.no", "nn"),
    ]
    assert all(m.ics and "BEGIN:VEVENT" in m.ics for m in sent)
    assert "Nettverkssamling velferdsteknologi" in sent[0].subject


def test_missed_reminders_send_only_the_latest_and_never_after_the_start(factory):
    event = setup_event(factory)
    # The service was down for both reminders; it comes back six hours before the start.
    with time_machine.travel(START - dt.timedelta(hours=6), tick=False):
        assert run_due("test") == {"done": 1, "skipped": 1}
    results = {
        j.params["hours"]: (j.state, j.result)
        for j in db.session.scalars(
            select(DueJob).where(DueJob.kind == "event.reminder", DueJob.event_id == event.id)
        )
    }
    assert results[168] == ("skipped", "superseded by a later reminder")
    assert results[24] == ("done", "2 reminders")
    assert len(outbox("event.reminder")) == 2


def test_reminder_due_while_down_is_skipped_once_the_event_has_begun(factory):
    setup_event(factory, reminder_hours=[24])
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        assert run_due("test") == {"skipped": 1}
    assert outbox("event.reminder") == []
    job = db.session.scalar(select(DueJob).where(DueJob.kind == "event.reminder"))
    assert job.result == "event already begun"


def test_deadline_tells_the_coordinator_how_many_and_how_many_small(factory, coordinator):
    event = setup_event(
        factory,
        registration_closes_at=START - dt.timedelta(days=2),
        coordinator_id=coordinator.id,
        capacity=30,
    )
    with time_machine.travel(START - dt.timedelta(days=2), tick=False):
        run_due("test")
    [notice] = outbox("event.registration_closed")
    assert notice.to_address == coordinator.email
    assert "Påmeldte: 2 / 30" in notice.body_text
    assert "Små kommuner blant de påmeldte: 1" in notice.body_text  # Utsira; Sogndal is large
    assert str(event.id) in notice.body_text


def test_follow_up_asks_for_attendance_and_thanks_participants_with_material(factory, coordinator):
    event = setup_event(
        factory, material_url="https://lup.no/materiell/samling-3", coordinator_id=coordinator.id
    )
    with time_machine.travel(event.ends_at + dt.timedelta(hours=3), tick=False):
        run_due("test")
    [ask] = outbox("event.attendance_request")
    assert ask.to_address == coordinator.email
    thanks = outbox("event.thank_you")
    assert [m.to_address for m in thanks] == [
        "astrid@utsira.kommune.no",
        "brage@sogndal.kommune.no",
    ]
    assert "https://lup.no/materiell/samling-3" in thanks[0].body_text


def test_digest_lists_small_network_municipalities_not_registered(factory, coordinator):
    from netmgr.networks.models import Network, NetworkMembership, Theme
    from netmgr.scheduler.planning import plan_digests

    theme = db.session.scalar(select(Theme).where(Theme.slug == "welfare_technology"))
    network = Network(slug="velferd", name="Velferdsteknologi", theme=theme)
    db.session.add(network)
    db.session.flush()
    event = setup_event(factory, network_id=network.id)
    small_member = factory.municipality("Træna", 448, "nb", county_number="18")
    registered_small = (
        db.session.scalar(select(DueJob).limit(1))
        and event
        and factory.municipality("Røst", 456, "nb", county_number="18")
    )
    large_member = factory.municipality("Bodø", 53712, "nb", county_number="18")
    for org in (small_member, registered_small, large_member):
        db.session.add(
            NetworkMembership(network=network, organization=org, joined_on=dt.date(2025, 1, 1))
        )
    factory.registration(event, factory.contact(registered_small))
    with time_machine.travel(START - dt.timedelta(days=8), tick=False):
        plan_digests()
        db.session.commit()
    with time_machine.travel(START - dt.timedelta(days=1), tick=False):
        run_due("test")
        [digest] = outbox("coordinator.digest")
        assert "Træna" in digest.body_text
        assert "Røst" not in digest.body_text and "Bodø" not in digest.body_text
        # the next digest is planned, a week later
        pending = db.session.scalars(
            select(DueJob).where(DueJob.kind == "coordinator.digest", DueJob.state == "pending")
        ).all()
        assert len(pending) == 1


def test_a_failing_job_is_retried_later_and_a_stale_claim_is_recovered(factory):
    job = DueJob(key="x", kind="no.such.kind", due_at=START)
    db.session.add(job)
    db.session.commit()
    assert run_due("test", now=START) == {"skipped": 1}

    db.session.add(DueJob(key="y", kind="event.reminder", due_at=START, event_id=None))
    db.session.commit()
    assert claim_due("dead-process", now=START)  # claimed, then the process died
    assert run_due("test", now=START) == {}
    assert recover_stale_claims(now=START + dt.timedelta(minutes=11)) == 1
    assert run_due("test", now=START + dt.timedelta(minutes=11)) == {"skipped": 1}


def test_two_claimers_never_get_the_same_job(factory):
    for i in range(20):
        db.session.add(DueJob(key=f"k{i}", kind="no.such.kind", due_at=START))
    db.session.commit()
    first = claim_due("a", now=START, limit=15)
    second = claim_due("b", now=START, limit=15)
    assert len(first) == 15 and len(second) == 5 and not set(first) & set(second)


def test_coordinators_without_events_still_get_a_digest(coordinator):
    from netmgr.scheduler.planning import plan_digests

    with time_machine.travel(START, tick=False):
        plan_digests()
        db.session.commit()
    with time_machine.travel(START + dt.timedelta(days=7), tick=False):
        run_due("test")
    [digest] = outbox("coordinator.digest")
    assert "Ingen publiserte arrangementer" in digest.body_text
    assert db.session.get(User, coordinator.id).email == digest.to_address


def test_a_scheduled_campaign_is_sent_at_its_time_once(factory, coordinator):
    from netmgr.campaigns.services import create_campaign, schedule_campaign
    from netmgr.scheduler.planning import plan_scheduled_campaigns

    event = setup_event(factory)
    orgs = {r.organization_id for r in event_registrations(event)}
    with time_machine.travel(START - dt.timedelta(days=20), tick=False):
        campaign = create_campaign(event, {"organizations": sorted(orgs)}, user=coordinator)
        schedule_campaign(campaign, START - dt.timedelta(days=14), user=coordinator)
        plan_scheduled_campaigns()
        db.session.commit()
        assert run_due("test") == {}
    # The scheduler was down at the campaign's time; it runs when it comes back.
    with time_machine.travel(START - dt.timedelta(days=13), tick=False):
        plan_scheduled_campaigns()
        db.session.commit()
        assert run_due("test") == {"done": 1}
        plan_scheduled_campaigns()
        db.session.commit()
        assert run_due("test") == {}
    invitations = outbox("campaign.invitation")
    assert len(invitations) == 4  # the four contacts of the two municipalities
    assert all(m.ics_method == "REQUEST" for m in invitations)


def event_registrations(event):
    from netmgr.registration.models import Registration

    return db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
