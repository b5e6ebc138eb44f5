"""The app that bench/feeds.py serves under gunicorn: netmgr plus a baseline route.

``/_bench/baseline.ics`` answers the same bytes as ``/calendar/all.ics``, built once, from a
plain Flask view: the ceiling a feed request is measured against. It lives here, not in the
application.
"""

from __future__ import annotations

from flask import Response
from flask_babel import force_locale
from flask_babel import gettext as _

from netmgr import create_app as create_netmgr_app
from netmgr.calendars import feeds

ICS_TYPE = "text/calendar; charset=utf-8"


def create_app():
    app = create_netmgr_app()
    built: dict[str, bytes] = {}

    def baseline():
        body = built.get("body")
        if body is None:
            with force_locale("nb"):
                scope = feeds.all_scope(_("LUP – alle arrangementer"))
            body = built["body"] = feeds.build_feed(scope, "nb")
        return Response(body, content_type=ICS_TYPE)

    app.add_url_rule("/_bench/baseline.ics", "bench_baseline", baseline)
    return app
