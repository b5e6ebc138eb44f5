"""iCalendar output: single events, feeds, iTIP requests and cancellations."""

from __future__ import annotations

import os


def init_app(app):
    from ..core import signals
    from ..extensions import csrf
    from . import admin, views
    from .fragments import public_event_section
    from .services import bump_calendar_state

    # Every event change raises the shared feed version in its own transaction.
    signals.event_changed.connect(bump_calendar_state)
    signals.event_cancelled.connect(bump_calendar_state)

    # Seconds a worker may reuse the feed fingerprint row (see feeds._global_row)
    app.config.setdefault("CALENDAR_FINGERPRINT_TTL", 1.0)
    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    csrf.exempt(views.api_bp)  # bearer tokens, no cookies
    app.register_blueprint(views.api_bp)
    if os.environ.get("NETMGR_BENCH_BASELINE") == "1":
        app.add_url_rule("/_bench/baseline.ics", "calendars_bench_baseline", views.baseline)
    signals.page_fragment.connect_via("event-page")(public_event_section)
