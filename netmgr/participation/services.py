"""Page-level services: municipality profile, check-in, campaign from a target list, outcome.

Nothing here commits; the view or CLI does (one transaction per user action).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..campaigns.models import Campaign, CampaignRecipient
from ..campaigns.services import create_campaign
from ..core.audit import audit
from ..core.errors import NotFoundError, ServiceError
from ..core.timeutil import OSLO, utcnow
from ..events.models import Event
from ..extensions import db
from ..networks.models import NetworkMembership
from ..organizations.models import Contact, Organization
from ..organizations.services import find_or_create_contact
from ..registration.models import Registration
from ..registration.services import register, set_attendance
from . import summary
from .figures import municipality_universe
from .settings import get_size_classes
from .targets import TargetCriteria, target_list

# -- municipality page -----------------------------------------------------------------------


def municipality_profile(org_id: int) -> dict:
    org = db.session.get(Organization, org_id)
    if org is None or org.kind != "municipality":
        raise NotFoundError({"organization": ["Kommunen finnes ikke."]})
    return organization_profile(org)


#: The municipality page lists this many contacts by name (a large municipality has over a
#: thousand; all of them are on the organisation page's contact list)
CONTACTS_SHOWN = 50
#: The timeline shows this many of the newest items (ten years of a large municipality are
#: thousands of rows: a page that grew with them would take seconds)
TIMELINE_LIMIT = 100


def organization_profile(org: Organization) -> dict:
    """Memberships, the newest of the timeline of registrations and invitations (with
    answers), the last attended event and the size class of any organisation (the
    organisation page's part). A fixed number of statements whatever the history's length."""
    memberships = db.session.scalars(
        select(NetworkMembership)
        .where(NetworkMembership.organization_id == org.id)
        .order_by(NetworkMembership.joined_on)
    ).all()
    # The newest events the organisation took part in, found from the events' side (their
    # start index, a probe per event into the organisation's index): the first hundred come
    # without sorting the whole history of a large municipality
    newest = (
        select(Event.id)
        .where(
            select(Registration.id)
            .where(Registration.event_id == Event.id, Registration.organization_id == org.id)
            .exists()
        )
        .order_by(Event.starts_at.desc(), Event.id.desc())
        .limit(TIMELINE_LIMIT)
    )
    registrations = db.session.execute(
        select(Registration, Event)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.organization_id == org.id,
            Registration.event_id.in_(db.session.scalars(newest).all()),
        )
        .options(joinedload(Registration.contact))
        .order_by(Event.starts_at.desc(), Registration.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    timeline = [
        {"at": ev.starts_at, "type": "registration", "event": ev, "registration": reg}
        for reg, ev in registrations
    ]
    invitations = db.session.execute(
        select(CampaignRecipient, Campaign, Event)
        .join(Campaign, Campaign.id == CampaignRecipient.campaign_id)
        .join(Event, Event.id == Campaign.event_id)
        .where(CampaignRecipient.organization_id == org.id, CampaignRecipient.sends > 0)
        .options(joinedload(CampaignRecipient.contact))
        .order_by(Campaign.sent_at.desc(), CampaignRecipient.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    timeline += [
        {
            "at": camp.sent_at or camp.created_at,
            "type": "invitation",
            "event": ev,
            "recipient": rec,
            "campaign": camp,
        }
        for rec, camp, ev in invitations
    ]
    timeline.sort(key=lambda item: item["at"], reverse=True)
    # the counts: the registrations from the organisation's index, the participations from
    # the summary (one row per day, not one per registration)
    total, participations, last = db.session.execute(
        select(
            select(func.count(Registration.id))
            .where(Registration.organization_id == org.id)
            .scalar_subquery(),
            summary.attended_total(org.id),
            summary.last_attended(org.id),
        )
    ).one()
    invited, contacts_total = db.session.execute(
        select(
            select(func.count(CampaignRecipient.id))
            .where(CampaignRecipient.organization_id == org.id, CampaignRecipient.sends > 0)
            .scalar_subquery(),
            select(func.count(Contact.id))
            .where(Contact.organization_id == org.id)
            .scalar_subquery(),
        )
    ).one()
    contacts = db.session.scalars(
        select(Contact)
        .where(Contact.organization_id == org.id)
        .order_by(Contact.name, Contact.id)
        .limit(CONTACTS_SHOWN)
    ).all()
    classes = get_size_classes()
    return {
        "org": org,
        "memberships": memberships,
        "timeline": timeline[:TIMELINE_LIMIT],
        "timeline_total": (total or 0) + (invited or 0),
        "last_participation": last,
        "participations": participations or 0,
        "contacts": contacts,
        "contacts_total": contacts_total or 0,
        "size_class": classes.label(classes.index_of(org.population)),
        "small": classes.is_small(org.population),
    }


# -- check-in --------------------------------------------------------------------------------


def checkin_rows(event: Event) -> list[Registration]:
    return db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status != "cancelled")
        .options(selectinload(Registration.contact), selectinload(Registration.organization))
        .join(Organization, Organization.id == Registration.organization_id)
        .order_by(Organization.name, Registration.id)
    ).all()


def record_attendance(event: Event, registration_id: int, attendance: str) -> Registration:

    reg = db.session.get(Registration, registration_id)
    if reg is None or reg.event_id != event.id:
        raise NotFoundError({"registration": ["Påmeldingen finnes ikke."]})
    return set_attendance(reg, attendance)


def mark_all_confirmed_attended(event: Event) -> int:
    """Every confirmed registration without recorded attendance becomes ``attended``."""

    regs = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status == "confirmed",
            Registration.attendance == "unknown",
        )
    ).all()
    for reg in regs:
        set_attendance(reg, "attended")
    audit("event.checkin_all", event, count=len(regs))
    return len(regs)


def add_walk_in(
    event: Event, organization_id: int | None, name: str, email: str, errors=None
) -> Registration:
    """A person who came without registering: contact found or created, marked attended.
    ``errors`` may hold messages the page already found (the organisation look-up)."""

    errors = dict(errors or {})
    org = db.session.get(Organization, organization_id) if organization_id else None
    if org is None and "organization" not in errors:
        errors["organization"] = ["Velg en organisasjon fra registeret."]
    if not (name or "").strip():
        errors["name"] = ["Skriv navnet."]
    if not (email or "").strip():
        errors["email"] = ["Skriv e-postadressen."]
    if errors:
        raise ServiceError(errors)
    contact = find_or_create_contact(email, name.strip(), org)
    reg, _ = register(event, contact, organization=org, source="walk_in", by_coordinator=True)
    if reg.status != "confirmed":  # a walk-in has a seat: they are in the room
        reg.status = "confirmed"
        reg.confirmed_at = utcnow()
    set_attendance(reg, "attended")
    audit("registration.walk_in", reg, event_id=event.id)
    return reg


# -- campaign from a target list -------------------------------------------------------------


def campaign_from_targets(
    event: Event,
    criteria: TargetCriteria,
    user=None,
    today: dt.date | None = None,
    name: str | None = None,
):
    """An invitation campaign (draft) to the contacts of exactly the listed municipalities
    (opted-out contacts are left out by the campaign service); the criteria are stored."""
    today = today or dt.datetime.now(OSLO).date()
    rows = target_list(criteria, today)
    if not rows:
        raise ServiceError({"criteria": ["Mållisten er tom."]})
    stored = {
        "source": "targeting",
        "as_of": today.isoformat(),
        **criteria.as_dict(),
        "organization_ids": [r.organization_id for r in rows],
        "municipality_numbers": [r.municipality_number for r in rows],
    }
    campaign = create_campaign(
        event,
        {"organizations": stored["organization_ids"]},
        criteria=stored,
        user=user,
        name=name or f"Målrettet: {event.title}",
    )
    audit("campaign.targeted", campaign, user=user, municipalities=len(rows))
    return campaign


@dataclass
class OutcomeRow:
    size_class: str
    targeted: int
    targeted_registered: int
    targeted_attended: int
    others: int
    others_registered: int
    others_attended: int

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    def as_dict(self) -> dict:
        s = self.share
        return {
            **self.__dict__,
            "targeted_registered_percent": s(self.targeted_registered, self.targeted),
            "targeted_attended_percent": s(self.targeted_attended, self.targeted),
            "others_registered_percent": s(self.others_registered, self.others),
            "others_attended_percent": s(self.others_attended, self.others),
        }


def targeted_campaigns():
    return db.session.scalars(
        select(Campaign)
        .where(_is_targeted())
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    ).all()


def _is_targeted():
    """Campaigns made from a target list (JSON ``criteria.source == 'targeting'``; a JSON
    ``null`` is not SQL NULL, so test the key)."""
    return Campaign.criteria["source"].as_string() == "targeting"


def campaign_outcome(campaign) -> list[OutcomeRow]:
    """Per size class of the targeted municipalities: share that registered for / attended the
    campaign's event, next to the municipalities of the same classes that no targeted campaign
    picked between this campaign's creation and the event (one grouped query)."""
    criteria = campaign.criteria or {}
    targeted_ids = [int(i) for i in criteria.get("organization_ids", [])]
    event = campaign.event
    others_targeted: set[int] = set()
    for other in db.session.scalars(
        select(Campaign).where(
            _is_targeted(),
            Campaign.id != campaign.id,
            Campaign.created_at >= campaign.created_at,
            Campaign.created_at <= event.starts_at,
        )
    ):
        others_targeted.update(int(i) for i in (other.criteria or {}).get("organization_ids", []))
    classes = get_size_classes()
    size = classes.case(Organization.population)
    regs = (
        select(
            Registration.organization_id.label("org_id"),
            func.max(case((Registration.attendance == "attended", 1), else_=0)).label("attended"),
        )
        .where(Registration.event_id == event.id, Registration.status != "cancelled")
        .group_by(Registration.organization_id)
        .subquery()
    )
    is_targeted = case((Organization.id.in_(targeted_ids or [-1]), 1), else_=0)
    conds = [
        municipality_universe(),
        size.in_(
            select(classes.case(Organization.population)).where(
                Organization.id.in_(targeted_ids or [-1])
            )
        ),
    ]
    if others_targeted:
        conds.append(
            or_(Organization.id.in_(targeted_ids or [-1]), Organization.id.notin_(others_targeted))
        )
    rows = db.session.execute(
        select(
            size.label("size"),
            is_targeted.label("targeted"),
            func.count(Organization.id),
            func.count(regs.c.org_id),
            func.coalesce(func.sum(regs.c.attended), 0),
        )
        .outerjoin(regs, regs.c.org_id == Organization.id)
        .where(*conds)
        .group_by(size, is_targeted)
    ).all()
    table: dict[int, dict[int, tuple[int, int, int]]] = {}
    for sz, targeted, n, registered, attended in rows:
        table.setdefault(int(sz), {})[int(targeted)] = (int(n), int(registered), int(attended))
    out = []
    for sz in sorted(table):
        t = table[sz].get(1, (0, 0, 0))
        o = table[sz].get(0, (0, 0, 0))
        out.append(OutcomeRow(classes.label(sz), *t, *o))
    if len(out) > 1:
        out.append(
            OutcomeRow(
                "alle",
                *(
                    sum(getattr(r, f) for r in out)
                    for f in (
                        "targeted",
                        "targeted_registered",
                        "targeted_attended",
                        "others",
                        "others_registered",
                        "others_attended",
                    )
                ),
            )
        )
    return out
