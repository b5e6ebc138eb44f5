"""Events (network meetings, meeting places, market dialogues, webinars): their pages, API and
services. See docs/events.md."""


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import network_deleting, page_fragment
    from .blueprint import api_bp, bp
    from .fragments import network_events
    from .receivers import refuse_deleting_a_network_with_events

    app.register_blueprint(bp)
    register_api(app, api_bp)
    network_deleting.connect(refuse_deleting_a_network_with_events)
    page_fragment.connect_via("network-page")(network_events)
