"""URL helpers for redirects and query strings."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def safe_next(target: str | None) -> str | None:
    """Only local paths (``/coordinator?x=1``); anything with a scheme or host is refused."""
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def current_path() -> str:
    """Path and query of this request, for ``next=`` links."""
    qs = request.query_string.decode("utf-8", "replace")
    return request.path + ("?" + qs if qs else "")


def url_with(**changes) -> str:
    """This page's URL with some query arguments replaced (``None`` removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def public_url(path: str) -> str:
    """``BASE_URL`` + ``path`` as people outside will use it: https when the installation
    says so (``PREFERRED_URL_SCHEME = "https"``, the production default) or when this request
    came over https (through the proxy that ``PROXY_FIX`` trusts). A laptop demo on plain
    http keeps http, which is the only address that works there."""
    base = urlsplit(current_app.config["BASE_URL"])
    scheme = base.scheme or "http"
    if current_app.config.get("PREFERRED_URL_SCHEME") == "https" or (
        has_request_context() and request.is_secure
    ):
        scheme = "https"
    return f"{scheme}://{base.netloc}{base.path.rstrip('/')}{path}"
