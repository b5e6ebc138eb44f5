"""Shared pieces of the REST API: blueprint class, safe fields, pagination, errors, auth helpers.

Every error leaves the API as ``{"errors": {field: [messages]}}``; messages that belong to no
field use the key ``_schema``. The session is rolled back before any error answer, so an
invalid request writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import wraps

import marshmallow as ma
from flask import abort, g, jsonify, request
from flask_smorest import Blueprint
from marshmallow import ValidationError, fields
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException, default_exceptions

from ..auth.tokens import current_api_user, user_from_bearer
from ..core.errors import ServiceError
from ..core.timeutil import OSLO, UTC
from ..extensions import api, csrf, db
from ..web.inputs import MAX_ID
from .fields import (  # noqa: F401  (the toolkit's fields, imported from here by features)
    AwareDateTime,
    Bool,
    DateField,
    DateOrDateTime,
    Email,
    Float,
    Id,
    Int,
    OneOf,
    QueryBool,
    QueryInt,
    Slug,
    Str,
    Text,
    Url,
)

#: Largest JSON body accepted
MAX_BODY = 1_000_000
#: Security requirement for the OpenAPI document
BEARER = [{"bearerAuth": []}]
LOCATIONS = ("json", "query", "querystring", "view_args", "form", "headers", "cookies", "files")


# ------------------------------------------------------------------------------------------
# Parsing: JSON only, unknown fields refused everywhere, no exception escapes as a 500


class ApiParser(FlaskParser):
    # None: use the schema's Meta.unknown (RAISE) for the query string too
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }

    def _raw_load_json(self, req):
        if (req.content_length or 0) > MAX_BODY:
            abort_errors(413, {"_schema": ["Request body too large (at most 1 MB)."]})
        if not req.get_data(cache=True):
            return ma.missing
        if not req.is_json:
            abort_errors(415, {"_schema": ["Send JSON with Content-Type: application/json."]})
        try:
            return super()._raw_load_json(req)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise
        except (ValueError, RecursionError, OverflowError) as exc:  # huge numbers, deep nesting
            raise json.JSONDecodeError(str(exc)[:80] or "invalid", "x", 0) from None

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort_errors(400, {"_schema": ["Invalid JSON body."]})


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = ApiParser()

    def arguments(self, schema, *, location="json", required=True, **kwargs):
        """As flask-smorest's, and a required JSON body must be there (the document says
        ``requestBody.required``); ``required=False`` for a body that may be left out.

        A schema class is instantiated once here: webargs would make a new instance (a deep
        copy of every field) for each request. The schemas keep no state between loads."""
        if isinstance(schema, type):
            schema = schema()
        decorator = super().arguments(schema, location=location, required=required, **kwargs)
        if location != "json" or not required:
            return decorator

        def wrap(func):
            inner = decorator(func)

            @wraps(inner)
            def view(*args, **kw):
                if not request.get_data(cache=True):
                    abort_errors(422, {"_schema": ["Send a JSON body."]})
                return inner(*args, **kw)

            return view

        return wrap


#: Decorators for the resources in each feature's ``api.py`` (``@doc.arguments``,
#: ``@doc.response``, ``@doc.alt_response``): they only annotate the methods. The feature's
#: ``blueprint.py`` adds the routes to its own :class:`ApiBlueprint` with ``add_url_rule``,
#: which reads those annotations into the OpenAPI document.
doc = ApiBlueprint("api_doc", __name__)


def api_blueprint(name: str, import_name: str, *, description: str) -> ApiBlueprint:
    """A feature's API blueprint under /api/v1 with the shared JSON error handlers."""
    bp = ApiBlueprint(name, import_name, url_prefix="/api/v1", description=description)
    register_error_handlers(bp)
    return bp


def register_api(app, bp: ApiBlueprint) -> None:
    """Add a feature's API blueprint to the one OpenAPI document (tokens, not CSRF)."""
    csrf.exempt(bp)
    api.register_blueprint(bp)
    for name in PATCH_SCHEMAS & set(api.spec.components.schemas):
        api.spec.components.schemas[name]["minProperties"] = 1


def abort_errors(code: int, errors: dict[str, list[str]]):
    """Stop the request with ``{"errors": errors}`` and the given status."""
    try:
        abort(code)
    except HTTPException as exc:
        exc.data = {"errors": errors}
        raise


# ------------------------------------------------------------------------------------------
# Schemas


class Schema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


class PageQuery(Schema):
    page = QueryInt(load_default=1, minimum=1, maximum=1_000_000)
    per_page = QueryInt(load_default=25, minimum=1, maximum=200)


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """``{"items": [...], "total": N, "page": P, "per_page": S}`` of ``item_schema``."""
    return type(
        name,
        (ma.Schema,),
        {
            "items": fields.List(fields.Nested(item_schema)),
            "total": fields.Integer(),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
        },
    )


#: Names of the PATCH bodies in the document; they get ``minProperties: 1``
PATCH_SCHEMAS: set[str] = set()


def _not_empty(self, data, **kwargs):
    if not data:
        raise ValidationError("Give at least one field to change.", "_schema")


