"""Public pages: upcoming events, an event, networks, about. No sign-in."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from ..core.timeutil import utcnow
from ..registration.services import seats_left
from . import queries
from .forms import EventFilterForm
from .paging import parse_page

bp = Blueprint("public", __name__)

PER_PAGE = 10


@bp.route("/events")
def events():
    form = EventFilterForm(request.args, choices=queries.filter_choices())
    form.validate()
    active = form.active_filters()
    filters = queries.EventFilters(**active)
    page = queries.list_public_events(filters, parse_page(request.args.get("page")), PER_PAGE)
    return render_template(
        "public/events.html",
        form=form,
        page=page,
        filtered=bool(active),
        seats=queries.seats_left_map(page.items),
        now=utcnow(),
    )


# The fixed interface names the front page ``public.index`` and the list ``public.events``.
bp.add_url_rule("/", endpoint="index", view_func=events)


@bp.route("/events/<int:event_id>")
def event_detail(event_id: int):
    event = queries.get_public_event(event_id)
    if event is None:
        abort(404)
    seats = seats_left(event)  # the registration feature's rule, the one registering uses
    return render_template("public/event.html", event=event, seats_left=seats, now=utcnow())


@bp.route("/networks")
def networks():
    return render_template("public/networks.html", networks=queries.public_networks())


@bp.route("/networks/<slug>")
def network_detail(slug: str):
    network = queries.get_network(slug)
    if network is None:
        abort(404)
    events = queries.network_upcoming_events(network)
    return render_template(
        "public/network.html",
        network=network,
        members=queries.current_member_names(network),
        events=events,
        seats=queries.seats_left_map(events),
        now=utcnow(),
    )


@bp.route("/about")
def about():
    return render_template("public/about.html")
