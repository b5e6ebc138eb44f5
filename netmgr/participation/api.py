"""REST API resources: /api/v1/reports/participation and /api/v1/targets (bearer token).

Routes are added in ``blueprint.py``.
"""

from __future__ import annotations

from flask.views import MethodView

from ..api.common import BEARER, doc
from ..auth.tokens import require_token
from .figures import overall, participation_report
from .filters import criteria_from_args
from .group_figures import group_report
from .schemas import ReportQuery, ReportSchema, TargetListSchema, TargetQuery
from .targets import target_list


class ParticipationReport(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.arguments(ReportQuery, location="query")
    @doc.response(200, ReportSchema)
    def get(self, args):
        """Participation figures per segment"""
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

    @doc.doc(security=BEARER)
    @doc.arguments(TargetQuery, location="query")
    @doc.response(200, TargetListSchema)
    def get(self, args):
        """The target list for the criteria."""
        criteria = criteria_from_args(args)
        rows = target_list(criteria)
        return {
            "items": [r.as_dict() for r in rows],
            "total": len(rows),
            "criteria": criteria.as_dict(),
        }
