"""Coordinator event pages: list, create, edit, publish, cancel, and the event hub page."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..core.timeutil import utcnow
from ..extensions import db
from ..networks.models import Network
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import ConfirmForm, render_form, save_and_redirect
from ..web.hooks import fragments
from ..web.inputs import arg_id, arg_text
from ..web.paging import paginate, parse_page
from . import queries, services
from .forms import EventForm
from .models import EVENT_KINDS, EVENT_STATUSES, Event

PER_PAGE = 25
WHEN = ("upcoming", "past", "all")


def _event_form(event: Event | None = None, **kwargs) -> EventForm:
    form = EventForm(**kwargs)
    form.set_choices(
        *queries.networks_and_themes(), queries.process_choices(event.process_id if event else None)
    )
    return form


def _save(form, action, message: str, event: Event | None = None):
    """For a valid posted form run ``action``; on success commit, flash ``message`` and go to
    the hub of ``event`` (or of the event the action returned). None when it did not save."""
    if not form.validate_on_submit():
        return None
    return save_and_redirect(form, action, message, _to_hub, event)


def _to_hub(event: Event) -> str:
    return url_for("events.coordinator_detail", event_id=event.id)


def _hub(event: Event, form, status: int = 200):
    """The event hub page with the sections of the features that work on the event."""
    page_fragments = fragments("coordinator-event-page", event=event, form=form)
    return render_template(
        "events/coordinator/detail.html", event=event, form=form, page_fragments=page_fragments
    ), status


@coordinator_required
def event_list():
    status = request.args.get("status", "")
    when = request.args.get("when", "upcoming")
    network_id = arg_id("network")
    kind = request.args.get("kind", "")
    q = arg_text("q")
    query = queries.coordinator_events_query(status, when, network_id, kind, q, utcnow())
    return render_template(
        "events/coordinator/list.html",
        page=paginate(query, parse_page(request.args.get("page")), PER_PAGE),
        filters={"status": status, "when": when, "network": network_id, "kind": kind, "q": q},
        statuses=EVENT_STATUSES,
        kinds=EVENT_KINDS,
        networks=db.session.scalars(select(Network).order_by(Network.name)).all(),
    )


@coordinator_required
def new():
    form = _event_form()
    saved = _save(
        form,
        lambda: services.create_event(form.to_data(), user=current_user),
        _("Arrangementet er lagret som utkast."),
    )
    if saved:
        return saved
    return render_form("events/coordinator/form.html", form, event=None)


@coordinator_required
def edit(event_id: int):
    event = get_or_404(Event, event_id)
    form = _event_form(event)
    if request.method == "GET":
        form.fill_from(event)
    saved = _save(
        form,
        lambda: services.update_event(event, form.to_data(), user=current_user),
        _("Endringene er lagret."),
        event,
    )
    if saved:
        return saved
    return render_form("events/coordinator/form.html", form, event=event)


@coordinator_required
def detail(event_id: int):
    return _hub(get_or_404(Event, event_id), ConfirmForm())


def _confirmed(event_id: int, change, message: str):
    """A confirm button's POST: ``change(event, user=...)`` on the event; ``(form, redirect)``
    on success, ``(form, None)`` when the form or the service refused it."""
    event = get_or_404(Event, event_id)
    form = ConfirmForm()
    return form, _save(form, lambda: change(event, user=current_user), message, event)


@coordinator_required
def publish(event_id: int):
    form, saved = _confirmed(event_id, services.publish_event, _("Arrangementet er publisert."))
    return saved or _hub(get_or_404(Event, event_id), form, 422)


@coordinator_required
def cancel(event_id: int):
    form, saved = _confirmed(event_id, services.cancel_event, _("Arrangementet er avlyst."))
    if saved:
        return saved
    # After a refused cancel the session was rolled back: show the event as it is stored.
    event = get_or_404(Event, event_id)
    return render_form("events/coordinator/cancel.html", form, event=event)
