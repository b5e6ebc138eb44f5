"""Participation figures per segment, computed by SQL aggregation in the database.

Definitions (see the README section "Participation and targeting"):

* universe: active municipalities in the registry (``kind = 'municipality' AND active``);
  merged municipalities (inactive) keep their history but are not counted;
* a *participation* is a registration (not cancelled) marked ``attended`` at a non-cancelled
  event that starts inside the period (Europe/Oslo dates, both ends inclusive);
* *reached*: at least one participation; a registration alone, or only no-shows, is not;
* *no-show rate*: no-shows / (attended + no-shows) of the recorded attendances;
* *participants per 10,000 inhabitants*: participations × 10,000 / population of the segment;
* *representation index*: (segment's share of reached municipalities) / (segment's share of
  all municipalities); 1.0 is proportional.

Each query groups in the database (one query for a report, one for a trend); Python only
turns the handful of segment rows into ratios.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import and_, case, exists, func, literal, or_, select

from ..core.counties import COUNTIES
from ..core.errors import ServiceError
from ..core.timeutil import OSLO, UTC
from ..events.models import Event, event_themes
from ..extensions import db
from ..groups.models import Group, GroupMembership
from ..networks.models import Network, NetworkMembership, Theme
from ..organizations.models import Organization
from ..registration.models import Registration
from .settings import SizeClasses, get_size_classes

GROUPS = ("size_class", "county", "written_standard", "small", "network_member", "group")
WRITTEN_STANDARD_LABELS = {"nb": "bokmål", "nn": "nynorsk", "neutral": "nøytral"}


@dataclass(frozen=True)
class Filters:
    """The period (Oslo dates, inclusive) and the optional theme / network / event kind."""

    date_from: dt.date
    date_to: dt.date
    theme: str | None = None  #: theme slug
    network_id: int | None = None
    kind: str | None = None
    #: only the members of this group (a member at some time in the period) are counted
    group_id: int | None = None
    #: only participations at this joint process's events count
    process_id: int | None = None

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return period_bounds(self.date_from, self.date_to)


def period_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) in UTC: Oslo midnight of ``date_from`` to Oslo midnight after ``date_to``."""
    start = dt.datetime.combine(date_from, dt.time(0), tzinfo=OSLO).astimezone(UTC)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(0), tzinfo=OSLO).astimezone(
        UTC
    )
    return start, end


def municipality_universe():
    return and_(Organization.kind == "municipality", Organization.active.is_(True))


def member_during(date_from: dt.date, date_to: dt.date, group_id=None):
    """EXISTS: the organisation was a member of the group (or, with ``group_id`` None, of
    the group ``Group.id`` of the outer query) at some time in the period."""
    return exists().where(
        GroupMembership.organization_id == Organization.id,
        GroupMembership.group_id == (group_id if group_id is not None else Group.id),
        GroupMembership.joined_on <= date_to,
        or_(GroupMembership.left_on.is_(None), GroupMembership.left_on >= date_from),
    )


def universe(filters: Filters):
    """The municipalities counted: the registry's, narrowed to a group's members if asked."""
    conds = [municipality_universe()]
    if filters.group_id:
        conds.append(member_during(filters.date_from, filters.date_to, filters.group_id))
    return and_(*conds)


def event_conditions(filters: Filters, *, period: bool = True) -> list:
    """WHERE clauses on ``Event`` for the filters (the theme comes from the event's themes or
    from its network's theme)."""
    conds = [Event.status != "cancelled"]
    if period:
        start, end = filters.bounds
        conds += [Event.starts_at >= start, Event.starts_at < end]
    if filters.kind:
        conds.append(Event.kind == filters.kind)
    if filters.network_id:
        conds.append(Event.network_id == filters.network_id)
    if filters.process_id:
        conds.append(Event.process_id == filters.process_id)
    if filters.theme:
        theme_id = select(Theme.id).where(Theme.slug == filters.theme).scalar_subquery()
        conds.append(
            or_(
                Event.id.in_(
                    select(event_themes.c.event_id).where(event_themes.c.theme_id == theme_id)
                ),
                Event.network_id.in_(select(Network.id).where(Network.theme_id == theme_id)),
            )
        )
    return conds


def per_municipality(filters: Filters):
    """Subquery: organisation id, attended and no-show registrations in the period."""
    attended = func.sum(case((Registration.attendance == "attended", 1), else_=0))
    no_shows = func.sum(case((Registration.attendance == "no_show", 1), else_=0))
    return (
        select(
            Registration.organization_id.label("org_id"),
            attended.label("attended"),
            no_shows.label("no_shows"),
        )
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.status != "cancelled", *event_conditions(filters))
        .group_by(Registration.organization_id)
        .subquery("per_municipality")
    )


