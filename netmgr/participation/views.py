"""Coordinator pages under /coordinator/participation (thin: logic lives in the services)."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from ..core.counties import COUNTIES
from ..core.errors import ServiceError
from ..events.models import EVENT_KINDS, Event
from ..extensions import db
from ..networks.models import Network, Theme
from ..organizations.models import Organization
from ..processes.models import Process
from ..web.access import admin_required, coordinator_required
from . import charts, services
from .api import criteria_from_args
from .figures import overall, participation_report, quarterly_trend
from .schemas import ReportQuery, TargetQuery
from .settings import get_size_classes, parse_thresholds, save_size_classes
from .targets import target_list

bp = Blueprint("participation", __name__, url_prefix="/coordinator/participation")


@bp.context_processor
def _labels():
    from flask_babel import lazy_gettext as _l

    from ..core.timeutil import OSLO

    return {
        "oslo": OSLO,
        "counties": COUNTIES,
        "answer_labels": {
            "never_invited": _l("Aldri invitert"),
            "attended": _l("Invitert, møtte"),
            "registered": _l("Invitert, meldte seg på, møtte ikke"),
            "accepted": _l("Invitert, takket ja, meldte seg ikke på"),
            "declined": _l("Invitert, takket nei"),
            "no_answer": _l("Invitert, svarte ikke"),
        },
        "attendance_labels": {
            "unknown": _l("Ikke registrert"),
            "attended": _l("Møtt"),
            "no_show": _l("Uteblitt"),
        },
        "status_labels": {
            "confirmed": _l("bekreftet"),
            "waitlisted": _l("venteliste"),
            "cancelled": _l("avmeldt"),
        },
        "response_labels": {
            "none": _l("ikke svart"),
            "accepted": _l("takket ja"),
            "declined": _l("takket nei"),
            "tentative": _l("kanskje"),
        },
    }


REPORT_ARGS = ("from", "to", "theme", "network", "kind")
TARGET_ARGS = (
    "max_population",
    "min_population",
    "months",
    "county",
    "theme",
    "network",
    "min_participations",
    "process",
)


def _args(names) -> dict:
    return {k: v for k, v in request.args.items() if k in names and v != ""}


def _load(schema, names):
    """Parsed filters, or the defaults plus the errors to show next to the fields."""
    try:
        return schema.load(_args(names)), {}
    except ValidationError as err:
        return schema.load({}), err.messages


def _choices() -> dict:
    return {
        "themes": db.session.scalars(select(Theme).order_by(Theme.id)).all(),
        "networks": db.session.scalars(select(Network).order_by(Network.name)).all(),
        "kinds": EVENT_KINDS,
        "processes": db.session.scalars(select(Process).order_by(Process.title)).all(),
    }


def _report_data(args: dict) -> dict:
    filters = args["filters"]
    classes = get_size_classes()
    sizes = participation_report("size_class", filters, classes)
    counties = participation_report("county", filters, classes)
    trend = quarterly_trend(filters, classes)
    return {
        "filters": filters,
        "sizes": sizes,
        "county_rows": counties,
        "trend": trend,
        "overall": overall(sizes),
        "classes": classes,
        "written": participation_report("written_standard", filters, classes),
    }


def _charts(data: dict) -> dict:
    sizes, counties, trend = data["sizes"], data["county_rows"], data["trend"]
    period = f"{data['filters'].date_from:%d.%m.%Y}–{data['filters'].date_to:%d.%m.%Y}"
    return {
        "reach": charts.bar_chart(
            "chart-reach",
            _("Andel kommuner nådd, etter innbyggertall"),
            _(
                "Prosent av kommunene i hver størrelsesklasse med minst én deltakelse, %(p)s.",
                p=period,
            ),
            [r.label for r in sizes],
            [(_("Nådd"), [r.reach_percent for r in sizes])],
            unit=" %",
            max_value=100,
        ),
        "index": charts.bar_chart(
            "chart-index",
            _("Representasjonsindeks etter innbyggertall"),
            _(
                "Klassens andel av de nådde kommunene delt på klassens andel av alle kommuner; "
                "1,0 er proporsjonalt, under 1,0 underrepresentert. %(p)s.",
                p=period,
            ),
            [r.label for r in sizes],
            [(_("Indeks"), [r.representation_index for r in sizes])],
            reference=1.0,
            reference_label="1,0",
        ),
        "trend": charts.bar_chart(
            "chart-trend",
            _("Andel nådd per kvartal, små kommuner mot resten"),
            _("Prosent av kommunene nådd i hvert kvartal, %(p)s.", p=period),
            [t.quarter for t in trend],
            [
                (_("Små"), [t.small_reach_percent for t in trend]),
                (_("Øvrige"), [t.other_reach_percent for t in trend]),
            ],
            unit=" %",
            max_value=100,
        ),
        "county": charts.bar_chart(
            "chart-county",
            _("Andel kommuner nådd, etter fylke"),
            _("Prosent av kommunene i hvert fylke med minst én deltakelse, %(p)s.", p=period),
            [r.label for r in counties],
            [(_("Nådd"), [r.reach_percent for r in counties])],
            unit=" %",
            max_value=100,
        ),
    }


@bp.route("/")
@coordinator_required
def report():
    args, errors = _load(ReportQuery(), REPORT_ARGS)
    data = _report_data(args)
    return render_template(
        "participation/report.html",
        **data,
        charts=_charts(data),
        errors=errors,
        query=_args(REPORT_ARGS),
        **_choices(),
    )


SEGMENT_COLUMNS = (
    "segment",
    "label",
    "municipalities",
    "reached",
    "reach_percent",
    "participations",
    "participations_per_municipality",
    "participants_per_10000",
    "no_shows",
    "no_show_rate",
    "population",
    "representation_index",
)
TREND_COLUMNS = (
    "quarter",
    "small_municipalities",
    "small_reached",
    "small_reach_percent",
    "small_participations",
    "other_municipalities",
    "other_reached",
    "other_reach_percent",
    "other_participations",
)


def _csv(rows: list[dict], columns, filename: str) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/report.csv")
@coordinator_required
def report_csv():
    table = request.args.get("table", "size_class")
    args, errors = _load(ReportQuery(), REPORT_ARGS)
    if errors:
        abort(422)
    filters = args["filters"]
    if table == "trend":
        return _csv(
            [t.as_dict() for t in quarterly_trend(filters)], TREND_COLUMNS, "deltakelse-kvartal.csv"
        )
    if table not in ("size_class", "county", "written_standard", "small"):
        abort(404)
    rows = participation_report(table, filters)
    return _csv([r.as_dict() for r in rows], SEGMENT_COLUMNS, f"deltakelse-{table}.csv")


# -- target list -----------------------------------------------------------------------------

TARGET_COLUMNS = (
    "municipality_number",
    "name",
    "county_name",
    "population",
    "last_participation",
    "participations_in_period",
    "invitations",
    "invitation_answer",
    "contacts",
    "reachable_contacts",
    "no_contacts",
)


def _upcoming_events():
    from ..core.timeutil import utcnow

    return db.session.scalars(
        select(Event)
        .where(Event.status != "cancelled", Event.starts_at >= utcnow())
        .order_by(Event.starts_at)
    ).all()


@bp.route("/targets")
@coordinator_required
def targets():
    args, errors = _load(TargetQuery(), TARGET_ARGS)
    criteria = criteria_from_args(args)
    rows = target_list(criteria)
    return render_template(
        "participation/targets.html",
        rows=rows,
        criteria=criteria,
        errors=errors,
        query=_args(TARGET_ARGS),
        events=_upcoming_events(),
        small_limit=get_size_classes().small_limit,
        **_choices(),
    )


@bp.route("/targets.csv")
@coordinator_required
def targets_csv():
    args, errors = _load(TargetQuery(), TARGET_ARGS)
    if errors:
        abort(422)
    rows = target_list(criteria_from_args(args))
    return _csv([r.as_dict() for r in rows], TARGET_COLUMNS, "malliste.csv")


@bp.route("/targets/campaign", methods=["POST"])
@coordinator_required
def targets_campaign():
    try:
        args = TargetQuery().load(
            {k: v for k, v in request.form.items() if k in TARGET_ARGS and v != ""}
        )
    except ValidationError as err:
        flash(_("Ugyldige kriterier: %(e)s", e=", ".join(err.messages)), "error")
        return redirect(url_for(".targets"))
    event = db.session.get(Event, request.form.get("event_id", type=int) or 0)
    query = {k: v for k, v in request.form.items() if k in TARGET_ARGS and v != ""}
    if event is None:
        flash(_("Velg arrangementet invitasjonen gjelder."), "error")
        return redirect(url_for(".targets", **query))
    try:
        campaign = services.campaign_from_targets(
            event, criteria_from_args(args), user=current_user
        )
    except ServiceError as err:
        db.session.rollback()
        flash("; ".join(m for msgs in err.errors.values() for m in msgs), "error")
        return redirect(url_for(".targets", **query))
    db.session.commit()
    flash(_("Kampanjen er opprettet som utkast. Se over og send den."), "success")
    try:
        return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign.id))
    except Exception:  # pragma: no cover - campaigns pages missing
        return redirect(url_for(".outcomes"))


@bp.route("/outcomes")
@coordinator_required
def outcomes():
    items = [(c, services.campaign_outcome(c)) for c in services.targeted_campaigns()]
    return render_template("participation/outcomes.html", items=items)


# -- municipality, check-in, settings --------------------------------------------------------


@bp.route("/municipalities/<int:org_id>")
@coordinator_required
def municipality(org_id):
    try:
        profile = services.municipality_profile(org_id)
    except ServiceError:
        abort(404)
    return render_template("participation/municipality.html", **profile)


@bp.route("/events/<int:event_id>/checkin", methods=["GET", "POST"])
@coordinator_required
def checkin(event_id):
    event = db.session.get(Event, event_id) or abort(404)
    errors = {}
    if request.method == "POST":
        action = request.form.get("action", "")
        try:
            if action == "all":
                n = services.mark_all_confirmed_attended(event)
                flash(_("%(n)s markert som møtt.", n=n), "success")
            elif action == "walk_in":
                services.add_walk_in(
                    event,
                    request.form.get("organization_id", type=int),
                    request.form.get("name", ""),
                    request.form.get("email", ""),
                )
                flash(_("Walk-in lagt til og markert som møtt."), "success")
            elif action in ("attended", "no_show", "unknown"):
                services.record_attendance(
                    event, request.form.get("registration_id", type=int), action
                )
            else:
                abort(400)
        except ServiceError as err:
            db.session.rollback()
            errors = err.errors
        else:
            db.session.commit()
            return redirect(url_for(".checkin", event_id=event.id) + "#registrations")
    orgs = db.session.scalars(
        select(Organization).where(Organization.active.is_(True)).order_by(Organization.name)
    ).all()
    return render_template(
        "participation/checkin.html",
        event=event,
        rows=services.checkin_rows(event),
        orgs=orgs,
        errors=errors,
        form=request.form,
    ), (422 if errors else 200)


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    classes = get_size_classes()
    errors = {}
    values = {
        "thresholds": ", ".join(str(t) for t in classes.thresholds),
        "small_limit": str(classes.small_limit),
    }
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in values}
        try:
            limit = values["small_limit"].replace(" ", "")
            if not limit.isdigit():
                raise ServiceError({"small_limit": [_("Skriv et helt tall.")]})
            save_size_classes(parse_thresholds(values["thresholds"]), int(limit))
        except ServiceError as err:
            db.session.rollback()
            errors = err.errors
        else:
            db.session.commit()
            flash(_("Størrelsesklassene er lagret."), "success")
            return redirect(url_for(".settings"))
    return render_template(
        "participation/settings.html", classes=classes, values=values, errors=errors
    ), (422 if errors else 200)


from . import import_views, map_views  # noqa: E402,F401  (routes on the same blueprint)
