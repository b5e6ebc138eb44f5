"""iCalendar output: single events, feeds, iTIP requests and cancellations."""

from __future__ import annotations


def init_app(app):
    from ..api.common import register_api
    from ..core import signals
    from ..mail.deferred import register_renderer
    from .blueprint import admin_bp, api_bp, bp
    from .contact_merge import move_subscriptions
    from .fragments import network_section, public_event_section
    from .services import REQUEST_RENDERER, bump_calendar_state, render_personal_feed

    # Every event change raises the shared feed version in its own transaction.
    signals.event_changed.connect(bump_calendar_state)
    signals.event_cancelled.connect(bump_calendar_state)
    signals.contacts_merged.connect(move_subscriptions, weak=False)
    register_renderer(app, REQUEST_RENDERER, render_personal_feed)

    # Seconds a worker may reuse the feed fingerprint row (see feeds._global_row)
    app.config.setdefault("CALENDAR_FINGERPRINT_TTL", 1.0)
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    register_api(app, api_bp)  # bearer tokens, no cookies: no CSRF
    signals.page_fragment.connect_via("event-page")(public_event_section)
    signals.page_fragment.connect_via("network-page")(network_section)