def segment_expression(group_by: str, classes: SizeClasses, filters: Filters):
    if group_by == "size_class":
        return classes.case(Organization.population)
    if group_by == "small":
        return case(
            (func.coalesce(Organization.population, 0) < classes.small_limit, "small"),
            else_="other",
        )
    if group_by == "county":
        return func.coalesce(Organization.county_number, "")
    if group_by == "written_standard":
        return func.coalesce(Organization.written_standard, "")
    if group_by == "network_member":
        if not filters.network_id:
            raise ServiceError({"network": ["Gruppering etter medlemskap krever et nettverk."]})
        member = exists().where(
            NetworkMembership.organization_id == Organization.id,
            NetworkMembership.network_id == filters.network_id,
            NetworkMembership.joined_on <= filters.date_to,
            or_(
                NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= filters.date_from
            ),
        )
        return case((member, "member"), else_="not_member")
    raise ServiceError({"group_by": [f"Må være en av: {', '.join(GROUPS)}."]})


@dataclass
class SegmentRow:
    segment: str
    label: str
    municipalities: int
    reached: int
    participations: int
    no_shows: int
    population: int
    reach_percent: float | None = None
    participations_per_municipality: float | None = None
    participants_per_10000: float | None = None
    no_show_rate: float | None = None
    representation_index: float | None = None

    def finish(self, total_municipalities: int, total_reached: int) -> SegmentRow:
        m, r = self.municipalities, self.reached
        self.reach_percent = round(100 * r / m, 1) if m else None
        self.participations_per_municipality = round(self.participations / m, 2) if m else None
        self.participants_per_10000 = (
            round(self.participations * 10000 / self.population, 2) if self.population else None
        )
        recorded = self.participations + self.no_shows
        self.no_show_rate = round(self.no_shows / recorded, 3) if recorded else None
        self.representation_index = (
            round((r / total_reached) / (m / total_municipalities), 3)
            if m and total_reached and total_municipalities
            else None
        )
        return self

    def as_dict(self) -> dict:
        return asdict(self)


def _label(group_by: str, key, classes: SizeClasses) -> str:
    if group_by == "size_class":
        return classes.label(int(key))
    if group_by == "county":
        return COUNTIES.get(key, key or "–")
    if group_by == "written_standard":
        return WRITTEN_STANDARD_LABELS.get(key, key or "–")
    return {
        "small": f"under {classes.small_limit:,}".replace(",", "\u00a0"),
        "other": f"{classes.small_limit:,} og over".replace(",", "\u00a0"),
        "member": "medlem",
        "not_member": "ikke medlem",
    }.get(key, str(key))


def report_query(group_by: str, filters: Filters, classes: SizeClasses | None = None):
    """The one SELECT behind a report (exposed for the benchmark)."""
    classes = classes or get_size_classes()
    pm = per_municipality(filters)
    seg = segment_expression(group_by, classes, filters).label("segment")
    return (
        select(
            seg,
            func.count(Organization.id).label("municipalities"),
            func.coalesce(func.sum(case((pm.c.attended > 0, 1), else_=0)), 0).label("reached"),
            func.coalesce(func.sum(pm.c.attended), 0).label("participations"),
            func.coalesce(func.sum(pm.c.no_shows), 0).label("no_shows"),
            func.coalesce(func.sum(Organization.population), 0).label("population"),
        )
        .select_from(Organization)
        .outerjoin(pm, pm.c.org_id == Organization.id)
        .where(universe(filters))
        .group_by(seg)
        .order_by(seg)
    )


def participation_report(
    group_by: str, filters: Filters, classes: SizeClasses | None = None
) -> list[SegmentRow]:
    """One row per segment; size classes without municipalities appear with zeros."""
    classes = classes or get_size_classes()
    rows = db.session.execute(report_query(group_by, filters, classes)).all()
    found = {}
    for seg, munis, reached, parts, no_shows, pop in rows:
        key = seg if group_by != "size_class" else int(seg)
        found[key] = (int(munis), int(reached), int(parts), int(no_shows), int(pop))
    keys = list(found)
    if group_by == "size_class":
        keys = list(range(len(classes.thresholds) + 1))
    elif group_by == "small":
        keys = ["small", "other"]
    total_m = sum(v[0] for v in found.values())
    total_r = sum(v[1] for v in found.values())
    out = []
    for key in keys:
        munis, reached, parts, no_shows, pop = found.get(key, (0, 0, 0, 0, 0))
        segment = classes.key(key) if group_by == "size_class" else str(key)
        out.append(
            SegmentRow(
                segment, _label(group_by, key, classes), munis, reached, parts, no_shows, pop
            ).finish(total_m, total_r)
        )
    return out


