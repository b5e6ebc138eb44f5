"""Suppliers, contacts and registrations of the demo data set (part of the builder)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from ..core.timeutil import OSLO
from ..events.models import Event
from ..extensions import db
from ..networks.models import Network
from ..organizations.models import Organization
from . import data, names
from .rules import ascii_slug, attendance_chance, valid_org_number


class PeopleBuilder:
    """Suppliers, each organisation's contact pool, who comes to an event.

    Mixed into the builder, which holds the random generator and the collected rows.
    """

    rng: random.Random
    now: dt.datetime
    networks: dict[str, Network]

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
            titles = names.MUNICIPAL_TITLES
        else:
            size, titles = 2, names.SUPPLIER_TITLES
        domain = (org.website or f"{ascii_slug(org.name, '')}.no").removeprefix("www.")
        pool = []
        for _ in range(size):
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
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
