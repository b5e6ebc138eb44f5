"""A request id on every request and one structured log line per request.

The id comes from the proxy's ``X-Request-Id`` when it looks like one (nginx sets
``$request_id``), else a new random one; it is sent back in ``X-Request-Id`` and shown on
error pages so a user can quote it. The log line holds the route *pattern* (never the path,
which may carry a token), the status, the duration and the user's id, nothing else.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import g, request

from ..core.logs import FIELDS

log = logging.getLogger("netmgr.request")

#: What an incoming request id may look like (nginx: 32 hex digits; others: a UUID)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str | None:
    return g.get("request_id")


def _user_id() -> int | str | None:
    # Only a user Flask-Login already loaded for this request: no query just for the log.
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return user.get_id()
    return None


def init_request_log(app) -> None:
    app.jinja_env.globals["request_id"] = current_request_id

    @app.before_request
    def _start():
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers["X-Request-Id"] = request_id
        started = g.get("request_started")
        fields = {
            "request_id": request_id,
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else None,
            "endpoint": request.endpoint,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "user_id": _user_id(),
        }
        log.info("request", extra={FIELDS: fields})
        return response