def overall(rows: list[SegmentRow]) -> SegmentRow:
    """All segments together."""
    total = SegmentRow(
        "all",
        "alle",
        sum(r.municipalities for r in rows),
        sum(r.reached for r in rows),
        sum(r.participations for r in rows),
        sum(r.no_shows for r in rows),
        sum(r.population for r in rows),
    )
    return total.finish(total.municipalities, total.reached)


# -- trend by quarter ------------------------------------------------------------------------


def quarters(date_from: dt.date, date_to: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Calendar quarters overlapping the period, clipped to it: (label, first day, last day)."""
    out = []
    q_start = dt.date(date_from.year, 3 * ((date_from.month - 1) // 3) + 1, 1)
    while q_start <= date_to:
        nxt = dt.date(q_start.year + (q_start.month + 3 > 12), (q_start.month + 2) % 12 + 1, 1)
        label = f"{q_start.year}-K{(q_start.month - 1) // 3 + 1}"
        out.append((label, max(q_start, date_from), min(nxt - dt.timedelta(days=1), date_to)))
        q_start = nxt
    return out


@dataclass
class TrendRow:
    quarter: str
    small_reached: int
    small_municipalities: int
    other_reached: int
    other_municipalities: int
    small_participations: int
    other_participations: int

    @property
    def small_reach_percent(self):
        m = self.small_municipalities
        return round(100 * self.small_reached / m, 1) if m else None

    @property
    def other_reach_percent(self):
        m = self.other_municipalities
        return round(100 * self.other_reached / m, 1) if m else None

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "small_reach_percent": self.small_reach_percent,
            "other_reach_percent": self.other_reach_percent,
        }


def quarterly_trend(filters: Filters, classes: SizeClasses | None = None) -> list[TrendRow]:
    """Reached municipalities per Oslo calendar quarter, small against the rest (one query)."""
    classes = classes or get_size_classes()
    qs = quarters(filters.date_from, filters.date_to)
    if not qs:
        return []
    # The quarter of each event as a CASE over the UTC instants of the Oslo quarter starts.
    whens = [
        (Event.starts_at < period_bounds(first, last)[1], literal(i))
        for i, (_, first, last) in enumerate(qs)
    ]
    quarter = case(*whens, else_=literal(len(qs) - 1))
    per_org = (
        select(
            quarter.label("q"),
            Registration.organization_id.label("org_id"),
            func.count(Registration.id).label("attended"),
        )
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.status != "cancelled",
            Registration.attendance == "attended",
            *event_conditions(filters),
        )
        .group_by(quarter, Registration.organization_id)
        .subquery()
    )
    small = func.coalesce(Organization.population, 0) < classes.small_limit
    is_small = case((small, 1), else_=0).label("is_small")
    rows = db.session.execute(
        select(per_org.c.q, is_small, func.count(per_org.c.org_id), func.sum(per_org.c.attended))
        .join(Organization, Organization.id == per_org.c.org_id)
        .where(universe(filters))
        .group_by(per_org.c.q, is_small)
    ).all()
    sizes = dict(
        db.session.execute(
            select(is_small, func.count(Organization.id))
            .where(universe(filters))
            .group_by(is_small)
        ).all()
    )
    table = {(int(q), int(s)): (int(n), int(p)) for q, s, n, p in rows}
    out = []
    for i, (label, _, _) in enumerate(qs):
        sr, sp = table.get((i, 1), (0, 0))
        orr, op_ = table.get((i, 0), (0, 0))
        out.append(TrendRow(label, sr, int(sizes.get(1, 0)), orr, int(sizes.get(0, 0)), sp, op_))
    return out


def months_ago(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier, plus one day (a period of exactly N months)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    day = min(today.day, (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month])
    return dt.date(year, month + 1, day) + dt.timedelta(days=1)


def headline(today: dt.date | None = None) -> dict:
    """Dashboard: small municipalities reached in the last 12 months and their index."""
    today = today or dt.datetime.now(OSLO).date()
    filters = Filters(months_ago(today, 12), today)
    classes = get_size_classes()
    rows = {r.segment: r for r in participation_report("small", filters, classes)}
    small = rows["small"]
    return {
        "small_reached": small.reached,
        "small_municipalities": small.municipalities,
        "small_reach_percent": small.reach_percent,
        "representation_index": small.representation_index,
        "small_limit": classes.small_limit,
        "from": filters.date_from,
        "to": today,
    }
