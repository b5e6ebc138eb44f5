"""Registration (påmelding) with capacity, waiting lists and presenter slots."""


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import (
        contacts_merged,
        event_changed,
        event_deleting,
        event_seats_left,
        organization_deleting,
        page_fragment,
    )
    from ..mail.deferred import register_renderer
    from . import event_notices, feeds, fragments, notices, receivers
    from .blueprint import api_bp, bp, coordinator_bp
    from .contact_merge import move_registrations
    from .intake import buyer_label, buyer_organizations
    from .organization_refs import refuse_registered_deletion
    from .services import on_event_changed

    # weak=False: the receivers are module functions, but keep it explicit for blinker
    event_changed.connect(on_event_changed, weak=False)
    event_deleting.connect(receivers.refuse_deleting_an_event_with_registrations)
    event_seats_left.connect(receivers.seats_left)
    organization_deleting.connect(refuse_registered_deletion, weak=False)
    page_fragment.connect_via("event-page")(fragments.public_event_section)
    page_fragment.connect_via("coordinator-event-page")(fragments.coordinator_event_section)
    register_renderer(app, notices.RENDERER, notices.render_notice)
    event_notices.connect()
    contacts_merged.connect(move_registrations, weak=False)
    feeds.connect()
    app.register_blueprint(bp)
    app.register_blueprint(coordinator_bp)
    register_api(app, api_bp)

    def buyer_options():
        return [buyer_label(o) for o in buyer_organizations()]

    app.jinja_env.globals.update(buyer_options=buyer_options)
