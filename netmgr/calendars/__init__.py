"""iCalendar output: single events, feeds, iTIP requests and cancellations."""

from __future__ import annotations


def init_app(app):
    from ..core import signals
    from ..extensions import csrf
    from . import admin, views
    from .links import calendar_links
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
    app.add_template_global(calendar_links, "calendar_links")
