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
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from stdnum.no import orgnr

from ..auth.models import User
from ..core.timeutil import OSLO, UTC, oslo_datetime, utcnow
from ..events.models import Event
from ..extensions import db
from ..networks.models import Network, NetworkMembership, Theme
from ..organizations.models import Contact, Organization
from ..organizations.registry import import_municipalities
from ..registration.models import Registration
from . import data
from .processes import add_demo_processes

SEED = 20241101
PASSWORD = "demo-passord-123"
USERS = (
    ("koordinator@lup.no", "Kari Koordinator", "coordinator"),
    ("admin@lup.no", "Ola Administrator", "admin"),
)
UID_PATTERN = "demo-{:02d}@netmgr.lup"
TEAMS = "https://teams.microsoft.com/l/meetup-join/lup-demo-{:02d}"
EVENT_COUNT = 40


@dataclass
class DemoResult:
    municipalities: int = 0
    counties: int = 0
    users: list[str] = field(default_factory=list)
    networks: int = 0
    memberships: int = 0
    suppliers: int = 0
    contacts: int = 0
    events: int = 0
    registrations: int = 0
    #: Demo events found already in the database (then nothing else is added)
    existing_events: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.municipalities
            or self.users
            or self.networks
            or self.memberships
            or self.suppliers
            or self.contacts
            or self.events
            or self.registrations
        )

    def lines(self) -> list[str]:
        out = []
        if self.municipalities:
            out.append(
                f"Municipalities: {self.municipalities} added, {self.counties} counties "
                "(registry was empty)"
            )
        if self.users:
            out.append(f"Users: {', '.join(self.users)} added (password {PASSWORD})")
        if self.events:
            out.append(
                f"Demo data: {self.networks} networks, {self.memberships} memberships, "
                f"{self.suppliers} suppliers, {self.contacts} contacts, "
                f"{self.events} events, {self.registrations} registrations added"
            )
        if not self.changed:
            out.append(
                f"Demo data already loaded ({self.existing_events} demo events): nothing changed"
            )
        elif self.existing_events:
            out.append(f"Demo events already loaded ({self.existing_events}): not touched")
        return out


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


