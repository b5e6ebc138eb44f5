"""Invitation campaigns for events: recipients, sending, answers (RSVP), unsubscribe."""


def init_app(app):
    from ..core.signals import page_fragment
    from .fragments import coordinator_event_section
    from .views import bp, public

    app.register_blueprint(bp)
    app.register_blueprint(public)
    page_fragment.connect_via("coordinator-event-page")(coordinator_event_section)
