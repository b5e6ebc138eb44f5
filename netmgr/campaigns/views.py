"""Coordinator pages for campaigns, and the public RSVP / unsubscribe pages (routes in
``blueprint.py``)."""

from __future__ import annotations

import datetime as dt
import re

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..core.errors import NotFoundError, ServiceError
from ..core.timeutil import OSLO, utcnow
from ..events.models import Event
from ..extensions import db
from ..groups.queries import all_groups
from ..mail.compose import event_when
from ..mail.models import OutboxMessage
from ..mail.tokens import InvalidToken
from ..networks.models import Network
from ..organizations.models import Contact, Organization
from ..registration.links import confirmation_url
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import flash_service_errors, run_service
from ..web.i18n import explicit_language
from ..web.inputs import arg_id, to_int
from . import official, rsvp, services, texts
from .forms import OfficialAnswerForm
from .models import Campaign, CampaignRecipient


# -- coordinator ------------------------------------------------------------------------------
@coordinator_required
def campaigns():
    rows = list(
        db.session.scalars(select(Campaign).order_by(Campaign.created_at.desc()).limit(200))
    )
    return render_template("campaigns/list.html", campaigns=rows)


def _ids(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,;]+", text or "") if t]


def _form_spec(form) -> dict:
    spec: dict = {}
    contacts = []
    for token in _ids(form.get("contacts", "")):
        if to_int(token, minimum=1) is not None:
            contacts.append(to_int(token, minimum=1))
        else:
            cid = db.session.scalar(select(Contact.id).where(Contact.email == token.lower()))
            if cid is None:
                raise ServiceError(
                    {"contacts": [_("Fant ingen kontakt med e-post %(email)s.", email=token)]}
                )
            contacts.append(cid)
    if contacts:
        spec["contacts"] = contacts
    if form.getlist("organizations"):
        spec["organizations"] = form.getlist("organizations")
    for key in ("networks", "groups", "group_hosts"):
        if form.getlist(key):
            spec[key] = form.getlist(key)
    if form.get("use_filter"):
        spec["municipalities"] = {
            k: form.get(k)
            for k in ("county_number", "population_min", "population_max", "written_standard")
            if form.get(k)
        }
    return spec or None


def invitable_events():
    """Events an invitation can be for: published and not yet over, the nearest first
    (drafts cannot be registered for, and nobody is invited to the past)."""
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.status == "published", Event.ends_at > utcnow())
            .order_by(Event.starts_at, Event.id)
        )
    )


def _form_choices():
    events = invitable_events()
    orgs = db.session.execute(
        select(Organization.id, Organization.name, Organization.kind)
        .where(Organization.active.is_(True))
        .order_by(Organization.name)
    ).all()
    networks = list(db.session.scalars(select(Network).order_by(Network.name)))
    counties = db.session.execute(
        select(Organization.county_number, Organization.name)
        .where(Organization.kind == "county")
        .order_by(Organization.name)
    ).all()
    return dict(events=events, orgs=orgs, networks=networks, counties=counties, groups=all_groups())


@coordinator_required
def campaign_new():
    errors: dict = {}
    form = request.form if request.method == "POST" else request.args
    if request.method == "POST":
        event_id = arg_id("event_id", source=form)
        event = db.session.get(Event, event_id) if event_id else None
        try:
            if event is None:
                raise ServiceError({"event_id": [_("Velg et arrangement.")]})
            if event not in invitable_events():
                raise ServiceError(
                    {"event_id": [_("Velg et publisert arrangement som ikke er over.")]}
                )
            campaign = services.create_campaign(
                event,
                _form_spec(form),
                user=current_user,
                name=form.get("name") or None,
                message=form.get("message") or None,
            )
            db.session.commit()
            return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign.id))
        except ServiceError as exc:
            db.session.rollback()
            errors = {k: [str(m) for m in v] for k, v in exc.errors.items()}
    return render_template("campaigns/new.html", form=form, errors=errors, **_form_choices()), (
        422 if errors else 200
    )


