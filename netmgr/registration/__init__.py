"""Registration (påmelding) with capacity, waiting lists and presenter slots."""


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import event_changed, organization_deleting
    from . import coordinator, views
    from .blueprint import api_bp, bp, coordinator_bp
    from .intake import buyer_label, buyer_organizations
    from .organization_refs import refuse_registered_deletion
    from .services import on_event_changed

    # weak=False: the receivers are module functions, but keep it explicit for blinker
    event_changed.connect(on_event_changed, weak=False)
    organization_deleting.connect(refuse_registered_deletion, weak=False)
    app.register_blueprint(bp)
    app.register_blueprint(coordinator_bp)
    register_api(app, api_bp)

    def buyer_options():
        return [buyer_label(o) for o in buyer_organizations()]

    app.jinja_env.globals.update(
        registration_state=views.registration_state,
        buyer_options=buyer_options,
        registration_summary=coordinator.registration_summary,
    )
