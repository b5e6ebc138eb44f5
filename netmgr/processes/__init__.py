"""Joint processes (felles prosesser): need owners, phases, market dialogue, suppliers."""

from __future__ import annotations


def init_app(app):
    from .blueprint import init_blueprints

    init_blueprints(app)
