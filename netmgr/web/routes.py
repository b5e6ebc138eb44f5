"""Route tables: a ``blueprint.py`` lists its routes as rows, one line a route.

A row is ``(rule, [endpoint,] view[, methods])``: the endpoint defaults to the view's name
(Flask's default), the methods to GET (a ``MethodView``: its own methods).
"""

from __future__ import annotations

from .exports import FORMATS

#: A page with a form: shown by GET, sent by POST.
FORM = ("GET", "POST")
#: An action behind a button (POST only).
POST = ("POST",)


def add_routes(bp, *rows) -> None:
    """Register ``rows`` on ``bp``, in order."""
    for rule, *rest in rows:
        endpoint = rest.pop(0) if isinstance(rest[0], str) else None
        view, *methods = rest
        options = {"methods": list(methods[0])} if methods else {}
        bp.add_url_rule(rule, endpoint or view.__name__, view, **options)


def add_collection(api_bp, rule: str, item: str, collection, item_view) -> None:
    """An API collection ``rule`` (``/groups``) and its items ``<rule>/<item>``
    (``/groups/<int:group_id>``), each endpoint named after its ``MethodView``."""
    add_routes(api_bp, (rule, collection), (f"{rule}/{item}", item_view))


def add_export_routes(bp, rule: str, endpoint: str, view) -> None:
    """A table download in every export format: ``<rule>.csv`` and ``<rule>.xlsx``, one
    endpoint, ``view`` called with ``fmt`` (see :mod:`netmgr.web.exports`)."""
    for fmt in FORMATS:
        bp.add_url_rule(f"{rule}.{fmt}", endpoint, view, defaults={"fmt": fmt})
