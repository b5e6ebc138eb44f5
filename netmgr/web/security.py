"""Security headers on every response, ``no-store`` on personal pages, request size limit."""

from __future__ import annotations

from flask import Request, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream, get_input_stream

#: Blueprints whose pages behind a ``token`` link show one person's data
TOKEN_PAGE_BLUEPRINTS = frozenset({"registration", "rsvp", "auth"})

#: Content-Security-Policy directives; features may extend a list in app.config["CSP"]
DEFAULT_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # no inline scripts, no CDN
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def csp_header(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def large_body(limit: int):
    """Let one view take a body above ``MAX_CONTENT_LENGTH`` (e.g. a file upload)."""

    def decorator(view):
        view.max_body = limit
        return view

    return decorator


class StrictLimitedStream(LimitedStream):
    """A chunked body that goes past ``limit`` raises 413. Werkzeug's own stream for a
    chunked body stops quietly at the limit, so the view would parse a cut-off body."""

    def __init__(self, stream, limit: int) -> None:
        super().__init__(stream, limit + 1, is_max=True)  # one byte more tells "too long"
        self.max_length = limit

    def readinto(self, b) -> int | None:
        size = super().readinto(b)
        if self._pos > self.max_length:
            raise RequestEntityTooLarge()
        return size


class SizeLimitedRequest(Request):
    """``MAX_CONTENT_LENGTH`` for every request, chunked ones included, unless the matched
    view was marked with :func:`large_body`."""

    @property
    def max_content_length(self) -> int | None:
        limit = super().max_content_length
        view = current_app.view_functions.get(self.endpoint) if self.endpoint else None
        return getattr(view, "max_body", None) or limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @cached_property
    def stream(self):
        limit = self.max_content_length
        chunked = self.content_length is None and self.environ.get("wsgi.input_terminated")
        if limit is not None and chunked:
            return StrictLimitedStream(self.environ["wsgi.input"], limit)
        return get_input_stream(self.environ, max_content_length=limit)


def is_personal_page() -> bool:
    """Pages that must not be kept by browsers or proxies: every coordinator page (and the
    one showing a new API token), and the pages behind a personal token link."""
    if request.path.startswith("/coordinator"):
        return True
    args = request.view_args or {}
    return request.blueprint in TOKEN_PAGE_BLUEPRINTS and bool({"token", "secret"} & set(args))


def init_security(app) -> None:
    app.request_class = SizeLimitedRequest
    policy = {k: list(v) for k, v in DEFAULT_CSP.items()}
    for name, values in (app.config.get("CSP") or {}).items():
        policy.setdefault(name, []).extend(v for v in values if v not in policy.get(name, []))
    app.config["CSP"] = policy

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", csp_header(app.config["CSP"]))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        if response.mimetype == "text/html":
            response.vary.add("Accept-Language")  # the language comes from it (or the cookie)
            response.vary.add("Cookie")
        if is_personal_page():
            headers["Cache-Control"] = "no-store"
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
