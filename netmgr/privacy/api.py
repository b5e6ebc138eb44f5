"""REST resources: a person's export and erasure, and the audit log (routes in blueprint.py)."""

from __future__ import annotations

import datetime as dt

from flask.views import MethodView

from ..api.common import BEARER, acting_user, commit, doc, paginate
from ..auth.tokens import require_token
from .auditlog import AuditFilters, day_start, query
from .erasure import erase_person
from .export import person_data
from .schemas import AuditPage, AuditQuery, Erased, PersonExport, PersonIn, PersonQuery


class PeopleExport(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.arguments(PersonQuery, location="query")
    @doc.response(200, PersonExport)
    def get(self, args):
        """Everything about one person (by e-mail address); an unknown one gives empty lists.

        Audited (without the address)."""
        document = person_data(args["email"], user=acting_user(), via="api")
        commit()
        return document


class PeopleErase(MethodView):
    decorators = [require_token("admin")]

    @doc.doc(security=BEARER)
    @doc.arguments(PersonIn)
    @doc.response(200, Erased)
    def post(self, data):
        """Erase a person (admins only): contacts, their mails, links and audit details go;
        past registrations stay with the organisation, future ones are cancelled."""
        counts = erase_person(data["email"], user=acting_user())
        commit()
        return {"erased": counts}


def _bound(value, *, end: bool) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    return day_start(value + dt.timedelta(days=1) if end else value)


class AuditLog(MethodView):
    decorators = [require_token("admin")]

    @doc.doc(security=BEARER)
    @doc.arguments(AuditQuery, location="query")
    @doc.response(200, AuditPage)
    def get(self, args):
        """The audit log, newest first (filters: action, user_id, from, to)."""
        filters = AuditFilters(
            action=args.get("action"),
            user_id=args.get("user_id"),
            start=_bound(args.get("date_from"), end=False),
            end=_bound(args.get("date_to"), end=True),
        )
        return paginate(query(filters), args)
