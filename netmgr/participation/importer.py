"""Import of participation history from CSV (events held before netmgr).

Columns (header row required; Norwegian headers accepted too):
``event_title, date, kind, network_or_theme, organization, contact_name, contact_email,
attended``. ``organization`` is a municipality number (4 digits), an organisation number
(9 digits) or the exact name. Past events are matched by title (case-insensitive) and Oslo
date, else created. Every row is checked before anything is written: a dry run lists what
would be created and every bad row with its line number; the real import writes everything
or nothing. Registrations are inserted directly with ``source='import'`` — no confirmation
mail, no capacity rules, because these events are over.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..core.audit import audit
from ..core.errors import ServiceError
from ..core.timeutil import OSLO, utcnow
from ..events.models import EVENT_KINDS, Event
from ..extensions import db
from ..networks.models import Network, Theme
from ..organizations.models import Contact, Organization
from ..organizations.services import normalize_email
from ..registration.models import Registration
from ..web.inputs import BAD_CHARS, MAX_YEAR, MIN_YEAR, single_line

COLUMNS = (
    "event_title",
    "date",
    "kind",
    "network_or_theme",
    "organization",
    "contact_name",
    "contact_email",
    "attended",
)
REQUIRED = ("event_title", "date", "organization", "attended")
ALIASES = {
    "arrangement": "event_title",
    "tittel": "event_title",
    "dato": "date",
    "type": "kind",
    "nettverk_eller_tema": "network_or_theme",
    "nettverk": "network_or_theme",
    "tema": "network_or_theme",
    "organisasjon": "organization",
    "kommune": "organization",
    "kontaktnavn": "contact_name",
    "navn": "contact_name",
    "epost": "contact_email",
    "e-post": "contact_email",
    "kontakt_epost": "contact_email",
    "møtt": "attended",
    "motte": "attended",
    "deltok": "attended",
}
KIND_ALIASES = {
    "nettverksmøte": "network_meeting",
    "møteplass": "meeting_place",
    "markedsdialog": "market_dialogue",
    "annet": "other",
    "": "other",
}
YES = {"yes", "ja", "y", "j", "1", "true", "x", "møtt"}
NO = {"no", "nei", "n", "0", "false", "uteblitt", "ikke møtt"}
MAX_ROWS = 50000


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    events_new: list[dict] = field(default_factory=list)
    events_matched: list[dict] = field(default_factory=list)
    contacts_new: list[str] = field(default_factory=list)
    registrations: int = 0
    attended: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if MIN_YEAR <= day.year <= MAX_YEAR:
            return day
    raise ValueError(f"ugyldig dato «{text}» (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)")


class _Lookups:
    """All reference data loaded once (a handful of queries for any file size)."""

    def __init__(self):
        orgs = db.session.execute(
            select(
                Organization.id,
                Organization.municipality_number,
                Organization.org_number,
                Organization.name,
                Organization.active,
            )
        ).all()
        self.by_number = {}
        for o in orgs:  # an active municipality wins over a merged (inactive) one
            if o.municipality_number and (o.municipality_number not in self.by_number or o.active):
                self.by_number[o.municipality_number] = o.id
        self.by_orgnr = {o.org_number: o.id for o in orgs if o.org_number}
        self.by_name: dict[str, list[int]] = {}
        for o in orgs:
            self.by_name.setdefault(o.name.strip().lower(), []).append(o.id)
        self.networks = {}
        for n in db.session.execute(select(Network.id, Network.slug, Network.name)).all():
            self.networks[n.slug.lower()] = self.networks[n.name.strip().lower()] = n.id
        self.themes = {}
        for t in db.session.scalars(select(Theme)).all():
            for key in (t.slug, t.name_nb, t.name_nn, t.name_en):
                self.themes[key.strip().lower()] = t.id
        self.contacts = dict(db.session.execute(select(Contact.email, Contact.id)).all())

    def organization(self, value: str) -> int:
        v = value.strip()
        digits = re.sub(r"\s", "", v)
        if re.fullmatch(r"\d{4}", digits):
            if digits in self.by_number:
                return self.by_number[digits]
            raise ValueError(f"ukjent kommunenummer {digits}")
        if re.fullmatch(r"\d{9}", digits):
            if digits in self.by_orgnr:
                return self.by_orgnr[digits]
            raise ValueError(f"ukjent organisasjonsnummer {digits}")
        ids = self.by_name.get(v.lower(), [])
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise ValueError(f"navnet «{v}» passer på flere organisasjoner; bruk nummer")
        raise ValueError(f"ukjent organisasjon «{v}»")


def _match_event(title: str, day: dt.date) -> Event | None:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=OSLO)
    end = start + dt.timedelta(days=1)
    return db.session.scalars(
        select(Event)
        .where(
            func.lower(Event.title) == title.lower(),
            Event.starts_at >= start,
            Event.starts_at < end,
        )
        .order_by(Event.id)
    ).first()


def import_participation(
    text: str, *, dry_run: bool, user=None, today: dt.date | None = None
) -> ImportReport:
    """Check every row, then (not dry run, no errors) write everything. Caller commits."""

    today = today or dt.datetime.now(OSLO).date()
    report = ImportReport(dry_run=dry_run)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), dialect=_sniff(text))
    try:
        header = next(reader)
    except StopIteration:
        report.errors.append((1, "filen er tom"))
        return report
    names = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    unknown = [h for h in names if h not in COLUMNS]
    if missing or unknown:
        if missing:
            report.errors.append((1, "mangler kolonne(r): " + ", ".join(missing)))
        if unknown:
            report.errors.append((1, "ukjent(e) kolonne(r): " + ", ".join(unknown)))
        return report
    look = _Lookups()
    events: dict[tuple[str, dt.date], dict] = {}
    planned: list[dict] = []
    seen_pairs: set[tuple] = set()
    new_contacts: dict[str, dict] = {}
    for line, values in _records(reader):
        if isinstance(values, str):  # a line the csv module cannot read, or bad characters
            report.errors.append((line, values))
            continue
        if not any(v.strip() for v in values):
            continue
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append((line, f"mer enn {MAX_ROWS} rader"))
            break
        if len(values) != len(names):
            report.errors.append((line, f"{len(values)} felt, ventet {len(names)}"))
            continue
        row = {k: v.strip() for k, v in zip(names, values)}
        try:
            title = row["event_title"]
            if not title or len(title) > 200:
                raise ValueError("tittel mangler eller er lengre enn 200 tegn")
            if not single_line(title) or not single_line(row.get("contact_name")):
                raise ValueError("tittel og navn må stå på én linje, uten kontrolltegn")
            day = _parse_date(row["date"])
            if day >= today:
                raise ValueError("datoen er ikke passert; bare historikk kan importeres")
            kind = row.get("kind", "").lower()
            kind = KIND_ALIASES.get(kind, kind)
            if kind not in EVENT_KINDS:
                raise ValueError(f"ukjent type «{row.get('kind')}»")
            link = row.get("network_or_theme", "").lower()
            network_id = theme_id = None
            if link:
                network_id = look.networks.get(link)
                theme_id = None if network_id else look.themes.get(link)
                if not network_id and not theme_id:
                    raise ValueError(f"ukjent nettverk eller tema «{row['network_or_theme']}»")
            org_id = look.organization(row["organization"])
            attended = row["attended"].lower()
            if attended in YES:
                attendance = "attended"
            elif attended in NO:
                attendance = "no_show"
            else:
                raise ValueError(f"møtt må være ja eller nei, ikke «{row['attended']}»")
            email = row.get("contact_email", "")
            if email:
                try:
                    email = normalize_email(email)
                except ServiceError:
                    raise ValueError(f"ugyldig e-postadresse «{row['contact_email']}»") from None
            elif row.get("contact_name"):
                raise ValueError(
                    "kontaktnavn uten e-postadresse (e-post trengs for å finne personen)"
                )
        except ValueError as err:
            report.errors.append((line, str(err)))
            continue
        key = (title.lower(), day)
        if key not in events:
            existing = _match_event(title, day)
            events[key] = {
                "title": title,
                "date": day,
                "kind": kind,
                "network_id": network_id,
                "theme_id": theme_id,
                "event": existing,
            }
            (report.events_matched if existing else report.events_new).append(
                {"title": title, "date": day.isoformat(), "kind": kind, "line": line}
            )
        if email:
            pair = (key, email)
            if pair in seen_pairs:
                report.errors.append((line, f"{email} står to ganger for samme arrangement"))
                continue
            seen_pairs.add(pair)
            if email not in look.contacts and email not in new_contacts:
                new_contacts[email] = {
                    "name": row.get("contact_name") or email.split("@")[0],
                    "org_id": org_id,
                }
                report.contacts_new.append(email)
        planned.append(
            {"event_key": key, "org_id": org_id, "email": email or None, "attendance": attendance}
        )
        report.registrations += 1
        report.attended += attendance == "attended"
    if report.errors or dry_run:
        return report
    _write(events, planned, new_contacts, look, user)
    audit(
        "participation.imported",
        None,
        user=user,
        rows=report.rows,
        events_created=len(report.events_new),
        registrations=report.registrations,
    )
    return report


def _write(events, planned, new_contacts, look, user) -> None:
    now = utcnow()
    for info in events.values():
        if info["event"] is None:
            start = dt.datetime.combine(info["date"], dt.time(10), tzinfo=OSLO)
            ev = Event(
                title=info["title"],
                kind=info["kind"],
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                status="published",
                network_id=info["network_id"],
                published_at=now,
                description="Importert fra historikk.",
                reminder_hours=[],
            )
            if info["theme_id"]:
                ev.themes = [db.session.get(Theme, info["theme_id"])]
            db.session.add(ev)
            info["event"] = ev
    for email, c in new_contacts.items():
        contact = Contact(email=email, name=c["name"], organization_id=c["org_id"])
        db.session.add(contact)
        new_contacts[email] = contact
    db.session.flush()
    contact_ids = dict(look.contacts)
    contact_ids.update({e: c.id for e, c in new_contacts.items()})
    for p in planned:
        event = events[p["event_key"]]["event"]
        contact_id = contact_ids.get(p["email"]) if p["email"] else None
        existing = None
        if contact_id:
            existing = db.session.scalars(
                select(Registration).where(
                    Registration.event_id == event.id,
                    Registration.contact_id == contact_id,
                    Registration.status != "cancelled",
                )
            ).first()
        if existing is not None:  # known already: the import records the attendance
            existing.attendance = p["attendance"]
            existing.attendance_recorded_at = now
            continue
        db.session.add(
            Registration(
                event_id=event.id,
                contact_id=contact_id,
                organization_id=p["org_id"],
                status="confirmed",
                attendance=p["attendance"],
                source="import",
                confirmed_at=now,
                attendance_recorded_at=now,
            )
        )
    db.session.flush()


#: Longest field read from a file (a title is at most 200 characters, an address 254)
MAX_FIELD = 2000


def _records(reader):
    """(line, fields) per record from line 2 on; (line, message) for a record that cannot be
    read: NUL or control characters, a field longer than MAX_FIELD, broken quoting."""
    line = 1
    while True:
        line += 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield line, "linjen kan ikke leses (for langt felt, NUL-tegn eller feil anførselstegn)"
            return
        if any(len(v) > MAX_FIELD for v in values):
            yield line, f"et felt er lengre enn {MAX_FIELD} tegn"
        elif any(BAD_CHARS.search(v) for v in values):
            yield line, "linjen har tegn som ikke er tillatt (NUL eller kontrolltegn)"
        else:
            yield line, values


def _sniff(text: str):
    first = text.lstrip("\ufeff").split("\n", 1)[0]

    class Dialect(csv.excel):
        delimiter = ";" if first.count(";") > first.count(",") else ","

    return Dialect
