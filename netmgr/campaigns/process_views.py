"""Pages of the invitations to join a joint process (routes in ``blueprint.py``): the
coordinator's one action that creates the campaign from the process's target list, and the
receiver's accept / decline page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.errors import NotFoundError, ServiceError
from ..core.signals import campaign_targets
from ..extensions import db
from ..mail.tokens import InvalidToken
from ..processes.models import Process
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from . import process_join, services


def _messages(exc: ServiceError) -> list[str]:
    return [str(m) for v in exc.errors.values() for m in v]


def create_for_process(process: Process, user=None, message: str | None = None):
    """A draft campaign to the process's target list (``GET /api/v1/targets?process=<id>``:
    small municipalities not yet in it, in its need owners' counties or groups)."""
    answers = campaign_targets.send(None, criteria={"process": process.id})
    if not answers:
        raise ServiceError({"targets": [_("Mållisten er ikke tilgjengelig.")]})
    ids, stored = answers[0][1]
    return services.create_campaign(
        None,
        {"organizations": ids},
        criteria={**stored, "source": "process"},
        user=user,
        name=_("Bli med: %(title)s", title=process.title)[:200],
        message=message,
        process=process,
    )


@coordinator_required
def process_campaign_new(process_id: int):
    process = get_or_404(Process, process_id)
    try:
        campaign = create_for_process(
            process, user=current_user, message=(request.form.get("message") or "").strip() or None
        )
    except ServiceError as exc:
        db.session.rollback()
        for message in _messages(exc):
            flash(message, "error")
        return redirect(request.referrer or url_for("campaigns.campaigns"))
    db.session.commit()
    flash(_("Invitasjonen er laget. Se over og send den."), "success")
    return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign.id))


def join_answer(answer: str, token: str):
    """The contact's accept / decline link (GET shows the button: link scanners fetch GETs)."""
    try:
        campaign, contact = process_join.answer_from_token(f"join_{answer}", token)
    except (InvalidToken, NotFoundError) as exc:
        expired = isinstance(exc, InvalidToken) and exc.expired
        page = render_template("campaigns/rsvp_invalid.html", expired=expired)
        return page, 410 if expired else 404
    process = campaign.process
    if request.method == "GET":
        return render_template(
            "campaigns/join_answer.html", process=process, contact=contact, answer=answer
        )
    response = "accepted" if answer == "accept" else "declined"
    try:
        outcome = process_join.record_join_answer(campaign, contact, response)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        return render_template(
            "campaigns/join_done.html", process=process, outcome=None, messages=_messages(exc)
        ), 409
    return render_template(
        "campaigns/join_done.html", process=process, outcome=outcome, messages=[]
    )
