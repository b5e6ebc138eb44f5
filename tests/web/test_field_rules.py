"""Issue 12.7: names and titles are one line without control characters, web addresses are
http/https only — in every API schema and every form, found by walking them all (a field added
later is covered without touching this file), plus the importers and one request each way."""

from __future__ import annotations

import re
import types

import marshmallow as ma
import pytest
import wtforms
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.meta import DefaultMeta

from netmgr.extensions import db

#: Field names that hold a name or a title
NAME = re.compile(r"(^|_)(name|title)(_|$)")
#: Field names that hold a web address (``homepage`` is the registration forms' honeypot)
URL = re.compile(r"(^|_)(url|website|link)(_|$)")

BAD_LINES = ["Ås\nkommune", "Ås\r\nBcc: x@y.no", "a\x00b", "a\tb", "a\u202eb", "a\x85b", "a\u2028b"]
GOOD_LINE = "Ås kommune – Øst (Sápmi)"
BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://lup.no/fil",
    "file:///etc/passwd",
    "//evil.example/",
    "lup.no",
    "https://",
    "https://lup.no/\nSet-Cookie: a=b",
    "https://user@evil.example/",
]
GOOD_URL = "https://www.lup.no/arrangementer?side=2#topp"


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _argument_schemas(app):
    """Every schema an API operation loads (its ``@doc.arguments``), nested ones included."""
    found, todo = set(), []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for method in ("get", "post", "put", "patch", "delete"):
            func = getattr(getattr(view, "view_class", None), method, None)
            for arg in getattr(func, "_apidoc", {}).get("arguments", {}).get("parameters", []):
                schema = arg.get("schema")
                todo.append(schema if isinstance(schema, type) else type(schema))
    while todo:
        schema = todo.pop()
        if schema in found:
            continue
        found.add(schema)
        for field in schema._declared_fields.values():
            inner = getattr(field, "inner", None) or field
            if isinstance(inner, ma.fields.Nested):
                nested = inner.nested
                todo.append(nested if isinstance(nested, type) else type(nested))
    return found


def _schema_fields(app, pattern):
    found = []
    for schema in _argument_schemas(app):
        for name, field in schema._declared_fields.items():
            key = field.data_key or name
            if (
                field.dump_only
                or not pattern.search(key)
                or not isinstance(field, ma.fields.String)
            ):
                continue
            found.append((f"{schema.__module__}.{schema.__name__}.{key}", schema, name))
    return sorted(found, key=lambda f: f[0])


def _form_fields(pattern):
    found = []
    for form in set(_subclasses(FlaskForm)):
        if not form.__module__.startswith("netmgr."):
            continue
        for name in dir(form):
            unbound = getattr(form, name, None)
            if (
                isinstance(unbound, wtforms.fields.core.UnboundField)
                and issubclass(unbound.field_class, wtforms.StringField)
                and pattern.search(name)
            ):
                found.append((f"{form.__module__}.{form.__name__}.{name}", unbound, name))
    return sorted(found, key=lambda f: f[0])


def _load(schema, name, value):
    """Errors of one schema field for ``value`` (its own deserialisation and validators)."""
    try:
        schema().fields[name].deserialize(value)
    except ma.ValidationError as exc:
        return exc.messages
    return None


def _validate(unbound, name, value):
    """Errors of one form field for ``value`` (bound alone, as the form would bind it)."""
    field = unbound.bind(form=types.SimpleNamespace(), name=name, _meta=DefaultMeta())
    field.process(MultiDict({name: value}))
    field.validate(types.SimpleNamespace())
    return field.errors


def test_the_walk_finds_the_known_fields(app):
    schemas = {
        f[0].rsplit(".", 2)[-2] + "." + f[0].rsplit(".", 1)[-1] for f in _schema_fields(app, NAME)
    }
    assert {"EventSchema.title", "GroupSchema.name", "NetworkSchema.name"} <= schemas
    assert "ProcessSchema.title" in schemas
    assert {"OrganizationSchema.name", "ContactSchema.title", "CampaignCreate.name"} <= schemas
    assert "EventRegistrationIn.organization_name" in schemas
    urls = {f[0].rsplit(".", 1)[-1] for f in _schema_fields(app, URL)}
    assert {"website", "online_url", "material_url"} <= urls
    forms = {f[0].rsplit(".", 2)[-2] + "." + f[0].rsplit(".", 1)[-1] for f in _form_fields(NAME)}
    assert {"EventForm.title", "GroupForm.name", "OrganizationForm.name"} <= forms
    assert {"ContactForm.title", "NetworkForm.name", "SeriesForm.title"} <= forms
    assert {"SupplierForm.company_name", "BuyerForm.title", "ProcessForm.title"} <= forms
    assert {f[0].rsplit(".", 1)[-1] for f in _form_fields(URL)} >= {"website", "online_url"}


def test_every_api_name_and_title_is_one_line(app):
    fields = _schema_fields(app, NAME)
    assert len(fields) >= 15
    for label, schema, name in fields:
        assert _load(schema, name, GOOD_LINE) is None, label
        for value in BAD_LINES:
            assert _load(schema, name, value), f"{label} accepted {value!r}"


def test_every_api_address_is_http_or_https(app):
    fields = _schema_fields(app, URL)
    assert len(fields) >= 4
    for label, schema, name in fields:
        assert _load(schema, name, GOOD_URL) is None, label
        for value in BAD_URLS:
            assert _load(schema, name, value), f"{label} accepted {value!r}"


def test_every_form_name_and_title_is_one_line(app):
    fields = _form_fields(NAME)
    assert len(fields) >= 15
    with app.test_request_context():
        for label, unbound, name in fields:
            assert _validate(unbound, name, GOOD_LINE) == [], label
            for value in BAD_LINES:
                assert _validate(unbound, name, value), f"{label} accepted {value!r}"


def test_every_form_address_is_http_or_https(app):
    fields = _form_fields(URL)
    assert len(fields) >= 4
    with app.test_request_context():
        for label, unbound, name in fields:
            assert _validate(unbound, name, GOOD_URL) == [], label
            for value in BAD_URLS:
                assert _validate(unbound, name, value), f"{label} accepted {value!r}"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Ås\r\nkommune", "kind": "supplier"}, "name"),
        ({"name": "Ås AS", "kind": "supplier", "website": "javascript:alert(1)"}, "website"),
    ],
)
def test_the_api_answers_422_and_writes_nothing(client, api_headers, body, field):
    from netmgr.organizations.models import Organization

    resp = client.post("/api/v1/organizations", json=body, headers=api_headers)
    assert resp.status_code == 422
    assert list(resp.get_json()["errors"]) == [field]
    assert db.session.query(Organization).count() == 0


def test_the_group_import_refuses_a_name_on_two_lines(app_ctx):
    from netmgr.groups.importer import import_memberships
    from tests import factories

    factories.municipality("Hamar", number="3403")
    db.session.commit()
    csv = 'group,kind,organization,joined_on\n"Innkjøp\nBcc: x",other,3403,2026-01-01\n'

    report = import_memberships(csv.encode())
    assert report.errors and report.errors[0][0] == 2
    assert "one line" in report.errors[0][1]
