"""Coordinator pages: reminder settings, series, scheduler health (routes in ``blueprint.py``)."""

from __future__ import annotations

import datetime as dt

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core.audit import audit
from ..core.errors import ServiceError
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from ..web.access import admin_required, coordinator_required
from .forms import ReminderForm, SeriesForm
from .models import DueJob, EventSeries, SchedulerInstance
from .planning import plan_event_jobs
from .series import extend_series, update_series, validate_series


@coordinator_required
def reminders(event_id: int):
    event = db.get_or_404(Event, event_id)
    form = ReminderForm()
    if not form.validate_on_submit():
        for message in form.hours.errors:
            flash(message, "error")
        return redirect(url_for("events.coordinator_detail", event_id=event.id) + "#jobs")
    event.reminder_hours = form.parsed_hours()
    plan_event_jobs(event)
    audit("event.reminders_changed", event, hours=event.reminder_hours)
    db.session.commit()
    flash(_("Påminnelsene er lagret."), "success")
    return redirect(url_for("events.coordinator_detail", event_id=event.id) + "#jobs")


@admin_required
def health():
    now = utcnow()
    instances = db.session.scalars(
        select(SchedulerInstance).order_by(SchedulerInstance.heartbeat_at.desc()).limit(20)
    ).all()
    backlog = db.session.scalar(
        select(func.count())
        .select_from(DueJob)
        .where(DueJob.state == "pending", DueJob.due_at <= now)
    )
    states = dict(
        db.session.execute(select(DueJob.state, func.count()).group_by(DueJob.state)).all()
    )
    upcoming = db.session.scalars(
        select(DueJob).where(DueJob.state == "pending").order_by(DueJob.due_at).limit(20)
    ).all()
    failed = db.session.scalars(
        select(DueJob).where(DueJob.state == "failed").order_by(DueJob.finished_at.desc()).limit(20)
    ).all()
    stale_after = dt.timedelta(
        seconds=3 * float(current_app.config.get("SCHEDULER_TICK_SECONDS", 10)) + 30
    )
    return render_template(
        "scheduler/health.html",
        instances=instances,
        backlog=backlog,
        states=states,
        upcoming=upcoming,
        failed=failed,
        now=now,
        stale_after=stale_after,
    )


@coordinator_required
def series_list():
    rows = db.session.scalars(select(EventSeries).order_by(EventSeries.title)).all()
    return render_template("scheduler/series_list.html", series=rows)


@coordinator_required
def series_edit(series_id: int | None = None):
    series = db.get_or_404(EventSeries, series_id) if series_id else None
    form = SeriesForm(obj=series)
    if request.method == "GET" and series is not None:
        form.load(series)
    if form.validate_on_submit():
        try:
            if series is None:
                series = EventSeries(**form.values())
                db.session.add(series)
                validate_series(series)
                db.session.flush()
                result = {"created": len(extend_series(series))}
                audit("series.created", series)
            else:
                result = update_series(series, form.values())
                audit("series.updated", series, **result)
            db.session.commit()
        except ServiceError as exc:
            db.session.rollback()
            form.add_service_errors(exc.errors)
        else:
            flash(
                _(
                    "Serien er lagret: %(created)s nye, %(updated)s endrede og %(cancelled)s "
                    "avlyste samlinger.",
                    created=result.get("created", 0),
                    updated=result.get("updated", 0),
                    cancelled=result.get("cancelled", 0),
                ),
                "success",
            )
            return redirect(url_for("scheduler.series_edit", series_id=series.id))
    upcoming = []
    if series is not None:
        upcoming = db.session.scalars(
            select(Event)
            .where(Event.series_id == series.id, Event.starts_at > utcnow())
            .order_by(Event.starts_at)
        ).all()
    return render_template(
        "scheduler/series_form.html", form=form, series=series, upcoming=upcoming
    )
