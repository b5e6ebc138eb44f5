"""Query-string filters shared by the report, target list and map pages and the API."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, ValidationError
from sqlalchemy import select

from ..events.models import EVENT_KINDS
from ..extensions import db
from ..groups.queries import all_groups
from ..networks.models import Network, Theme
from ..processes.models import Process
from .targets import TargetCriteria

#: Query arguments of the report and map pages
REPORT_ARGS = ("from", "to", "theme", "network", "kind", "group", "process")
#: Query arguments of the target list
TARGET_ARGS = (
    "max_population",
    "min_population",
    "months",
    "county",
    "theme",
    "network",
    "min_participations",
    "process",
    "group",
)


def query_args(names, source=None) -> dict:
    """The non-empty arguments among ``names`` (from the query string unless ``source``)."""
    source = request.args if source is None else source
    return {k: v for k, v in source.items() if k in names and v != ""}


def load_filters(schema: Schema, names) -> tuple[dict, dict]:
    """Parsed filters, or the defaults plus the errors to show next to the fields."""
    try:
        return schema.load(query_args(names)), {}
    except ValidationError as err:
        return schema.load({}), err.messages


def filter_choices() -> dict:
    """The themes, networks and event kinds offered in the filter forms."""
    return {
        "themes": db.session.scalars(select(Theme).order_by(Theme.id)).all(),
        "networks": db.session.scalars(select(Network).order_by(Network.name)).all(),
        "kinds": EVENT_KINDS,
        "processes": db.session.scalars(select(Process).order_by(Process.title)).all(),
        "groups": all_groups(),
    }


def criteria_from_args(args: dict) -> TargetCriteria:
    """Target-list criteria from a loaded :class:`~.schemas.TargetQuery`."""
    return TargetCriteria(
        max_population=args.get("max_population"),
        min_population=args.get("min_population"),
        county=args.get("county"),
        theme=args.get("theme"),
        network_id=args.get("network"),
        months=args.get("months"),
        min_participations=args.get("min_participations"),
        process_id=args.get("process"),
        group_id=args.get("group"),
    )
