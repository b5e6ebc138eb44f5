"""Registration (påmelding) with capacity, waiting lists and presenter slots."""


def init_app(app):
    from ..core.signals import event_changed
    from . import coordinator, feeds, notices, views
    from .intake import buyer_label, buyer_organizations
    from .services import on_event_changed

    # weak=False: the receiver is a module function, but keep it explicit for blinker
    event_changed.connect(on_event_changed, weak=False)
    notices.connect()
    feeds.connect()
    app.register_blueprint(views.bp)
    app.register_blueprint(coordinator.bp)

    def buyer_options():
        return [buyer_label(o) for o in buyer_organizations()]

    app.jinja_env.globals.update(
        registration_state=views.registration_state,
        buyer_options=buyer_options,
        registration_summary=coordinator.registration_summary,
    )
