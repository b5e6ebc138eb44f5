"""Thematic networks (bygg, velferdsteknologi, digitale løsninger …) and their members: their
pages, API and services. See docs/networks.md."""


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import organization_deleting, organization_list_filters, page_fragment
    from .blueprint import api_bp, bp
    from .organization_page import network_filter, organization_section
    from .organization_refs import refuse_member_deletion

    app.register_blueprint(bp)
    register_api(app, api_bp)
    organization_deleting.connect(refuse_member_deletion, weak=False)
    page_fragment.connect_via("organization-page")(organization_section)
    organization_list_filters.connect(network_filter, weak=False)
