"""Public pages: the list of public processes, one process, and its calendar feed."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..calendars import feeds
from ..calendars.views import feed_language, serve_feed
from ..core.timeutil import utcnow
from ..events.models import Event
from ..events.queries import seats_left_map
from ..extensions import db
from .figures import current_need_owners, summary
from .models import PHASES, Process


def _public_or_404(slug: str) -> Process:
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    if process is None or not process.public:
        abort(404)
    return process


def process_list():
    processes = db.session.scalars(
        select(Process)
        .where(Process.public.is_(True))
        .order_by(Process.status, Process.started_on.desc(), Process.title)
    ).all()
    rows = [(p, summary(p)) for p in processes]
    return render_template("processes/public_list.html", rows=rows)


def process_detail(slug: str):
    process = _public_or_404(slug)
    owners = [r.organization for r in current_need_owners(process)]
    events = db.session.scalars(
        select(Event)
        .where(
            Event.process_id == process.id,
            Event.status == "published",
            Event.ends_at >= utcnow(),
        )
        .order_by(Event.starts_at, Event.id)
    ).all()
    return render_template(
        "processes/public_detail.html",
        process=process,
        owners=owners,
        figures=summary(process),
        events=events,
        seats=seats_left_map(events),
        phases=PHASES,
        started={c.phase: c.changed_on for c in process.phase_changes},
    )


def process_feed(slug: str):
    process = _public_or_404(slug)
    language = feed_language()
    with force_locale(language):
        name = _("LUP – %(name)s", name=process.title)
    scope = feeds.Scope(f"process:{process.id}", name, Event.process_id == process.id)
    return serve_feed(scope, language)
