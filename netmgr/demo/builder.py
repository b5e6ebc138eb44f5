"""Builds the demo data set (``netmgr demo``): deterministic, idempotent, believable.

Deterministic: one ``random.Random`` with a fixed seed, and every list walked in a fixed order,
so two fresh databases loaded on the same day hold the same rows. Dates are relative to the
day of loading (events from two years back to six months ahead), office hours in Europe/Oslo,
stored in UTC.

Idempotent: municipalities are loaded only if the registry is empty, the two users only if
missing, and the networks, suppliers, contacts, events and registrations only if no demo event
exists yet (demo events have UIDs ``demo-NN@netmgr.lup``). A second run changes nothing.

Participation is skewed the way it is in reality: the chance that a municipality joins a
network or comes to an event grows with the logarithm of its population, so Oslo and Bergen
come to most meetings, a few small municipalities come now and then, most never.

The models are used directly (not the services): demo data must not queue invitation mails.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, insert, select

from ..auth.models import User
from ..core.timeutil import OSLO, UTC, oslo_datetime, utcnow
from ..events.models import Event
from ..extensions import db
from ..networks.models import Network, NetworkMembership, Theme
from ..organizations.models import Contact, Organization
from ..organizations.registry import import_municipalities
from ..registration.models import Registration
from . import data
from .groups import add_demo_groups
from .people import PeopleBuilder
from .processes import add_demo_processes
from .result import DemoResult
from .rules import (
    EVENT_COUNT,
    PASSWORD,
    SEED,
    TEAMS,
    UID_PATTERN,
    USERS,
    membership_chance,
    valid_org_number,
    working_day,
)

__all__ = ["PASSWORD", "DemoResult", "load_demo", "valid_org_number"]


def load_demo(today: dt.date | None = None) -> DemoResult:
    """Load what is missing of the demo data set. The caller commits."""
    now = utcnow()
    today = today or now.astimezone(OSLO).date()
    if today != now.astimezone(OSLO).date():
        now = dt.datetime.combine(today, dt.time(12), OSLO).astimezone(UTC)
    result = DemoResult()

    if not db.session.scalar(
        select(func.count()).select_from(Organization).where(Organization.kind == "municipality")
    ):
        registry = import_municipalities()
        result.municipalities, result.counties = registry.added, registry.counties_added

    for email, name, role in USERS:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            user = User(email=email, name=name, role=role)
            user.set_password(PASSWORD)
            db.session.add(user)
            result.users.append(email)
    db.session.flush()

    result.existing_events = db.session.scalar(
        select(func.count()).select_from(Event).where(Event.uid.like("demo-%@netmgr.lup"))
    )
    if result.existing_events:
        return result
    _Builder(today, now, result).build()
    return result


class _Builder(PeopleBuilder):
    def __init__(self, today: dt.date, now: dt.datetime, result: DemoResult):
        self.today, self.now, self.result = today, now, result
        self.rng = random.Random(SEED)
        self.coordinator = db.session.scalar(select(User).where(User.email == USERS[0][0]))
        self.themes = {t.slug: t for t in db.session.scalars(select(Theme))}
        self.municipalities = list(
            db.session.scalars(
                select(Organization)
                .where(Organization.kind == "municipality", Organization.active.is_(True))
                .order_by(Organization.municipality_number)
            )
        )
        self.used_emails = set(db.session.scalars(select(Contact.email)))
        self.pools: dict[int, list[dict]] = {}
        self.networks: dict[str, Network] = {}
        #: Memberships per theme: (organisation, joined_on, left_on)
        self.members: dict[str, list[tuple[Organization, dt.date, dt.date | None]]] = {}
        #: Rows for the bulk INSERTs (one executemany each, no statement per row)
        self.membership_rows: list[tuple[Network, dict]] = []
        self.contact_rows: list[dict] = []
        self.registration_rows: list[tuple[Event, dict]] = []
        self.suppliers: list[tuple[Organization, str]] = []
        #: Small municipalities that joined a network on purpose: they come often
        self.keen: set[int] = set()

    # -- building blocks -------------------------------------------------------------------
    def build(self) -> None:
        self.make_networks()
        self.make_suppliers()
        events = self.make_events()
        for event in events:
            self.register_people(event)
        db.session.flush()  # networks, suppliers and events get their ids
        self.bulk_insert()
        add_demo_processes(self.today, self.coordinator, self.networks)
        add_demo_groups(self.today)

    def bulk_insert(self) -> None:
        """One executemany per table (render_nulls: every row has the same keys)."""

        def bulk(model):
            return insert(model).execution_options(render_nulls=True)

        if self.membership_rows:
            db.session.execute(
                bulk(NetworkMembership),
                [{**row, "network_id": network.id} for network, row in self.membership_rows],
            )
        for row in self.contact_rows:
            row["organization_id"] = row.pop("organization").id
        if self.contact_rows:
            db.session.execute(bulk(Contact), self.contact_rows)
        ids = dict(
            db.session.execute(
                select(Contact.email, Contact.id).where(
                    Contact.email.in_([row["email"] for row in self.contact_rows])
                )
            ).all()
        )
        rows = []
        for event, row in self.registration_rows:
            row["event_id"] = event.id
            row["contact_id"] = ids[row.pop("contact_email")]
            row["organization_id"] = row.pop("organization").id
            rows.append(row)
        if rows:
            db.session.execute(bulk(Registration), rows)
        for network in self.networks.values():
            db.session.expire(network, ["memberships"])

    def make_networks(self) -> None:
        for slug, name, theme, description in data.NETWORKS:
            network = db.session.scalar(select(Network).where(Network.slug == slug))
            if network is None:
                network = Network(
                    slug=slug,
                    name=name,
                    theme=self.themes[theme],
                    description=description,
                    active=True,
                )
                db.session.add(network)
                self.result.networks += 1
                self.add_members(network, theme)
            else:
                self.members[theme] = [
                    (m.organization, m.joined_on, m.left_on) for m in network.memberships
                ]
            self.networks[theme] = network

    def add_members(self, network: Network, theme: str) -> None:
        rng = self.rng
        members = self.members[theme] = []
        small_members = 0
        for org in self.municipalities:
            small = (org.population or 0) < 5000
            chance = membership_chance(org.population)
            keen = small and small_members < 3 and rng.random() < 0.03
            if keen:
                chance = 1.0  # a few small municipalities are keen members
            if rng.random() >= chance:
                continue
            if keen:
                self.keen.add(id(org))
            small_members += small
            joined = self.today - dt.timedelta(days=rng.randint(60, 1500))
            left = None
            if rng.random() < 0.1:
                left = joined + dt.timedelta(days=rng.randint(120, 700))
                if left >= self.today:
                    left = None
            members.append((org, joined, left))
            self.membership_rows.append(
                (network, {"organization_id": org.id, "joined_on": joined, "left_on": left})
            )
            self.result.memberships += 1

    def event_plan(self) -> list[tuple[dt.date, str]]:
        rng = self.rng
        kinds = (
            ["network_meeting"] * 17
            + ["meeting_place"] * 10
            + ["market_dialogue"] * 5
            + ["webinar"] * 8
        )
        rng.shuffle(kinds)
        first, last = self.today - dt.timedelta(days=730), self.today + dt.timedelta(days=180)
        step = (last - first).days / (EVENT_COUNT - 1)
        plan = []
        for i, kind in enumerate(kinds):
            day = working_day(first + dt.timedelta(days=round(i * step) + rng.randint(-3, 3)))
            plan.append((day, kind))
        return sorted(plan)

    def make_events(self) -> list[Event]:
        rng = self.rng
        counters: dict[str, int] = {}
        theme_cycle = ("buildings", "welfare_technology", "digital_solutions")
        events = []
        for number, (day, kind) in enumerate(self.event_plan(), start=1):
            n = counters[kind] = counters.get(kind, -1) + 1
            ev = Event(
                uid=UID_PATTERN.format(number),
                kind=kind,
                status="published",
                coordinator=self.coordinator,
                sequence=0,
                presenter_slots=0,
                capacity=None,
                members_only=False,
            )
            ev.presenter_approval_required = True
            if kind == "network_meeting":
                theme = theme_cycle[n % 3]
                title, description = data.NETWORK_TOPICS[theme][(n // 3) % 5]
                network = self.networks[theme]
                ev.title = f"Nettverksmøte {network.theme.name_nb.lower()}: {title.lower()}"
                ev.title = ev.title[:200]
                ev.description = description
                ev.network, ev.members_only = network, True
                ev.themes = [self.themes[theme]]
                if rng.random() < 0.4:
                    start, end = (10, 0), (11, 30)
                    ev.online_url = TEAMS.format(number)
                    ev.capacity = None
                else:
                    start, end = (10, 0), (15, 0)
                    if rng.random() < 0.5:
                        ev.location = rng.choice(data.OSLO_VENUES)
                    else:
                        city, ev.location, _ = rng.choice(data.VENUES)
                    ev.capacity = 40
            elif kind == "meeting_place":
                city, venue, county = data.VENUES[(n * 5) % len(data.VENUES)]
                template, description = data.MEETING_PLACE_TOPICS[n % 3]
                ev.title, ev.description = template.format(city=city), description
                ev.location, ev.county_number = venue, county
                ev.capacity, ev.presenter_slots = rng.choice((80, 100, 120)), 6
                ev.themes = [
                    self.themes[t] for t in sorted(rng.sample(theme_cycle, rng.choice((2, 3))))
                ]
                start, end = (9, 30), (15, 30)
            elif kind == "market_dialogue":
                title, theme, description = data.MARKET_DIALOGUES[n % 5]
                ev.title, ev.description = title, description
                ev.network, ev.themes = self.networks[theme], [self.themes[theme]]
                ev.location = rng.choice(data.OSLO_VENUES)
                ev.online_url = TEAMS.format(number)
                ev.capacity, ev.presenter_slots = 60, 4
                start, end = (12, 30), (15, 30)
            else:
                title, description = data.WEBINARS[n % len(data.WEBINARS)]
                ev.title, ev.description = title, description
                ev.online_url = TEAMS.format(number)
                start, end = rng.choice((((9, 0), (10, 0)), ((13, 0), (14, 0))))
            ev.starts_at = oslo_datetime(day.year, day.month, day.day, *start)
            ev.ends_at = oslo_datetime(day.year, day.month, day.day, *end)
            ev.registration_opens_at = ev.starts_at - dt.timedelta(days=56)
            ev.registration_closes_at = ev.starts_at - dt.timedelta(
                days=0 if kind == "webinar" else 2
            )
            created = min(
                ev.registration_opens_at - dt.timedelta(days=rng.randint(3, 20)),
                self.now - dt.timedelta(days=rng.randint(1, 10)),
            )
            ev.created_at, ev.updated_at = created, created
            ev.published_at = created + dt.timedelta(hours=rng.randint(1, 48))
            events.append(ev)

        future = [e for e in events if e.starts_at > self.now]
        for ev in future[-2:]:  # the two last are still being planned
            ev.status, ev.published_at = "draft", None
        meetings = [e for e in future if e.kind == "network_meeting" and e.status == "published"]
        if meetings:  # one cancelled (the speaker fell ill)
            cancelled = meetings[0]
            cancelled.status, cancelled.sequence = "cancelled", 1
            cancelled.cancelled_at = self.now - dt.timedelta(days=2)
            cancelled.description += (
                "\n\nAvlyst: møtet er avlyst på grunn av sykdom. Vi kommer tilbake med ny dato."
            )
        db.session.add_all(events)
        self.result.events = len(events)
        return events

    # -- registrations ---------------------------------------------------------------------
