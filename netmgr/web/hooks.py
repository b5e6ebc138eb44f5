"""Page fragments from other features, collected by the view that renders the page.

A page of a lower feature (the public event page of ``events``) shows parts that belong to
higher features (seats left from ``registration``, the calendar buttons from ``calendars``).
The lower feature may not import them, so its view asks: ``fragments("event-page", event=e)``
sends :data:`netmgr.core.signals.page_fragment` with the hook name as sender, and each
receiver returns rendered HTML (or None). The view passes the joined result to its template.
Receivers connect in their feature's ``init_app`` with
``page_fragment.connect_via("event-page")(receiver)``; they run their own queries, so the
view decides when a page pays for them (never a Jinja global with a query in it).
"""

from __future__ import annotations

from markupsafe import Markup

from ..core.signals import page_fragment


def fragments(hook: str, **context) -> Markup:
    """Every receiver's HTML for ``hook`` in connection order (the order of the features in
    ``app.FEATURES``), joined."""
    # blinker keeps a sender's receivers in a set; its ``receivers`` dict keeps the order in
    # which they connected, keyed by id() for plain functions (all our receivers are).
    order = {key: position for position, key in enumerate(page_fragment.receivers)}
    answers = sorted(
        page_fragment.send(hook, **context), key=lambda pair: order.get(id(pair[0]), len(order))
    )
    return Markup("").join(result for _receiver, result in answers if result)
