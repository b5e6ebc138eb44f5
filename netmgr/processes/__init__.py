"""Joint processes (felles prosesser): need owners, phases, market dialogue, suppliers."""

from __future__ import annotations


def init_app(app):
    from ..core.signals import page_fragment
    from .blueprint import init_blueprints
    from .fragments import organization_section

    init_blueprints(app)
    page_fragment.connect_via("organization-page")(organization_section)
