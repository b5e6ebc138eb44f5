"""Shared pieces of the REST API: blueprint class, safe fields, pagination, errors, auth helpers.

Every error leaves the API as ``{"errors": {field: [messages]}}``; messages that belong to no
field use the key ``_schema``. The session is rolled back before any error answer, so an
invalid request writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json

import marshmallow as ma
from flask import abort, g, jsonify, request
from flask_smorest import Blueprint
from marshmallow import ValidationError, fields, validate
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException, default_exceptions

from ..auth.tokens import current_api_user, user_from_bearer
from ..core.errors import ServiceError
from ..core.timeutil import UTC
from ..extensions import db
from ..web.inputs import BAD_CHARS, HTTP_URL, MAX_ID, MAX_URL, SLUG, is_http_url, single_line

#: Largest JSON body accepted
MAX_BODY = 1_000_000
#: Security requirement for the OpenAPI document
BEARER = [{"bearerAuth": []}]
LOCATIONS = ("json", "query", "querystring", "view_args", "form", "headers", "cookies", "files")
_BAD_CHARS = BAD_CHARS


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
    from ..extensions import api, csrf

    csrf.exempt(bp)
    api.register_blueprint(bp)


def abort_errors(code: int, errors: dict[str, list[str]]):
    """Stop the request with ``{"errors": errors}`` and the given status."""
    try:
        abort(code)
    except HTTPException as exc:
        exc.data = {"errors": errors}
        raise


# ------------------------------------------------------------------------------------------
# Fields


class Str(fields.String):
    """Text, stripped, without control characters, NUL bytes or lone surrogates."""

    default_error_messages = {"bad_chars": "Contains characters that are not allowed."}

    def __init__(self, *, max_length: int | None = 200, strip: bool = True, **kwargs):
        validators = list(kwargs.pop("validate", None) or [])
        if max_length:
            validators.append(validate.Length(max=max_length))
        super().__init__(validate=validators, **kwargs)
        self.strip = strip

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if _BAD_CHARS.search(value.replace("\t", "").replace("\n", "").replace("\r", "")):
            raise self.make_error("bad_chars")
        return value.strip() if self.strip else value


class Line(Str):
    """A name or a title: :class:`Str` on one line (no line breaks, tabs, control characters or
    bidi overrides; :func:`netmgr.web.inputs.single_line`)."""

    default_error_messages = {"not_single_line": "Must be one line without control characters."}

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not single_line(value):
            raise self.make_error("not_single_line")
        return value


class HttpUrl(Str):
    """A web address: absolute ``http://`` or ``https://`` only (:func:`~netmgr.web.inputs.
    is_http_url`); an empty string is kept for "no address" where the field allows it."""

    default_error_messages = {"not_http": "Use an http:// or https:// address."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_URL)
        # The pattern only documents the rule (OpenAPI ``pattern``); is_http_url decides.
        kwargs["validate"] = [*(kwargs.get("validate") or []), validate.Regexp(HTTP_URL)]
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value and not is_http_url(value):
            raise self.make_error("not_http")
        return value


class Text(Str):
    def __init__(self, **kwargs):
        super().__init__(max_length=kwargs.pop("max_length", 20000), **kwargs)


def Slug(**kwargs):  # noqa: N802
    """A required URL name (slug), as the services check it."""
    error = "Use lower-case letters a-z, digits and hyphens."
    return Str(required=True, max_length=80, validate=[validate.Regexp(SLUG.pattern, error=error)])


def Int(*, minimum=0, maximum=MAX_ID, strict=True, **kwargs):  # noqa: N802
    """An integer from JSON (strict: no strings or floats) within the range of the column."""
    return fields.Integer(
        strict=strict, validate=validate.Range(min=minimum, max=maximum), **kwargs
    )


def Id(**kwargs):  # noqa: N802
    return Int(minimum=1, **kwargs)


def OneOf(choices, **kwargs):  # noqa: N802
    return Str(max_length=None, validate=[validate.OneOf(choices)], **kwargs)


class AwareDateTime(fields.AwareDateTime):
    """ISO 8601 with an offset; naive times are refused; loaded as UTC."""

    default_error_messages = {
        "invalid_awareness": "Give a time zone offset, e.g. 2026-03-01T09:00:00+01:00.",
        "range": "Year must be between 1900 and 2200.",
    }

    def __init__(self, **kwargs):
        super().__init__(format="iso", default_timezone=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and (_BAD_CHARS.search(value) or len(value) > 64):
            raise self.make_error("invalid", input=value[:64], obj_type=self.OBJ_TYPE)
        value = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= value.year <= 2200:
            raise self.make_error("range")
        return value.astimezone(UTC)


class DateField(fields.Date):
    default_error_messages = {"range": "Year must be between 1900 and 2200."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) > 32:
            raise self.make_error("invalid")
        value = super()._deserialize(value, attr, data, **kwargs)
        if not 1900 <= value.year <= 2200:
            raise self.make_error("range")
        return value


class DateOrDateTime(fields.Field):
    """A date (YYYY-MM-DD, a whole day in Norway) or an aware ISO 8601 datetime."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) == 10:
            return DateField()._deserialize(value, attr, data, **kwargs)
        return AwareDateTime()._deserialize(value, attr, data, **kwargs)


# ------------------------------------------------------------------------------------------
# Schemas


class Schema(ma.Schema):
    class Meta:
        unknown = ma.RAISE
        ordered = True


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=200))


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


def partial_schema(cls: type[ma.Schema]) -> type[ma.Schema]:
    """A subclass that loads partially (PATCH), with its own name in the OpenAPI document."""

    def load_partially(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        cls.__init__(self, *args, **kwargs)

    name = cls.__name__.removesuffix("Schema") + "Patch"
    return type(name, (cls,), {"__init__": load_partially})


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
    from ..core.timeutil import OSLO

    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(0), tzinfo=OSLO).astimezone(UTC)
