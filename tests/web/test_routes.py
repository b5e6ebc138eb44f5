"""The route-table helpers of ``blueprint.py`` (netmgr.web.routes) and ``found_or_404``."""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask
from flask.views import MethodView
from werkzeug.exceptions import NotFound

from netmgr.web.errors import found_or_404
from netmgr.web.routes import FORM, POST, add_collection, add_export_routes, add_routes


def page():
    return "page"


def action():
    return "done"


def export(fmt):
    return fmt


class Things(MethodView):
    def get(self):
        return "list"

    def post(self):
        return "created"


class ThingItem(MethodView):
    def get(self, thing_id):
        return str(thing_id)


def _rules(bp: Blueprint) -> dict:
    app = Flask(__name__)
    app.register_blueprint(bp)
    return {
        (r.rule, r.endpoint): (sorted(r.methods - {"HEAD", "OPTIONS"}), r.defaults or {})
        for r in app.url_map.iter_rules()
        if r.endpoint != "static"
    }


def test_rows_name_their_endpoint_after_the_view_unless_given_and_default_to_get():
    bp = Blueprint("t", __name__)
    add_routes(
        bp,
        ("/page", page),
        ("/form", "form_page", page, FORM),
        ("/action", action, POST),
    )
    assert _rules(bp) == {
        ("/page", "t.page"): (["GET"], {}),
        ("/form", "t.form_page"): (["GET", "POST"], {}),
        ("/action", "t.action"): (["POST"], {}),
    }


def test_a_collection_and_its_items_are_named_after_their_method_views():
    bp = Blueprint("t", __name__)
    add_collection(bp, "/things", "<int:thing_id>", Things, ThingItem)
    assert _rules(bp) == {
        ("/things", "t.Things"): (["GET", "POST"], {}),
        ("/things/<int:thing_id>", "t.ThingItem"): (["GET"], {}),
    }


def test_an_export_is_one_endpoint_in_every_format():
    bp = Blueprint("t", __name__)
    add_export_routes(bp, "/table", "table_export", export)
    assert _rules(bp) == {
        ("/table.csv", "t.table_export"): (["GET"], {"fmt": "csv"}),
        ("/table.xlsx", "t.table_export"): (["GET"], {"fmt": "xlsx"}),
    }


def test_found_or_404():
    assert found_or_404(0) == 0  # only None is "not found"
    with pytest.raises(NotFound):
        found_or_404(None)
