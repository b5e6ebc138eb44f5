"""REST API resources: /api/v1/reports/participation and /api/v1/targets (bearer token).

Routes are added in ``blueprint.py``.
"""

from __future__ import annotations

from flask import request
from flask.views import MethodView

from ..api.common import BEARER, doc
from ..auth.tokens import require_token
from .figures import overall, participation_report
from .filters import criteria_from_args
from .group_figures import group_report
from .schemas import ReportQuery, ReportSchema, TargetListSchema, TargetQuery
from .targets import target_list

REPORT_PARAMETERS = ("group_by", "from", "to", "theme", "network", "kind", "group", "process")
TARGET_PARAMETERS = (
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


def _query_parameters(names) -> list[dict]:
    return [{"in": "query", "name": n, "schema": {"type": "string"}} for n in names]


class ParticipationReport(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(parameters=_query_parameters(REPORT_PARAMETERS), security=BEARER)
    @doc.response(200, ReportSchema)
    def get(self):
        """Participation figures per segment (a ValidationError answers 422)."""
        args = ReportQuery().load(request.args.to_dict())
        filters = args["filters"]
        if args["group_by"] == "group":
            rows, total = group_report(filters)
        else:
            rows = participation_report(args["group_by"], filters)
            total = overall(rows)
        return {
            "group_by": args["group_by"],
            "date_from": filters.date_from,
            "date_to": filters.date_to,
            "items": [r.as_dict() for r in rows],
            "total": len(rows),
            "overall": total.as_dict(),
        }


class Targets(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(parameters=_query_parameters(TARGET_PARAMETERS), security=BEARER)
    @doc.response(200, TargetListSchema)
    def get(self):
        """The target list for the criteria."""
        args = TargetQuery().load(request.args.to_dict())
        criteria = criteria_from_args(args)
        rows = target_list(criteria)
        return {
            "items": [r.as_dict() for r in rows],
            "total": len(rows),
            "criteria": criteria.as_dict(),
        }
