"""Coordinator event pages: list, create, edit, publish, cancel, and the event hub page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from ..core.timeutil import utcnow
from ..events.models import EVENT_KINDS, EVENT_STATUSES, Event
from ..extensions import db
from ..networks.models import Network, Theme
from ..web.access import coordinator_required
from ..web.paging import paginate, parse_page
from .forms import ConfirmForm, EventForm
from .views import bp, get_or_404, run_service, theme_label

PER_PAGE = 25
WHEN = ("upcoming", "past", "all")


def _event_services():
    from ..events import services

    return services


def _event_form(**kwargs) -> EventForm:
    form = EventForm(**kwargs)
    networks = db.session.scalars(select(Network).order_by(Network.active.desc(), Network.name))
    themes = db.session.scalars(select(Theme).order_by(Theme.id))
    form.set_choices(list(networks), list(themes), theme_label)
    return form


@bp.route("/events")
@coordinator_required
def events():
    status = request.args.get("status", "")
    when = request.args.get("when", "upcoming")
    network_id = request.args.get("network", type=int)
    kind = request.args.get("kind", "")
    q = (request.args.get("q") or "").strip()
    page = parse_page(request.args.get("page"))
    now = utcnow()

    query = select(Event)
    if status in EVENT_STATUSES:
        query = query.where(Event.status == status)
    if when == "upcoming":
        query = query.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)
    elif when == "past":
        query = query.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id)
    else:
        query = query.order_by(Event.starts_at.desc(), Event.id)
    if network_id:
        query = query.where(Event.network_id == network_id)
    if kind in EVENT_KINDS:
        query = query.where(Event.kind == kind)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            or_(func.lower(Event.title).like(like), func.lower(Event.location).like(like))
        )
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    return render_template(
        "coordinator/events.html",
        page=paginate(query, page, PER_PAGE),
        filters={"status": status, "when": when, "network": network_id, "kind": kind, "q": q},
        statuses=EVENT_STATUSES,
        kinds=EVENT_KINDS,
        networks=networks,
    )


@bp.route("/events/new", methods=["GET", "POST"])
@coordinator_required
def event_new():
    form = _event_form()
    if form.validate_on_submit():
        event, ok = run_service(
            form, lambda: _event_services().create_event(form.to_data(), user=current_user)
        )
        if ok:
            db.session.commit()
            flash(_("Arrangementet er lagret som utkast."), "success")
            return redirect(url_for("coordinator.event_detail", event_id=event.id))
    return render_template(
        "coordinator/event_form.html", form=form, event=None
    ), 422 if form.errors or form.form_errors else 200


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@coordinator_required
def event_edit(event_id: int):
    event = get_or_404(Event, event_id)
    form = _event_form()
    if request.method == "GET":
        form.fill_from(event)
    elif form.validate_on_submit():
        _result, ok = run_service(
            form, lambda: _event_services().update_event(event, form.to_data(), user=current_user)
        )
        if ok:
            db.session.commit()
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("coordinator.event_detail", event_id=event.id))
    return render_template(
        "coordinator/event_form.html", form=form, event=event
    ), 422 if form.errors or form.form_errors else 200


@bp.route("/events/<int:event_id>")
@coordinator_required
def event_detail(event_id: int):
    event = get_or_404(Event, event_id)
    return render_template("coordinator/event_detail.html", event=event, form=ConfirmForm())


@bp.route("/events/<int:event_id>/publish", methods=["POST"])
@coordinator_required
def event_publish(event_id: int):
    event = get_or_404(Event, event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        _result, ok = run_service(
            form, lambda: _event_services().publish_event(event, user=current_user)
        )
        if ok:
            db.session.commit()
            flash(_("Arrangementet er publisert."), "success")
            return redirect(url_for("coordinator.event_detail", event_id=event.id))
    event = get_or_404(Event, event_id)
    return render_template("coordinator/event_detail.html", event=event, form=form), 422


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@coordinator_required
def event_cancel(event_id: int):
    event = get_or_404(Event, event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        _result, ok = run_service(
            form, lambda: _event_services().cancel_event(event, user=current_user)
        )
        if ok:
            db.session.commit()
            flash(_("Arrangementet er avlyst."), "success")
            return redirect(url_for("coordinator.event_detail", event_id=event.id))
        event = get_or_404(Event, event_id)
    return render_template(
        "coordinator/event_cancel.html", event=event, form=form
    ), 422 if form.errors or form.form_errors else 200