@coordinator_required
def campaign_detail(campaign_id: int):
    campaign = get_or_404(Campaign, campaign_id)
    recipients = db.session.execute(
        select(
            CampaignRecipient,
            Contact,
            OutboxMessage.state,
            OutboxMessage.last_error,
            Organization.name,
        )
        .outerjoin(Contact, Contact.id == CampaignRecipient.contact_id)
        .outerjoin(Organization, Organization.id == CampaignRecipient.organization_id)
        .outerjoin(OutboxMessage, OutboxMessage.message_id == CampaignRecipient.message_id)
        .where(CampaignRecipient.campaign_id == campaign.id)
        .order_by(CampaignRecipient.kind, Contact.name, Organization.name)
        .limit(500)
    ).all()
    return render_template(
        "campaigns/detail.html",
        campaign=campaign,
        stats=services.stats(campaign),
        previews=services.preview(campaign),
        failures=services.failures(campaign),
        recipients=recipients,
    )


#: The mail preview's own policy: the mail's inline styles and images as in a mail program,
#: no script, no form, shown only inside a frame of this site (a sandboxed iframe)
PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; "
    "font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)


@coordinator_required
def campaign_preview_html(campaign_id: int, language: str):
    """The HTML invitation of one language exactly as the recipient gets it, for the
    sandboxed frame on the campaign page (the page's own CSP would block its styles)."""
    campaign = get_or_404(Campaign, campaign_id)
    found = next((p for p in services.preview(campaign) if p["language"] == language), None)
    if found is None or not found["html"]:
        abort(404)
    response = make_response(found["html"])
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _action(campaign_id: int, fn, done: str):
    campaign = get_or_404(Campaign, campaign_id)
    try:
        count = fn(campaign)
        db.session.commit()
        flash(done % {"count": count} if "%(count)" in done else done, "success")
    except ServiceError as exc:
        flash_service_errors(exc)
    return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign_id))


@coordinator_required
def campaign_text(campaign_id: int):
    """Save the invitation's subject, opening and greeting, then show the preview."""
    campaign = get_or_404(Campaign, campaign_id)
    try:
        texts.update_text(campaign, request.form, user=current_user)
        db.session.commit()
        flash(_("Teksten er lagret. Se forhåndsvisningen under."), "success")
    except ServiceError as exc:
        flash_service_errors(exc)
    return redirect(
        url_for("campaigns.campaign_detail", campaign_id=campaign_id) + "#preview-heading"
    )


@coordinator_required
def campaign_send(campaign_id: int):
    return _action(
        campaign_id,
        lambda c: services.send_campaign(c, user=current_user),
        _("%(count)s invitasjoner er lagt i utboksen."),
    )


@coordinator_required
def campaign_resend(campaign_id: int):
    return _action(
        campaign_id,
        lambda c: services.send_campaign(c, only_non_responders=True, user=current_user),
        _("%(count)s påminnelser er lagt i utboksen."),
    )


@coordinator_required
def campaign_schedule(campaign_id: int):
    def schedule(campaign):
        try:
            local = dt.datetime.fromisoformat(request.form.get("scheduled_at", ""))
        except ValueError:
            raise ServiceError({"scheduled_at": [_("Oppgi dato og klokkeslett.")]}) from None
        when = local.replace(tzinfo=OSLO) if local.tzinfo is None else local
        services.schedule_campaign(campaign, when.astimezone(dt.UTC), user=current_user)
        return 0

    return _action(campaign_id, schedule, _("Utsendelsen er planlagt."))


# -- public: RSVP and unsubscribe ---------------------------------------------------------
def _invalid(exc):
    expired = isinstance(exc, InvalidToken) and exc.expired
    return render_template("campaigns/rsvp_invalid.html", expired=expired), 410 if expired else 404


