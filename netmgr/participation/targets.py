"""The target list: municipalities (by default small) without recent attended participation.

One SELECT: the registry joined to three grouped subqueries (participations, contacts,
invitations). Invitations are the campaign recipients (mail feature) of campaigns sent in the
period, with their answer (accepted/declined) and whether the municipality then registered for
and attended the event. Without the campaigns package the campaign mails in the outbox
(kind ``campaign.*``) are used instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import and_, case, func, literal, select

from ..campaigns.models import Campaign, CampaignRecipient
from ..core.counties import COUNTIES
from ..core.timeutil import OSLO, UTC
from ..events.models import Event
from ..extensions import db
from ..groups.models import GroupMembership
from ..groups.queries import groups_of, member_ids_subquery
from ..organizations.memberships import active_on
from ..organizations.models import Contact, Organization
from ..processes.models import ProcessParticipant
from ..registration.models import Registration
from . import summary
from .figures import Filters, event_conditions, months_ago, municipality_universe, period_bounds
from .settings import get_size_classes


@dataclass(frozen=True)
class TargetCriteria:
    max_population: int | None = None  #: default: below the small limit
    min_population: int | None = None
    county: str | None = None  #: two-digit county number
    theme: str | None = None  #: theme slug: only participations in this theme count
    network_id: int | None = None  #: only participations at this network's events count
    months: int = 12  #: the look-back period
    min_participations: int = 1  #: listed when fewer participations than this in the period
    #: a joint process: municipalities not yet in it, in its need owners' counties or groups,
    #: whether they took part recently or not
    process_id: int | None = None
    group_id: int | None = None  #: only the group's members today

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class TargetRow:
    organization_id: int
    municipality_number: str
    name: str
    county_number: str | None
    county_name: str | None
    population: int | None
    last_participation: dt.datetime | None
    participations_in_period: int
    invitations: int
    invitations_accepted: int
    invitations_declined: int
    invitations_registered: int
    invitations_attended: int
    contacts: int
    reachable_contacts: int
    #: an official address (postmottak) is known
    has_official_email: bool = False
    #: the groups the municipality is a member of today, by name
    groups: list = field(default_factory=list)

    @property
    def reachable(self) -> str:
        """How an invitation reaches the municipality: ``contact`` (an active contact who
        has not opted out), ``official`` (only the official address) or ``none``."""
        if self.reachable_contacts:
            return "contact"
        return "official" if self.has_official_email else "none"

    @property
    def no_contacts(self) -> bool:
        return self.contacts == 0

    @property
    def invitation_answer(self) -> str:
        """The best answer to any invitation in the period: never_invited, attended,
        registered (but did not attend), accepted, declined or no_answer."""
        if not self.invitations:
            return "never_invited"
        for name in ("attended", "registered", "accepted", "declined"):
            if getattr(self, f"invitations_{name}"):
                return name
        return "no_answer"

    def as_dict(self) -> dict:
        data = asdict(self)
        del data["has_official_email"]
        return {
            **data,
            "groups": [{"id": g.id, "name": g.name} for g in self.groups],
            "reachable": self.reachable,
            "no_contacts": self.no_contacts,
            "invitation_answer": self.invitation_answer,
        }


def _period(criteria: TargetCriteria, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return period_bounds(months_ago(today, criteria.months), today)


def invitation_summary(since: dt.datetime, until: dt.datetime):
    """Subquery per organisation: invited events, accepted, declined, registered, attended.

    Driven from the campaigns sent in the period (a CTE, a few dozen rows) into their
    recipients and the registrations at their events: never a scan of every invitation
    (75,000 recipients took 1.4 s on SQLite when the planner started from them)."""
    sent = (
        select(Campaign.id.label("id"), Campaign.event_id.label("event_id"))
        .where(
            Campaign.event_id.is_not(None),  # invitations to join a process are not events
            Campaign.sent_at >= since,
            Campaign.sent_at < until,
        )
        .cte("sent")
    )
    invited = (
        select(
            CampaignRecipient.organization_id.label("org_id"),
            sent.c.event_id.label("event_id"),
            func.max(case((CampaignRecipient.response == "accepted", 1), else_=0)).label(
                "accepted"
            ),
            func.max(case((CampaignRecipient.response == "declined", 1), else_=0)).label(
                "declined"
            ),
        )
        .select_from(sent)
        .join(CampaignRecipient, CampaignRecipient.campaign_id == sent.c.id)
        .where(CampaignRecipient.sends > 0)
        .group_by(CampaignRecipient.organization_id, sent.c.event_id)
        .subquery("invited")
    )
    answers = (
        select(
            Registration.organization_id.label("org_id"),
            Registration.event_id.label("event_id"),
            func.max(case((Registration.attendance == "attended", 1), else_=0)).label("attended"),
        )
        .where(
            Registration.status != "cancelled",
            Registration.event_id.in_(select(sent.c.event_id)),
        )
        .group_by(Registration.organization_id, Registration.event_id)
        .subquery("answers")
    )
    return (
        select(
            invited.c.org_id,
            func.count(invited.c.event_id).label("n"),
            func.sum(invited.c.accepted).label("accepted"),
            func.sum(invited.c.declined).label("declined"),
            func.count(answers.c.event_id).label("registered"),
            func.coalesce(func.sum(answers.c.attended), 0).label("attended"),
        )
        .outerjoin(
            answers,
            and_(answers.c.org_id == invited.c.org_id, answers.c.event_id == invited.c.event_id),
        )
        .group_by(invited.c.org_id)
        .subquery("invitations")
    )


def process_conditions(process_id: int, today: dt.date) -> list:
    """Not in the process today (a pending request counts as in), in a county or a group of
    one of its current need owners."""
    open_rows = and_(
        ProcessParticipant.process_id == process_id,
        ProcessParticipant.joined_on <= today,
        (ProcessParticipant.left_on.is_(None)) | (ProcessParticipant.left_on >= today),
    )
    in_process = select(ProcessParticipant.organization_id).where(
        ProcessParticipant.process_id == process_id,
        (ProcessParticipant.left_on.is_(None)) | (ProcessParticipant.left_on >= today),
    )
    owners = select(ProcessParticipant.organization_id).where(
        open_rows,
        ProcessParticipant.role == "need_owner",
        ProcessParticipant.status == "active",
    )
    owner_counties = select(Organization.county_number).where(Organization.id.in_(owners))
    owner_groups = select(GroupMembership.group_id).where(
        GroupMembership.organization_id.in_(owners), active_on(GroupMembership, today)
    )
    in_owner_groups = select(GroupMembership.organization_id).where(
        GroupMembership.group_id.in_(owner_groups), active_on(GroupMembership, today)
    )
    return [
        Organization.id.not_in(in_process),
        Organization.county_number.in_(owner_counties) | Organization.id.in_(in_owner_groups),
    ]


def participations(criteria: TargetCriteria, today: dt.date, since, until):
    """Subquery per organisation: the last participation before ``until`` and the number
    since ``since``. Without a theme or network filter both come from the summary (two
    index look-ups per municipality, whatever the history's length); with one, from the
    registrations and their events."""
    if criteria.theme is None and criteria.network_id is None:
        org = Organization.id
        return (
            select(
                org.label("org_id"),
                summary.last_attended(org, before=today + dt.timedelta(days=1)).label("last"),
                summary.attended_between(org, months_ago(today, criteria.months), today).label(
                    "recent"
                ),
            )
            .where(municipality_universe())
            .subquery("parts")
        )
    filters = Filters(today, today, theme=criteria.theme, network_id=criteria.network_id)
    return (
        select(
            Registration.organization_id.label("org_id"),
            func.max(Event.starts_at).label("last"),
            func.sum(case((Event.starts_at >= since, 1), else_=0)).label("recent"),
        )
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.status != "cancelled",
            Registration.attendance == "attended",
            Event.starts_at < until,
            *event_conditions(filters, period=False),
        )
        .group_by(Registration.organization_id)
        .subquery("parts")
    )


def target_query(criteria: TargetCriteria, today: dt.date | None = None):
    today = today or dt.datetime.now(OSLO).date()
    since, until = _period(criteria, today)
    classes = get_size_classes()
    max_pop = (
        criteria.max_population if criteria.max_population is not None else classes.small_limit - 1
    )
    parts = participations(criteria, today, since, until)
    contacts = (
        select(
            Contact.organization_id.label("org_id"),
            func.count(Contact.id).label("n"),
            # reachable: active (still works there) and not opted out
            func.sum(
                case((Contact.opted_out.is_(False) & Contact.active.is_(True), 1), else_=0)
            ).label("ok"),
        )
        .group_by(Contact.organization_id)
        .subquery("contacts")
    )
    invitations = invitation_summary(since, until)
    recent = func.coalesce(parts.c.recent, 0)
    conds = [municipality_universe(), func.coalesce(Organization.population, 0) <= max_pop]
    if criteria.process_id is None:
        conds.append(recent < criteria.min_participations)
    else:
        conds += process_conditions(criteria.process_id, today)
    if criteria.min_population is not None:
        conds.append(func.coalesce(Organization.population, 0) >= criteria.min_population)
    if criteria.county:
        conds.append(Organization.county_number == criteria.county)
    if criteria.group_id:
        conds.append(Organization.id.in_(member_ids_subquery(criteria.group_id, today)))
    return (
        select(
            Organization.id,
            Organization.municipality_number,
            Organization.name,
            Organization.county_number,
            Organization.population,
            parts.c.last,
            recent.label("recent"),
            func.coalesce(invitations.c.n, 0),
            func.coalesce(invitations.c.accepted, 0),
            func.coalesce(invitations.c.declined, 0),
            func.coalesce(invitations.c.registered, 0),
            func.coalesce(invitations.c.attended, 0),
            func.coalesce(contacts.c.n, 0),
            func.coalesce(contacts.c.ok, 0),
            Organization.official_email.is_not(None),
        )
        .outerjoin(parts, parts.c.org_id == Organization.id)
        .outerjoin(contacts, contacts.c.org_id == Organization.id)
        .outerjoin(invitations, invitations.c.org_id == Organization.id)
        .where(*conds)
        .order_by(
            case((parts.c.last.is_(None), literal(0)), else_=literal(1)),
            parts.c.last,
            Organization.municipality_number,
        )
    )


def target_list(criteria: TargetCriteria, today: dt.date | None = None) -> list[TargetRow]:
    rows = db.session.execute(target_query(criteria, today)).all()
    groups = groups_of([row[0] for row in rows], today)
    out = []
    for row in rows:
        org_id, number, name, county, pop, last, recent, inv, acc, dec, reg, att, n, ok = row[:14]
        if last is not None and last.tzinfo is None:  # SQLite aggregates lose the type
            last = last.replace(tzinfo=UTC)
        if isinstance(last, str):
            last = dt.datetime.fromisoformat(last).replace(tzinfo=UTC)
        out.append(
            TargetRow(
                org_id,
                number,
                name,
                county,
                COUNTIES.get(county or ""),
                pop,
                last,
                int(recent),
                int(inv),
                int(acc),
                int(dec),
                int(reg),
                int(att),
                int(n),
                int(ok),
                bool(row[14]),
                groups.get(org_id, []),
            )
        )
    return out
