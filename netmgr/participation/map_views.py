"""Map of Norway: every municipality coloured by the chosen figure, rendered as inline SVG."""

from __future__ import annotations

import datetime as dt

from flask import render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import case, func, select

from ..core.timeutil import OSLO, UTC
from ..events.models import Event
from ..extensions import db
from ..organizations.models import Organization
from ..registration.models import Registration
from ..web.access import coordinator_required
from . import summary
from .figures import Filters, event_conditions, municipality_universe
from .filters import REPORT_ARGS, filter_choices, load_filters, query_args
from .geo import ATTRIBUTION, shapes
from .schemas import ReportQuery
from .settings import get_size_classes

FIGURES = ("reach", "per10000", "months")
#: Sequential blues (light to dark) plus grey for "no data"; all legible with black text
COLOURS = ("#deebf7", "#9ecae1", "#4292c6", "#2166ac", "#08306b")
NONE = "#f0f0f0"


def municipality_figures(filters: Filters) -> list[tuple]:
    """(id, number, name, population, participations in the period, last participation ever)
    for every active municipality: one query. Without an event filter (theme, network, kind,
    process) it reads the summary (two index look-ups per municipality), otherwise it groups
    the registrations."""
    if not (filters.theme or filters.network_id or filters.kind or filters.process_id):
        org = Organization.id
        return db.session.execute(
            select(
                org,
                Organization.municipality_number,
                Organization.name,
                Organization.population,
                summary.attended_between(org, filters.date_from, filters.date_to),
                summary.last_attended(org, before=filters.date_to + dt.timedelta(days=1)),
            ).where(municipality_universe())
        ).all()
    start, end = filters.bounds
    attended = Registration.attendance == "attended"
    per_org = (
        select(
            Registration.organization_id.label("org_id"),
            func.sum(case((Event.starts_at >= start, 1), else_=0)).label("n"),
            func.max(Event.starts_at).label("last"),
        )
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.status != "cancelled",
            attended,
            Event.starts_at < end,
            *event_conditions(filters, period=False),
        )
        .group_by(Registration.organization_id)
        .subquery()
    )
    return db.session.execute(
        select(
            Organization.id,
            Organization.municipality_number,
            Organization.name,
            Organization.population,
            func.coalesce(per_org.c.n, 0),
            per_org.c.last,
        )
        .outerjoin(per_org, per_org.c.org_id == Organization.id)
        .where(municipality_universe())
    ).all()


def _months_since(last, today: dt.date) -> int | None:
    if last is None:
        return None
    if isinstance(last, str):
        last = dt.datetime.fromisoformat(last)
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    d = last.astimezone(OSLO).date()
    return (today.year - d.year) * 12 + today.month - d.month - (today.day < d.day)


def classify(figure: str, participations: int, population: int | None, months: int | None):
    """(colour index or None, value text)."""
    if figure == "reach":
        return (3 if participations else 0), (_("nådd") if participations else _("ikke nådd"))
    if figure == "per10000":
        if not population:
            return None, "–"
        v = participations * 10000 / population
        bins = (0, 5, 20, 50)
        return sum(v > b for b in bins), f"{v:.1f}".replace(".", ",")
    if months is None:
        return None, _("aldri deltatt")
    bins = (3, 6, 12, 24)
    return 4 - sum(months > b for b in bins), _("%(n)s måneder siden", n=months)


LEGENDS = {
    "reach": [(0, "ikke nådd i perioden"), (3, "nådd i perioden")],
    "per10000": [
        (0, "0"),
        (1, "over 0 til 5"),
        (2, "over 5 til 20"),
        (3, "over 20 til 50"),
        (4, "over 50"),
    ],
    "months": [
        (4, "inntil 3 måneder"),
        (3, "3–6 måneder"),
        (2, "6–12 måneder"),
        (1, "12–24 måneder"),
        (0, "over 24 måneder"),
    ],
}


def render_map(figure: str, filters: Filters, today: dt.date) -> tuple[Markup, int, int]:
    paths, names, (width, height) = shapes()
    classes = get_size_classes()
    rows = {number: row for row in municipality_figures(filters) for number in [row[1]]}
    title = {
        "reach": _("Kommuner nådd"),
        "per10000": _("Deltakelser per 10 000 innbyggere"),
        "months": _("Måneder siden siste deltakelse"),
    }[figure]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="nm-map" role="group" aria-labelledby="map-title map-desc">'
        f'<title id="map-title">{escape(title)}</title>'
        f'<desc id="map-desc">{escape(_("Kart over Norges kommuner farget etter tallet. Små kommuner har tykk kant. Hver kommune lenker til sin side."))}</desc>'
        f'<g stroke="#555" stroke-width=".4" stroke-linejoin="round">'
    ]
    small_n = shown = 0
    base = url_for("participation.municipality", org_id=0)[:-1]
    for number, d in paths.items():
        row = rows.get(number)
        if row is None:
            out.append(f'<path d="{d}" fill="{NONE}"><title>{escape(names[number])}</title></path>')
            continue
        org_id, _n, name, population, parts, last = row
        idx, text = classify(figure, int(parts), population, _months_since(last, today))
        colour = NONE if idx is None else COLOURS[idx]
        small = classes.is_small(population)
        small_n += small
        shown += 1
        cls = ' class="s" stroke="#000" stroke-width="1.6"' if small else ""
        out.append(
            f'<a href="{base}{org_id}">'
            f'<path d="{d}" fill="{colour}"{cls}>'
            f"<title>{escape(name)}: {escape(text)}</title></path></a>"
        )
    out.append("</g></svg>")
    return Markup("".join(out)), shown, small_n


@coordinator_required
def map_page():
    figure = request.args.get("figure", "reach")
    if figure not in FIGURES:
        figure = "reach"
    args, errors = load_filters(ReportQuery(), REPORT_ARGS)
    today = dt.datetime.now(OSLO).date()
    svg, shown, small_n = render_map(figure, args["filters"], today)
    legend = [(COLOURS[i], label) for i, label in LEGENDS[figure]]
    return render_template(
        "participation/map.html",
        svg=svg,
        figure=figure,
        legend=legend,
        filters=args["filters"],
        errors=errors,
        query=query_args(REPORT_ARGS),
        attribution=ATTRIBUTION,
        shown=shown,
        small_n=small_n,
        none_colour=NONE,
        **filter_choices(),
    )
