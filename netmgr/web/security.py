"""Security headers on every response."""

from __future__ import annotations

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


def init_security(app) -> None:
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
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
