"""``netmgr demo``: a deterministic, idempotent, believable data set."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from email_validator import validate_email
from sqlalchemy import func, select
from stdnum.no import orgnr

from netmgr.auth.models import User
from netmgr.core.timeutil import OSLO
from netmgr.demo.builder import load_demo, valid_org_number
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.networks.models import Network, NetworkMembership
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration

TODAY = dt.date(2026, 3, 11)


def rows(model, *where):
    return list(db.session.scalars(select(model).where(*where)))


def fingerprint() -> tuple:
    events = sorted(
        (e.uid, e.kind, e.title, e.starts_at, e.ends_at, e.status, e.county_number, e.capacity)
        for e in rows(Event)
    )
    contacts = sorted((c.email, c.name, c.organization.name) for c in rows(Contact))
    regs = sorted(
        (r.event.uid, r.contact.email, r.role, r.status, r.attendance) for r in rows(Registration)
    )
    members = sorted(
        (m.network.slug, m.organization.name, m.joined_on, m.left_on)
        for m in rows(NetworkMembership)
    )
    suppliers = sorted(o.org_number for o in rows(Organization, Organization.kind == "supplier"))
    return events, contacts, regs, members, suppliers


def wipe():
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in ("alembic_version", "themes"):
                conn.execute(table.delete())


@pytest.fixture
def demo(app_ctx):
    result = load_demo(today=TODAY)
    db.session.commit()
    return result


def test_cli_loads_once_then_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Municipalities: 357 added, 15 counties" in first.output
    assert (
        "Users: koordinator@lup.no, admin@lup.no added (password demo-passord-123)" in first.output
    )
    assert "3 networks" in first.output and "40 events" in first.output
    with app.app_context():
        counts = [
            db.session.scalar(select(func.count()).select_from(m))
            for m in (Organization, Contact, Event, Registration, NetworkMembership, User)
        ]
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert second.output == "Demo data already loaded (40 demo events): nothing changed\n"
    with app.app_context():
        assert counts == [
            db.session.scalar(select(func.count()).select_from(m))
            for m in (Organization, Contact, Event, Registration, NetworkMembership, User)
        ]


def test_demo_keeps_an_existing_registry_and_users(app_ctx):
    from netmgr.organizations.registry import import_municipalities

    import_municipalities()
    user = User(email="koordinator@lup.no", name="Eksisterende", role="coordinator")
    user.set_password("eget-passord-123")
    db.session.add(user)
    db.session.commit()
    result = load_demo(today=TODAY)
    db.session.commit()
    assert result.municipalities == 0 and result.users == ["admin@lup.no"]
    assert user.check_password("eget-passord-123")  # not reset


def test_same_day_gives_the_same_data(app_ctx):
    load_demo(today=TODAY)
    db.session.commit()
    first = fingerprint()
    wipe()
    load_demo(today=TODAY)
    db.session.commit()
    assert fingerprint() == first


def test_users_can_sign_in_with_the_demo_password(demo):
    coordinator = db.session.scalar(select(User).where(User.email == "koordinator@lup.no"))
    admin = db.session.scalar(select(User).where(User.email == "admin@lup.no"))
    assert coordinator.role == "coordinator" and admin.role == "admin"
    assert coordinator.check_password("demo-passord-123")
    assert admin.check_password("demo-passord-123")


def test_three_networks_with_members_of_all_sizes_and_history(demo):
    networks = {n.slug: n for n in rows(Network)}
    assert set(networks) == {"bygg", "velferdsteknologi", "digitale-losninger"}
    assert {n.theme.slug for n in networks.values()} == {
        "buildings",
        "welfare_technology",
        "digital_solutions",
    }
    left = 0
    for network in networks.values():
        sizes = [m.organization.population for m in network.memberships]
        assert len(sizes) >= 20
        assert any(p < 5000 for p in sizes), network.slug
        assert any(p >= 100_000 for p in sizes), network.slug
        assert all(m.joined_on < TODAY for m in network.memberships)
        left += sum(m.left_on is not None for m in network.memberships)
        assert len(network.current_members(TODAY)) < len(network.memberships) or left == 0
    assert left >= 3


def test_about_forty_events_over_two_and_a_half_years(demo):
    events = rows(Event)
    assert len(events) == 40
    starts = sorted(e.starts_at.astimezone(OSLO).date() for e in events)
    assert TODAY - dt.timedelta(days=740) <= starts[0] <= TODAY - dt.timedelta(days=690)
    assert TODAY + dt.timedelta(days=150) <= starts[-1] <= TODAY + dt.timedelta(days=200)
    kinds = Counter(e.kind for e in events)
    assert set(kinds) == {"network_meeting", "meeting_place", "market_dialogue", "webinar"}
    statuses = Counter(e.status for e in events)
    assert statuses["draft"] == 2 and statuses["cancelled"] == 1
    for e in events:
        start, end = e.starts_at.astimezone(OSLO), e.ends_at.astimezone(OSLO)
        assert e.starts_at.tzinfo is not None and e.starts_at.utcoffset() == dt.timedelta(0)
        assert start.hour >= 8 and end.hour <= 16 and start.date() == end.date(), e.title
        assert start.weekday() in (1, 2, 3)
        assert start.month != 7
        assert e.location or e.online_url
        assert e.uid.startswith("demo-") and e.title and e.description
    online = [e for e in events if e.online_url and not e.location]
    regional = {e.county_number for e in events if e.county_number}
    assert len(online) >= 8 and len(regional) >= 5
    cancelled = next(e for e in events if e.status == "cancelled")
    assert cancelled.cancelled_at is not None and cancelled.sequence == 1
    assert all(e.published_at is None for e in events if e.status == "draft")


def test_suppliers_have_valid_organisation_numbers_and_contacts(demo):
    suppliers = rows(Organization, Organization.kind == "supplier")
    assert 30 <= len(suppliers) <= 50
    assert all(orgnr.is_valid(s.org_number) for s in suppliers)
    assert len({s.org_number for s in suppliers}) == len(suppliers)
    contacts = rows(Contact)
    assert len({c.email for c in contacts}) == len(contacts)
    for contact in contacts[:100]:
        assert validate_email(contact.email, check_deliverability=False).normalized == contact.email
        assert " " in contact.name and contact.phone.startswith("+47 ")
    assert any("ø" in c.name or "å" in c.name or "æ" in c.name for c in contacts)


def test_org_number_generator_is_always_valid():
    import random

    rng = random.Random(1)
    assert all(orgnr.is_valid(valid_org_number(rng)) for _ in range(500))


def test_registrations_record_attendance_for_past_events_only(demo):
    now = dt.datetime.combine(TODAY, dt.time(12), OSLO)
    regs = rows(Registration)
    assert len(regs) > 300
    for reg in regs:
        if reg.event.ends_at < now and reg.status == "confirmed":
            assert reg.attendance in ("attended", "no_show")
            assert reg.attendance_recorded_at > reg.event.ends_at
        else:
            assert reg.attendance == "unknown"
        assert reg.event.status != "draft"
        assert reg.created_at <= now
    attendance = Counter(r.attendance for r in regs if r.attendance != "unknown")
    assert attendance["attended"] > 4 * attendance["no_show"] > 0
    assert any(r.status == "cancelled" for r in regs)
    # one active registration per contact and event (the database also enforces it)
    active = Counter((r.event_id, r.contact_id) for r in regs if r.status != "cancelled")
    assert max(active.values()) == 1


def test_capacity_is_respected(demo):
    for event in rows(Event, Event.capacity.is_not(None)):
        confirmed = db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == "confirmed",
                Registration.role == "attendee",
            )
        )
        assert confirmed <= event.capacity


def test_participation_is_skewed_towards_large_municipalities(demo):
    per_org = Counter(r.organization_id for r in rows(Registration))
    by_size = defaultdict(list)
    for org in rows(Organization, Organization.kind == "municipality"):
        size = (
            "small" if org.population < 5000 else "large" if org.population >= 100_000 else "medium"
        )
        by_size[size].append(per_org.get(org.id, 0))

    def mean(values):
        return sum(values) / len(values)

    assert mean(by_size["large"]) > 4 * mean(by_size["medium"]) > 4 * mean(by_size["small"])
    small_taking_part = sum(1 for n in by_size["small"] if n)
    assert 3 <= small_taking_part <= 40  # a few small ones do; most never come
    assert sum(1 for n in by_size["large"] if n) == len(by_size["large"])


def test_meeting_places_have_presenters(demo):
    now = dt.datetime.combine(TODAY, dt.time(12), OSLO)
    for event in rows(Event, Event.kind == "meeting_place", Event.status == "published"):
        if event.registration_opens_at > now:
            continue
        presenters = rows(
            Registration, Registration.event_id == event.id, Registration.role == "presenter"
        )
        assert 0 < len(presenters) <= event.presenter_slots
        for p in presenters:
            assert p.organization.kind == "supplier"
            assert p.solution_title and p.solution_description and p.theme_id
            assert p.presenter_approval == "approved"


def test_presenters_never_exceed_the_presenter_slots(demo):
    for event in rows(Event):
        presenters = db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.event_id == event.id, Registration.role == "presenter")
        )
        assert presenters <= event.presenter_slots, (event.kind, event.title)
