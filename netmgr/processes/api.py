"""/api/v1/processes: public reading of published processes; everything else needs a token.

The routes are added in ``blueprint.py``; these resources only carry the documentation
decorators of :data:`netmgr.api.common.doc`.
"""

from __future__ import annotations

from flask import abort, jsonify
from flask.views import MethodView
from sqlalchemy import select

from ..api.common import BEARER, acting_user, doc, get_or_404, optional_user
from ..api.resources import Item, create_method, item_resource, list_method, where_equal
from ..auth.tokens import require_token
from ..extensions import db
from ..networks.models import Theme
from . import services
from .figures import summary
from .group_participants import add_group_members
from .models import Process
from .schemas import (
    LeaveQuery,
    ParticipantQuery,
    ParticipantSchema,
    ProcessOut,
    ProcessPage,
    ProcessPatch,
    ProcessQuery,
    ProcessSchema,
    SummarySchema,
)


def _reader_may_see_all() -> bool:
    """True for a coordinator's token, False without a token (401 for a bad one)."""
    user = optional_user()
    if user is None:
        return False
    if not user.has_role("coordinator"):
        abort(403)
    return True


def _readable(process_id: int) -> Process:
    process = get_or_404(Process, process_id)
    if not process.public and not _reader_may_see_all():
        abort(401)
    return process


def _search_processes(args):
    """The select behind ``GET`` of :class:`Processes` (its filters)."""
    query = select(Process).order_by(Process.started_on.desc(), Process.id.desc())
    if not _reader_may_see_all():
        if args.get("public") is False:
            abort(401)
        query = query.where(Process.public.is_(True))
    query = where_equal(query, Process, args, ("phase", "status"))
    if args.get("public") is not None:
        query = query.where(Process.public.is_(args["public"]))
    if args.get("theme"):
        query = query.where(Process.theme.has(Theme.slug == args["theme"]))
    return query


class Processes(MethodView):
    get = list_method(
        ProcessQuery,
        ProcessPage,
        _search_processes,
        "List processes (public: published ones; with a token: all)",
        auth=(),
    )

    post = create_method(
        ProcessSchema,
        lambda data: services.create_process(data, user=acting_user()),
        "Create a process (not public until ``public`` is true)",
        out=ProcessOut,
    )


ProcessItem = item_resource(
    "ProcessItem",
    Item(
        Process,
        schema=ProcessOut,
        patch=ProcessPatch,
        # the services audit the change themselves
        update=lambda process, data: services.update_process(process, data, user=acting_user()),
        delete=lambda process: services.delete_process(process, user=acting_user()),
        load_for_read=_readable,
        read=(),
        docs={
            "get": "Get one process with its phase timeline",
            "patch": "Change fields; ``phase`` moves the phase (backwards only with "
            "``allow_backwards``)",
            "delete": "Delete a process no event belongs to (409 otherwise: stop it instead)",
        },
    ),
)


class Participants(MethodView):
    @doc.arguments(ParticipantQuery, location="query")
    @doc.response(200, ParticipantSchema(many=True))
    def get(self, args, process_id):
        """Participants with their history (``current=true``: only those taking part today);
        pending requests to join only with a token"""
        process = _readable(process_id)
        on = services.today() if args.get("current") else None
        rows = services.participants(process, current_on=on)
        if not _reader_may_see_all():
            rows = [r for r in rows if r.status == "active"]
        return rows

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(ParticipantSchema)
    @doc.response(201, ParticipantSchema)
    def post(self, data, process_id):
        """Add an organisation as need owner, lead or observer; with ``group_id`` instead, the
        group's current members (the answer is then the list of participations added)"""
        process = get_or_404(Process, process_id)
        terms = (data.get("role", "need_owner"), data.get("joined_on"))
        options = {
            "buys_separately": data.get("buys_separately", True),
            "joined_in_phase": data.get("joined_in_phase"),
            "user": acting_user(),
        }
        if "group_id" in data:
            rows = add_group_members(process, data["group_id"], *terms, **options)
            db.session.commit()
            response = jsonify(ParticipantSchema(many=True).dump(rows))
            response.status_code = 201
            return response
        row = services.add_participant(process, data["organization_id"], *terms, **options)
        db.session.commit()
        return row


class ParticipantItem(MethodView):
    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(LeaveQuery, location="query")
    @doc.response(200, ParticipantSchema)
    def delete(self, args, process_id, organization_id):
        """End an organisation's participation on ``left_on`` (the row stays as history)"""
        process = get_or_404(Process, process_id)
        row = services.remove_participant(
            process, organization_id, args.get("left_on"), user=acting_user()
        )
        db.session.commit()
        return row


class Summary(MethodView):
    @doc.response(200, SummarySchema)
    def get(self, process_id):
        """Figures: need owners (small ones too), inhabitants, counties, suppliers, events"""
        return summary(_readable(process_id)).as_dict()