def patch_schema(cls: type[ma.Schema]) -> type[ma.Schema]:
    """Mark a PATCH body: an empty object changes nothing and is refused (422)."""
    PATCH_SCHEMAS.add(cls.__name__.removesuffix("Schema"))
    cls._not_empty = ma.validates_schema(_not_empty)
    cls._hooks = cls.resolve_hooks()  # collect the hook added after the class was made
    return cls


def partial_schema(cls: type[ma.Schema]) -> type[ma.Schema]:
    """A subclass that loads partially (PATCH), with its own name in the OpenAPI document."""

    def load_partially(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        cls.__init__(self, *args, **kwargs)

    name = cls.__name__.removesuffix("Schema") + "Patch"
    body = {"__init__": load_partially, "_not_empty": ma.validates_schema(_not_empty)}
    PATCH_SCHEMAS.add(name)
    return type(name, (cls,), body)


def paginate(query, args: dict) -> dict:
    page, per_page = args.get("page", 1), args.get("per_page", 25)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return {"items": rows, "total": total, "page": page, "per_page": per_page}


def get_or_404(model, ident: int, **kwargs):
    obj = db.session.get(model, ident, **kwargs) if 1 <= ident <= MAX_ID else None
    if obj is None:
        abort_errors(404, {"_schema": [f"{model.__name__} {ident} not found."]})
    return obj


def optional_user():
    """The token's user, None without an Authorization header; 401 for a bad token."""
    if not request.headers.get("Authorization"):
        return None
    user = g.get("api_user") or user_from_bearer()
    if user is None:
        abort(401)
    return user


def acting_user():
    return current_api_user()


def commit() -> None:
    db.session.commit()


# ------------------------------------------------------------------------------------------
# Errors

MESSAGES = {
    400: "Bad request.",
    401: "Authentication required: send Authorization: Bearer <token>.",
    403: "Your token's role may not do this.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "Conflict.",
    413: "Request body too large.",
    415: "Send JSON with Content-Type: application/json.",
    422: "Invalid input.",
    429: "Too many requests.",
    500: "Internal error.",
}


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as ``{"field" or "field.0.sub": ["message", ...]}``."""
    out: dict[str, list[str]] = {}

    def add(key, message):
        out.setdefault(key or "_schema", []).append(str(message))

    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                for k, v in flatten(value, name).items():
                    out.setdefault(k, []).extend(v)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, dict):
                        for k, v in flatten(item, name).items():
                            out.setdefault(k, []).extend(v)
                    else:
                        add(name, item)
            else:
                add(name, value)
    elif isinstance(messages, (list, tuple)):
        for item in messages:
            add(prefix, item)
    else:
        add(prefix, messages)
    return out


def _strip_locations(messages) -> dict[str, list[str]]:
    if isinstance(messages, dict) and messages and set(messages) <= set(LOCATIONS):
        out: dict[str, list[str]] = {}
        for value in messages.values():
            for k, v in flatten(value).items():
                out.setdefault(k, []).extend(v)
        return out
    return flatten(messages)


def error_response(code: int, errors: dict[str, list[str]], headers=None):
    response = jsonify({"errors": errors})
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="netmgr"'
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def handle_http_exception(error: HTTPException):
    db.session.rollback()
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    if "errors" in data:
        errors = flatten(data["errors"])
    elif "messages" in data:  # webargs validation errors, nested by location
        errors = _strip_locations(data["messages"])
    else:
        errors = {"_schema": [MESSAGES.get(code, error.description or error.name)]}
    if code == 400:  # malformed JSON is invalid input like any other
        code = 422
    headers = {}
    if code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if data.get("headers"):
        headers.update(data["headers"] or {})
    return error_response(code, errors, headers)


def handle_service_error(error: ServiceError):
    db.session.rollback()
    return error_response(error.status, flatten(error.errors))


def handle_db_error(error: SQLAlchemyError):
    db.session.rollback()
    if isinstance(error, IntegrityError):
        return error_response(409, {"_schema": ["Conflicts with existing data."]})
    if isinstance(error, DataError):  # a value the database refuses (should be caught earlier)
        return error_response(422, {"_schema": ["A value is not valid for the database."]})
    raise error


def handle_value_error(error: ValueError):
    db.session.rollback()
    return error_response(422, {"_schema": ["Invalid value."]})


def register_error_handlers(bp: ApiBlueprint) -> None:
    """Per-code handlers on the blueprint win over the app's HTML error pages.

    Also forgets a token user left in ``g`` by an earlier request in the same app context
    (tests share one), so every request authenticates afresh.
    """
    bp.before_request(lambda: g.pop("api_user", None) and None)
    for code in default_exceptions:
        bp.register_error_handler(code, handle_http_exception)
    bp.register_error_handler(HTTPException, handle_http_exception)
    bp.register_error_handler(ServiceError, handle_service_error)
    bp.register_error_handler(
        ValidationError,
        lambda e: (db.session.rollback(), error_response(422, flatten(e.messages)))[1],
    )
    bp.register_error_handler(SQLAlchemyError, handle_db_error)
    bp.register_error_handler(ValueError, handle_value_error)


def date_start(value) -> dt.datetime:
    """A filter bound as an aware datetime: a date means 00:00 in Norway that day."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(0), tzinfo=OSLO).astimezone(UTC)
