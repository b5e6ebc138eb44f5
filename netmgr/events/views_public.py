"""Public event pages: the list of upcoming events (also the front page) and an event."""

from __future__ import annotations

from flask import render_template, request

from ..core.timeutil import utcnow
from ..web.errors import found_or_404
from ..web.hooks import fragments
from ..web.paging import parse_page
from . import queries
from .forms import EventFilterForm

PER_PAGE = 10


def event_list():
    form = EventFilterForm(request.args, choices=queries.filter_choices())
    form.validate()
    active = form.active_filters()
    filters = queries.EventFilters(**active)
    page = queries.list_public_events(filters, parse_page(request.args.get("page")), PER_PAGE)
    return render_template(
        "events/list.html",
        form=form,
        page=page,
        filtered=bool(active),
        seats=queries.seats_left_map(page.items),
        now=utcnow(),
    )


def detail(event_id: int):
    event = found_or_404(queries.get_public_event(event_id))
    return render_template(
        "events/detail.html",
        event=event,
        seats_left=queries.seats_left_map([event])[event.id],
        now=utcnow(),
        # registration forms and calendar buttons, from the features that own them
        page_fragments=fragments("event-page", event=event),
    )
