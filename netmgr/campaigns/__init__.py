"""Invitation campaigns for events: recipients, sending, answers (RSVP), unsubscribe."""


def init_app(app):
    from .views import bp, public

    app.register_blueprint(bp)
    app.register_blueprint(public)
