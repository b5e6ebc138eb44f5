"""Participation log and targeting: figures per segment, target lists, reports, check-in,
map and history import (issue 8)."""

from __future__ import annotations


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import campaign_targets, organization_list_filters, page_fragment
    from . import cli
    from .blueprint import api_bp, bp
    from .campaign_targets import organizations_for_criteria
    from .organization_page import organization_section, size_filter
    from .summary import listen

    app.register_blueprint(bp)
    register_api(app, api_bp)
    app.cli.add_command(cli.import_participation)
    app.cli.add_command(cli.participation)
    listen()  # the summary follows every flush of registrations and events
    page_fragment.connect_via("organization-page")(organization_section)
    organization_list_filters.connect(size_filter, weak=False)
    campaign_targets.connect(organizations_for_criteria, weak=False)