def valid_org_number(rng: random.Random) -> str:
    """A 9-digit organisation number starting with 9 whose mod-11 check digit is valid."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [9] + [rng.randint(0, 9) for _ in range(7)]
        check = (11 - sum(w * d for w, d in zip(weights, digits)) % 11) % 11
        if check != 10:
            number = "".join(map(str, digits)) + str(check)
            if orgnr.is_valid(number):
                return number


def ascii_slug(text: str, sep: str = ".") -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, text).strip(sep)


def attendance_chance(population: int | None) -> float:
    """Grows with log10 of the population: under 3,000 people 1 %, 20,000 18 %, Oslo 49 %."""
    pop = max(population or 1, 1)
    return min(0.9, max(0.01, 0.03 + 0.2 * (math.log10(pop) - 3.5)))


def membership_chance(population: int | None) -> float:
    """Most large municipalities are members; small ones rarely (a few keen ones are added)."""
    pop = max(population or 1, 1)
    if pop >= 100_000:
        return 0.8
    return min(0.95, max(0.01, 0.03 + 0.25 * (math.log10(pop) - 3.5)))


def working_day(day: dt.date) -> dt.date:
    """Move a day out of the summer and Christmas holidays, onto Tuesday to Thursday."""
    while True:
        if day.month == 7 or (day.month == 8 and day.day < 10):
            day = dt.date(day.year, 8, 11 + day.day % 7)
        elif (day.month == 12 and day.day >= 18) or (day.month == 1 and day.day < 7):
            day = dt.date(day.year + (day.month == 12), 1, 8 + day.day % 7)
        elif day.weekday() not in (1, 2, 3):
            day += dt.timedelta(days=1)
        else:
            return day


class _Builder:
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

    def make_suppliers(self) -> None:
        existing = {
            o.org_number: o
            for o in db.session.scalars(select(Organization).where(Organization.kind == "supplier"))
        }
        for name, theme in data.SUPPLIERS:
            number = valid_org_number(self.rng)
            org = existing.get(number)
            if org is None:
                slug = ascii_slug(name.removesuffix(" AS"), "")
                org = Organization(
                    kind="supplier",
                    name=name,
                    org_number=number,
                    website=f"www.{slug}.no",
                    active=True,
                )
                db.session.add(org)
                self.result.suppliers += 1
            self.suppliers.append((org, theme))

    def contact_pool(self, org: Organization) -> list[dict]:
        """The people who come from an organisation: more in large organisations."""
        pool = self.pools.get(id(org))
        if pool is not None:
            return pool
        rng = self.rng
        if org.kind == "municipality":
            pop = org.population or 0
            size = 1 + (pop > 10_000) + (pop > 50_000) + (pop > 200_000)
            titles = data.MUNICIPAL_TITLES
        else:
            size, titles = 2, data.SUPPLIER_TITLES
        domain = (org.website or f"{ascii_slug(org.name, '')}.no").removeprefix("www.")
        pool = []
        for _ in range(size):
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            base = f"{ascii_slug(first)}.{ascii_slug(last)}"
            email, n = f"{base}@{domain}", 2
            while email in self.used_emails:
                email, n = f"{base}{n}@{domain}", n + 1
            self.used_emails.add(email)
            opted_out = rng.random() < 0.02
            created = self.now - dt.timedelta(days=800 + rng.randint(0, 200))
            contact = dict(
                organization=org,
                name=f"{first} {last}",
                email=email,
                phone=f"+47 {rng.choice('49')}{rng.randint(0, 99):02d} {rng.randint(0, 99):02d} "
                f"{rng.randint(0, 999):03d}",
                title=rng.choice(titles),
                language=None,
                note=None,
                opted_out=opted_out,
                opted_out_at=self.now - dt.timedelta(days=rng.randint(5, 300))
                if opted_out
                else None,
                created_at=created,
                updated_at=created,
            )
            self.contact_rows.append(contact)
            pool.append(contact)
            self.result.contacts += 1
        self.pools[id(org)] = pool
        return pool

    # -- events ----------------------------------------------------------------------------
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
    def candidates(self, ev: Event) -> list[tuple[Organization, float]]:
        """Municipalities that might come, with their chance of coming."""
        on = ev.starts_at.astimezone(OSLO).date()
        members = []
        if ev.network is not None:
            members = [
                org
                for org, joined, left in self.members[ev.network.theme.slug]
                if joined <= on and (left is None or left >= on)
            ]
        if ev.kind == "network_meeting":
            return [
                (o, 0.6 if id(o) in self.keen else min(0.95, 1.6 * attendance_chance(o.population)))
                for o in members
            ]
        out = []
        for org in self.municipalities:
            chance = 0.15 if id(org) in self.keen else attendance_chance(org.population)
            if ev.kind == "meeting_place":
                chance *= 2.5 if org.county_number == ev.county_number else 0.08
            elif ev.kind == "market_dialogue":
                chance *= 1.2 if any(org is m for m in members) else 0.15
            else:  # webinar
                chance *= 0.3
            out.append((org, min(0.95, chance)))
        return out

    def register_people(self, ev: Event) -> None:
        if ev.status == "draft" or ev.registration_opens_at > self.now:
            return
        rng = self.rng
        past = ev.ends_at < self.now
        latest = min(ev.registration_closes_at or ev.starts_at, self.now)
        seen: set[str] = set()
        attendees = 0

        def add(contact: dict, org: Organization, role="attendee", **extra):
            nonlocal attendees
            if contact["email"] in seen:
                return
            seen.add(contact["email"])
            span = max(int((latest - ev.registration_opens_at).total_seconds()), 3600)
            created = ev.registration_opens_at + dt.timedelta(seconds=rng.randint(0, span))
            reg = {
                "contact_email": contact["email"],
                "organization": org,
                "role": role,
                "source": rng.choices(("form", "invitation", "coordinator"), (70, 25, 5))[0],
                "status": "confirmed",
                "attendance": "unknown",
                "presenter_approval": None,
                "solution_title": None,
                "solution_description": None,
                "theme_id": None,
                "waitlisted_at": None,
                "confirmed_at": None,
                "cancelled_at": None,
                "attendance_recorded_at": None,
                "created_at": created,
                "updated_at": created,
                **extra,
            }
            if role == "attendee" and ev.capacity is not None and attendees >= ev.capacity:
                if past:
                    return  # full: these never got a seat
                reg["status"], reg["waitlisted_at"] = "waitlisted", created
            else:
                reg["confirmed_at"] = created
                attendees += role == "attendee"
                if rng.random() < 0.06:
                    reg["status"] = "cancelled"
                    reg["cancelled_at"] = min(
                        created + dt.timedelta(days=rng.randint(1, 10)), self.now
                    )
                    attendees -= role == "attendee"
            if past and reg["status"] == "confirmed":
                reg["attendance"] = "attended" if rng.random() < 0.87 else "no_show"
                reg["attendance_recorded_at"] = ev.ends_at + dt.timedelta(hours=rng.randint(1, 48))
            self.registration_rows.append((ev, reg))
            self.result.registrations += 1

        # Presenters first: they hold the presenter slots, not attendee seats.
        themes = [t.slug for t in ev.themes] or ["digital_solutions"]
        suppliers = [(o, t) for o, t in self.suppliers if t in themes]
        rng.shuffle(suppliers)
        for org, theme in suppliers[: ev.presenter_slots]:
            contact = self.contact_pool(org)[0]
            solution = rng.choice(data.SOLUTIONS[theme])
            add(
                contact,
                org,
                role="presenter",
                presenter_approval="approved",
                solution_title=solution,
                theme_id=self.themes[theme].id,
                solution_description=f"{org.name} viser {solution.lower()} og forteller om "
                "erfaringer fra kommuner som bruker løsningen.",
            )
        for org, chance in self.candidates(ev):
            if rng.random() >= chance:
                continue
            pool = self.contact_pool(org)
            people = 1 + ((org.population or 0) > 50_000) + ((org.population or 0) > 200_000)
            for contact in rng.sample(pool, min(people, len(pool))):
                add(contact, org)
        extra = {"meeting_place": (6, 14), "market_dialogue": (8, 16), "webinar": (2, 6)}
        if ev.kind in extra:
            rest = suppliers[ev.presenter_slots :] or list(self.suppliers)
            for org, _ in rest[: rng.randint(*extra[ev.kind])]:
                add(rng.choice(self.contact_pool(org)), org)
