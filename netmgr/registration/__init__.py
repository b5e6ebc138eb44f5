"""Registration (påmelding) with capacity, waiting lists and presenter slots."""


def init_app(app):
    from ..core.signals import event_changed, event_deleting, event_seats_left, page_fragment
    from . import coordinator, feeds, fragments, notices, receivers, views
    from .intake import buyer_label, buyer_organizations
    from .services import on_event_changed

    # weak=False: the receiver is a module function, but keep it explicit for blinker
    event_changed.connect(on_event_changed, weak=False)
    event_deleting.connect(receivers.refuse_deleting_an_event_with_registrations)
    event_seats_left.connect(receivers.seats_left)
    page_fragment.connect_via("event-page")(fragments.public_event_section)
    page_fragment.connect_via("coordinator-event-page")(fragments.coordinator_event_section)
    notices.connect()
    feeds.connect()
    app.register_blueprint(views.bp)
    app.register_blueprint(coordinator.bp)

    def buyer_options():
        return [buyer_label(o) for o in buyer_organizations()]

    app.jinja_env.globals.update(buyer_options=buyer_options)
