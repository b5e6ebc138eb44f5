"""Route tables: a ``blueprint.py`` lists its routes as rows, one line a route."""

from __future__ import annotations

from .exports import FORMATS

#: A page with a form: shown by GET, sent by POST.
FORM = ("GET", "POST")
#: An action behind a button (POST only).
POST = ("POST",)


def add_routes(bp, *rows) -> None:
    """Register rows ``(rule, endpoint, view)`` (GET; a ``MethodView`` its own methods) or
    ``(rule, endpoint, view, methods)`` on ``bp``, in order."""
    for rule, endpoint, view, *methods in rows:
        options = {"methods": list(methods[0])} if methods else {}
        bp.add_url_rule(rule, endpoint, view, **options)


def add_export_routes(bp, rule: str, endpoint: str, view) -> None:
    """A table download in every export format: ``<rule>.csv`` and ``<rule>.xlsx``, one
    endpoint, ``view`` called with ``fmt`` (see :mod:`netmgr.web.exports`)."""
    for fmt in FORMATS:
        bp.add_url_rule(f"{rule}.{fmt}", endpoint, view, defaults={"fmt": fmt})
