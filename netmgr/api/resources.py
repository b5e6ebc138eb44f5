"""One style for the resource of a single row (``/things/<id>``: GET, PATCH, DELETE) and for
creating one: load or 404, call the feature's service, audit with the acting user, commit.

A feature describes its item with :class:`Item` and gets the ``MethodView`` from
:func:`item_resource`, and the ``get`` and ``post`` of its collection from :func:`list_method` and
:func:`create_method`; the
routes stay in its ``blueprint.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort
from flask.views import MethodView

from ..auth.tokens import require_token
from ..core.audit import audit
from ..extensions import db
from .common import BEARER, acting_user, doc, get_or_404, paginate

#: Decorators of a method that needs a bearer token
TOKEN = (require_token(), doc.doc(security=BEARER))


#: Decorators of a method whose ``MethodView`` already requires the token for every method
DOCUMENTED_TOKEN = (doc.doc(security=BEARER),)


def list_method(query, page, search: Callable, summary: str, *, auth=TOKEN):
    """The ``get`` of a collection: the query string parsed by ``query``, ``search(args)``
    (the feature's filters) gives the ``select``, answered one page at a time (``page``)."""

    def get(self, args):
        return paginate(search(args), args)

    decorators = (*auth, doc.arguments(query, location="query"), doc.response(200, page))
    return decorated(get, decorators, summary)


def create_method(schema, create: Callable, summary: str, *, out=None, audit_as=None, auth=TOKEN):
    """The ``post`` of a collection: load ``schema``, call ``create(data)`` (the feature's
    service), audit ``<audit_as>.created`` with the acting user when the service does not audit
    itself, commit and answer 201 with the row dumped by ``out`` (by default ``schema``)."""

    def post(self, data):
        obj = create(data)
        if audit_as:
            audit(f"{audit_as}.created", obj, user=acting_user())
        db.session.commit()
        return obj

    decorators = (*auth, doc.arguments(schema), doc.response(201, out or schema))
    return decorated(post, decorators, summary)


def where_equal(query, model, args: dict, names):
    """``query`` narrowed to the rows whose column equals the value of each of ``names`` that
    the query string gives (the list filters of a collection)."""
    for name in names:
        if args.get(name) is not None:
            query = query.where(getattr(model, name) == args[name])
    return query


def decorated(func, decorators, summary: str):
    """``func`` with the docstring ``summary`` (the OpenAPI summary) and ``decorators``
    applied as if written above it, first one outermost."""
    func.__doc__ = summary
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _no_detail(obj) -> dict:
    return {}


@dataclass(frozen=True)
class Item:
    """What differs between the items of two features.

    ``update(obj, data)`` and ``delete(obj)`` are the feature's service calls. With
    ``audit_as`` (``"group"``) the resource writes ``group.updated`` (with the changed
    field names) and ``group.deleted`` (with ``deleted_detail(obj)``); without it the
    service audits. ``may_delete(obj)`` False answers 403; ``load_for_read(id)`` finds the
    row for GET (401 for a hidden one), by default the same 404 as the writing methods.
    """

    model: type
    schema: type
    patch: type
    update: Callable
    delete: Callable
    docs: dict[str, str]
    audit_as: str | None = None
    deleted_detail: Callable = _no_detail
    may_delete: Callable | None = None
    load_for_read: Callable | None = None
    read: tuple = TOKEN
    write: tuple = TOKEN


def item_resource(name: str, item: Item) -> type[MethodView]:
    """The ``MethodView`` class ``name`` with GET, PATCH and DELETE of ``item``."""

    def load(view_args):
        (ident,) = view_args.values()
        return get_or_404(item.model, ident)

    def get(self, **view_args):
        if item.load_for_read is not None:
            (ident,) = view_args.values()
            return item.load_for_read(ident)
        return load(view_args)

    def patch(self, data, **view_args):
        obj = load(view_args)
        item.update(obj, data)
        if item.audit_as:
            audit(f"{item.audit_as}.updated", obj, user=acting_user(), fields=sorted(data))
        db.session.commit()
        return obj

    def delete(self, **view_args):
        obj = load(view_args)
        if item.may_delete is not None and not item.may_delete(obj):
            abort(403)
        if item.audit_as:
            audit(f"{item.audit_as}.deleted", obj, user=acting_user(), **item.deleted_detail(obj))
        item.delete(obj)
        db.session.commit()

    methods = {
        "get": decorated(get, (*item.read, doc.response(200, item.schema)), item.docs["get"]),
        "patch": decorated(
            patch,
            (*item.write, doc.arguments(item.patch), doc.response(200, item.schema)),
            item.docs["patch"],
        ),
        "delete": decorated(delete, (*item.write, doc.response(204)), item.docs["delete"]),
    }
    return type(name, (MethodView,), methods)
