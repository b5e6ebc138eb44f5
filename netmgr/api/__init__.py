"""REST API under /api/v1 (flask-smorest); the OpenAPI document is /api/v1/openapi.json."""

from __future__ import annotations


def init_app(app):
    from ..extensions import api
    from .common import handle_http_exception

    if "bearerAuth" not in api.spec.components.security_schemes:
        api.spec.components.security_scheme(
            "bearerAuth",
            {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from `netmgr create-token EMAIL`.",
            },
        )
    # Document the error body the API really sends
    api.spec.components.schemas["Error"] = {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {
                "type": "object",
                "description": "field name (or _schema) -> messages",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        },
    }

    # Errors raised outside our views (unknown /api/ paths, 405) that the web error pages hand
    # to ``api.handle_http_exception`` get the same {"errors": ...} body.
    def json_error(error):
        response = handle_http_exception(error)
        return response

    api.handle_http_exception = json_error