def rsvp_answer(answer: str, token: str):
    try:
        event, contact, campaign_id = rsvp.response_from_token(answer, token)
    except (InvalidToken, NotFoundError) as exc:
        return _invalid(exc)
    if request.method == "GET":  # link scanners fetch GETs: the answer needs the button
        standing = rsvp.standing_answer(event, contact, answer, campaign_id)
        if standing is not None:  # a second click: say what is already recorded
            return render_template(
                "campaigns/rsvp_done.html",
                event=event,
                contact=contact,
                answer=answer,
                outcome=rsvp.Outcome(
                    event=event,
                    contact=contact,
                    response="accepted" if answer == "accept" else "declined",
                    changed=False,
                    registration=standing if answer == "accept" else None,
                ),
                already=True,
                registration_url=confirmation_url(standing) if answer == "accept" else None,
                messages=[],
            )
        return render_template(
            "campaigns/rsvp_confirm.html", event=event, contact=contact, answer=answer
        )
    response = "accepted" if answer == "accept" else "declined"
    try:
        outcome = rsvp.record_response(
            event, contact, response, via="link", campaign_id=campaign_id
        )
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        messages = [str(m) for v in exc.errors.values() for m in v]
        return render_template(
            "campaigns/rsvp_done.html",
            event=event,
            contact=contact,
            answer=answer,
            outcome=None,
            messages=messages,
        ), 409
    return render_template(
        "campaigns/rsvp_done.html",
        event=event,
        contact=contact,
        answer=answer,
        outcome=outcome,
        already=not outcome.changed,
        registration_url=(
            confirmation_url(outcome.registration)
            if outcome.registration is not None and answer == "accept"
            else None
        ),
        messages=[],
    )


def unsubscribe(token: str):
    try:
        payload_contact = rsvp.read_token("unsubscribe", token)
    except InvalidToken as exc:
        return _invalid(exc)
    if request.method == "GET":
        contact = get_or_404(Contact, payload_contact.get("c") or 0)
        return render_template("campaigns/unsubscribe.html", contact=contact, done=False)
    try:
        contact = rsvp.unsubscribe(token)
    except (InvalidToken, NotFoundError) as exc:
        return _invalid(exc)
    db.session.commit()
    return render_template("campaigns/unsubscribe.html", contact=contact, done=True)


def official_answer(token: str):
    """The page behind an official-address invitation: register as contact, then answer.

    Written in the organisation's written standard (nynorsk or bokmål), not the browser's
    language, unless the reader chose one with the language switch."""
    try:
        recipient = official.recipient_from_token(token)
    except (InvalidToken, NotFoundError) as exc:
        return _invalid(exc)
    organization = db.session.get(Organization, recipient.organization_id)
    standard = "nn" if organization.written_standard == "nn" else "nb"
    with force_locale(explicit_language() or standard):
        return _official_page(recipient, organization)


def _official_page(recipient: CampaignRecipient, organization: Organization):
    campaign = recipient.campaign
    event, process = campaign.event, campaign.process
    form = OfficialAnswerForm()
    if process is not None:
        form.answer.label.text = _("Vil dere være med?")
        form.answer.choices = [
            ("accepted", _("Ja, vi vil være med")),
            ("declined", _("Nei, vi vil ikke være med")),
        ]
    if form.validate_on_submit():
        outcome, ok = run_service(
            form,
            lambda: official.register_and_answer(
                recipient, form.name.data, form.email.data, form.title.data, form.answer.data
            ),
        )
        if ok:
            db.session.commit()
            if process is not None:
                return render_template(
                    "campaigns/join_done.html", process=process, outcome=outcome, messages=[]
                )
            return render_template(
                "campaigns/rsvp_done.html",
                event=event,
                contact=outcome.contact,
                answer="accept" if outcome.response == "accepted" else "decline",
                outcome=outcome,
                messages=[],
            )
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "campaigns/official_answer.html",
        event=event,
        process=process,
        organization=organization,
        form=form,
        when=event_when(event) if event is not None else None,
    ), status
