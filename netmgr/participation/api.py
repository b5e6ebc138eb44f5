"""REST API: /api/v1/reports/participation and /api/v1/targets (bearer token required)."""

from __future__ import annotations

from flask import jsonify, request
from flask_smorest import Blueprint
from marshmallow import ValidationError

from ..auth.tokens import require_token
from ..core.errors import ServiceError
from .figures import overall, participation_report
from .schemas import ReportQuery, ReportSchema, TargetListSchema, TargetQuery
from .targets import TargetCriteria, target_list

blp = Blueprint(
    "participation_api",
    __name__,
    url_prefix="/api/v1",
    description="Participation figures and target lists",
)


def _load(schema):
    try:
        return schema.load(request.args.to_dict()), None
    except ValidationError as err:
        return None, (jsonify({"errors": err.messages}), 422)


@blp.route("/reports/participation")
@blp.doc(
    parameters=[
        {"in": "query", "name": n, "schema": {"type": "string"}}
        for n in ("group_by", "from", "to", "theme", "network", "kind")
    ]
)
@blp.response(200, ReportSchema)
@require_token("coordinator")
def participation(**_):
    args, error = _load(ReportQuery())
    if error:
        return error
    try:
        rows = participation_report(args["group_by"], args["filters"])
    except ServiceError as err:
        return jsonify({"errors": err.errors}), err.status
    f = args["filters"]
    return {
        "group_by": args["group_by"],
        "date_from": f.date_from,
        "date_to": f.date_to,
        "items": [r.as_dict() for r in rows],
        "total": len(rows),
        "overall": overall(rows).as_dict(),
    }


@blp.route("/targets")
@blp.doc(
    parameters=[
        {"in": "query", "name": n, "schema": {"type": "string"}}
        for n in (
            "max_population",
            "min_population",
            "months",
            "county",
            "theme",
            "network",
            "min_participations",
            "process",
        )
    ]
)
@blp.response(200, TargetListSchema)
@require_token("coordinator")
def targets(**_):
    args, error = _load(TargetQuery())
    if error:
        return error
    criteria = criteria_from_args(args)
    rows = target_list(criteria)
    return {
        "items": [r.as_dict() for r in rows],
        "total": len(rows),
        "criteria": criteria.as_dict(),
    }


def criteria_from_args(args: dict) -> TargetCriteria:
    return TargetCriteria(
        max_population=args["max_population"],
        min_population=args["min_population"],
        county=args["county"],
        theme=args["theme"],
        network_id=args["network"],
        months=args["months"],
        min_participations=args["min_participations"],
        process_id=args.get("process"),
    )
