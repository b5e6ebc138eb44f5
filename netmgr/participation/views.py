"""Coordinator pages under /coordinator/participation: report, target list, outcomes,
municipality, check-in and settings (thin: logic lives in the services; routes in
``blueprint.py``)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from ..core.counties import COUNTIES
from ..core.errors import ServiceError
from ..core.timeutil import OSLO, utcnow
from ..events.models import Event
from ..extensions import db
from ..groups.models import Group
from ..web.access import admin_required, coordinator_required
from ..web.exports import export_response
from ..web.formatting import current_language, format_one_decimal
from ..web.inputs import arg_id, to_int
from . import charts, services
from .figures import overall, participation_report, quarterly_trend
from .filters import (
    REPORT_ARGS,
    TARGET_ARGS,
    criteria_from_args,
    filter_choices,
    load_filters,
    query_args,
)
from .group_figures import group_report
from .schemas import ReportQuery, TargetQuery
from .settings import get_size_classes, parse_thresholds, save_size_classes
from .targets import target_list


def template_labels() -> dict:
    """Labels the participation templates share (a context processor of the blueprint)."""
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
        "reachable_labels": {
            "contact": _l("Kontaktperson"),
            "official": _l("Offisiell adresse"),
            "none": _l("Kan ikke nås"),
        },
        "response_labels": {
            "none": _l("ikke svart"),
            "accepted": _l("takket ja"),
            "declined": _l("takket nei"),
            "tentative": _l("kanskje"),
        },
    }


def _any_group() -> bool:
    return db.session.scalar(select(Group.id).limit(1)) is not None


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
        # groups overlap, so their table stands apart (no chart; shares against everyone)
        "group_rows": group_report(filters)[0] if _any_group() else [],
    }


@coordinator_required
def report():
    args, errors = load_filters(ReportQuery(), REPORT_ARGS)
    data = _report_data(args)
    return render_template(
        "participation/report.html",
        **data,
        charts=charts.report_charts(data),
        errors=errors,
        query=query_args(REPORT_ARGS),
        **filter_choices(),
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


def _cell(value):
    """A value as the reader reads it: decimals in the page's locale, yes/no in words."""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    return format_one_decimal(value) if isinstance(value, float) else value


def _export(fmt: str, rows: list[dict], columns, filename: str, sheet: str) -> Response:
    """CSV (``;`` and decimal commas in Norwegian, what Excel with Norwegian settings reads as
    numbers; ``,`` and decimal points in English) or XLSX, from one export helper."""
    norwegian = current_language() != "en"
    values = ([_cell(row.get(k)) for k in columns] for row in rows)
    return export_response(
        fmt, list(columns), values, filename, sheet=sheet, delimiter=";" if norwegian else ","
    )


@coordinator_required
def report_csv(fmt: str = "csv"):
    table = request.args.get("table", "size_class")
    args, errors = load_filters(ReportQuery(), REPORT_ARGS)
    if errors:
        abort(422)
    filters = args["filters"]
    if table == "trend":
        return _export(
            fmt,
            [t.as_dict() for t in quarterly_trend(filters)],
            TREND_COLUMNS,
            "deltakelse-kvartal",
            _("Kvartal"),
        )
    if table == "group":
        return _export(
            fmt,
            [r.as_dict() for r in group_report(filters)[0]],
            SEGMENT_COLUMNS,
            "deltakelse-gruppe",
            _("Grupper"),
        )
    if table not in ("size_class", "county", "written_standard", "small"):
        abort(404)
    rows = participation_report(table, filters)
    return _export(
        fmt, [r.as_dict() for r in rows], SEGMENT_COLUMNS, f"deltakelse-{table}", _("Deltakelse")
    )


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
    "reachable",
)


def _upcoming_events():
    return db.session.scalars(
        select(Event)
        .where(Event.status != "cancelled", Event.starts_at >= utcnow())
        .order_by(Event.starts_at)
    ).all()


@coordinator_required
def targets():
    args, errors = load_filters(TargetQuery(), TARGET_ARGS)
    criteria = criteria_from_args(args)
    rows = target_list(criteria)
    return render_template(
        "participation/targets.html",
        rows=rows,
        criteria=criteria,
        errors=errors,
        query=query_args(TARGET_ARGS),
        events=_upcoming_events(),
        small_limit=get_size_classes().small_limit,
        **filter_choices(),
    )


@coordinator_required
def targets_csv(fmt: str = "csv"):
    args, errors = load_filters(TargetQuery(), TARGET_ARGS)
    if errors:
        abort(422)
    rows = target_list(criteria_from_args(args))
    reachable = template_labels()["reachable_labels"]
    items = [{**r.as_dict(), "reachable": str(reachable[r.reachable])} for r in rows]
    return _export(fmt, items, TARGET_COLUMNS, "malliste", _("Målliste"))


@coordinator_required
def targets_campaign():
    try:
        args = TargetQuery().load(query_args(TARGET_ARGS, request.form))
    except ValidationError as err:
        flash(_("Ugyldige kriterier: %(e)s", e=", ".join(err.messages)), "error")
        return redirect(url_for(".targets"))
    event = db.session.get(Event, arg_id("event_id") or 0)
    query = query_args(TARGET_ARGS, request.form)
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
    return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign.id))


@coordinator_required
def outcomes():
    items = [(c, services.campaign_outcome(c)) for c in services.targeted_campaigns()]
    return render_template("participation/outcomes.html", items=items)


# -- municipality, check-in, settings --------------------------------------------------------


@coordinator_required
def municipality(org_id):
    try:
        profile = services.municipality_profile(org_id)
    except ServiceError:
        abort(404)
    return render_template("participation/municipality.html", **profile)


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
            limit = to_int(values["small_limit"].replace(" ", ""))
            if limit is None:
                raise ServiceError({"small_limit": [_("Skriv et helt tall.")]})
            save_size_classes(parse_thresholds(values["thresholds"]), limit)
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
