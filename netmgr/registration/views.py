"""Public registration pages: supplier and buyer forms, confirmation, calendar file, cancel link.

No sign-in. CSRF on every POST, a rate limit per client address, a honeypot field; nothing is
stored unless the whole form is valid; a full event puts people on the waiting list.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import lazyload

from ..calendars.ics import event_calendar
from ..core.commit import commit_keeping_loaded
from ..core.errors import ConflictError, ServiceError
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db, limiter
from ..organizations.models import Organization
from ..web.forms import apply_service_errors
from . import intake, services
from .forms import BuyerForm, SupplierForm

#: How often a transaction is retried after losing a race on a unique key (same email twice)
RETRIES = 3


def post_limit() -> str:
    return current_app.config.get("REGISTRATION_RATE_LIMIT", "20 per minute")


#: Built once (a burst of form POSTs asks it per request); themes and network load when a
#: page shows them (a form POST does not)
_EVENT = (
    select(Event)
    .where(Event.id == bindparam("event_id"))
    .options(lazyload(Event.themes), lazyload(Event.network))
)


def _event_or_404(event_id: int) -> Event:
    event = db.session.scalar(_EVENT, {"event_id": event_id})
    if event is None or event.status == "draft":
        abort(404)
    return event


def registration_state(event: Event, now=None) -> dict:
    """What the event page and the forms show: open/closed, seats, presenters."""
    now = now or utcnow()
    is_open = event.registration_open(now)
    if event.status == "cancelled":
        reason = "cancelled"
    elif is_open:
        reason = None
    elif event.registration_opens_at and now < event.registration_opens_at:
        reason = "not_yet"
    else:
        reason = "closed"
    left = services.seats_left(event)
    return dict(
        open=is_open,
        reason=reason,
        seats_left=left,
        full=left == 0,
        presenter_slots=event.presenter_slots or 0,
        presenter_slots_left=services.presenter_slots_left(event),
        presenters=services.approved_presenters(event),
        coordinator_email=_coordinator_email(event),
    )


def _coordinator_email(event: Event) -> str:
    coordinator = getattr(event, "coordinator", None)
    return getattr(coordinator, "email", None) or current_app.config.get(
        "REGISTRATION_CONTACT_ADDRESS", "lup@difi.no"
    )


def _save(action):
    """Run ``action(attempt)`` (-> (registration, created)) and commit; retry a lost
    unique-key race (a retry looks everything up again)."""
    for attempt in range(RETRIES):
        try:
            result = action(attempt)
            commit_keeping_loaded()  # the redirect's link needs the ids: no re-read
            return result
        except ConflictError:
            # Lost a race: someone created the same company/person a moment ago. Retry: this
            # time the lookup finds it.
            db.session.rollback()
            if attempt == RETRIES - 1:
                raise
        except ServiceError:
            db.session.rollback()
            raise
        except (IntegrityError, OperationalError):
            db.session.rollback()
            if attempt == RETRIES - 1:
                raise
    raise RuntimeError("unreachable")  # pragma: no cover


def _with_link(action):
    """``action`` plus the link of the page the form redirects to, in the same transaction."""

    def run(attempt):
        registration, created = action(attempt)
        return registration, created, services.issue_link(registration.id) if created else None

    return run


def _done(event, registration, created: bool, token: str | None):
    if not created:  # lost a race with the same address: answer as for a registered one
        return _already_registered(event, registration)
    return redirect(url_for("registration.confirmation", token=token), code=303)


def _already_registered(event, registration):
    """The same neutral answer whoever typed the address; the link goes only by mail to it."""
    services.send_existing_link(registration)
    db.session.commit()
    return render_template("registration/sent.html", event=event)


def _page(template, event, form, state, status=200):
    return render_template(template, event=event, form=form, state=state), status


def _form_view(event_id: int, form_cls, template, submit):
    event = _event_or_404(event_id)
    # A POST to an open event needs no seat figures unless a page is shown again (a burst of
    # registrations pays for every query here)
    posted_open = request.method == "POST" and event.registration_open(utcnow())
    state = None if posted_open else registration_state(event)
    form = form_cls(**(dict(themes=intake.theme_choices()) if form_cls is SupplierForm else {}))
    if not posted_open and not state["open"]:
        return _page(template, event, form, state, 200 if request.method == "GET" else 409)
    if request.method == "GET":
        if request.args.get("organization") and form_cls is BuyerForm:
            form.organization.data = request.args.get("organization", "")[:200]
        return _page(template, event, form, state)
    if not form.validate():
        return _page(template, event, form, state or registration_state(event), 422)
    if form.is_bot:  # pretend all went well; store nothing
        return render_template("registration/thanks.html", event=event)
    try:
        return submit(event, form)
    except ServiceError as exc:
        apply_service_errors(form, exc)
        return _page(template, event, form, registration_state(event), exc.status)


@limiter.limit(post_limit, methods=["POST"])
def supplier(event_id: int):
    def submit(event, form):
        contact, existing = services.registered_address(event, form.email.data)
        if existing is not None:
            return _already_registered(event, existing)
        result = _save(
            _with_link(
                lambda attempt: intake.register_supplier(
                    event, form, *([contact] if not attempt else [])
                )
            )
        )
        return _done(event, *result)

    return _form_view(event_id, SupplierForm, "registration/supplier.html", submit)


@limiter.limit(post_limit, methods=["POST"])
def buyer(event_id: int):
    def submit(event, form):
        contact, existing = services.registered_address(event, form.email.data)
        if existing is not None:
            return _already_registered(event, existing)
        organization = intake.resolve_buyer(form)
        if organization is None:
            db.session.rollback()
            return _page("registration/buyer.html", event, form, registration_state(event), 422)
        organization_id = organization.id

        def action(attempt):
            return intake.register_buyer(
                event,
                form,
                db.session.get(Organization, organization_id),
                *([contact] if not attempt else []),
            )

        return _done(event, *_save(_with_link(action)))

    return _form_view(event_id, BuyerForm, "registration/buyer.html", submit)


def buyer_search(event_id: int):
    """Server-side search for the buyer form (works without JavaScript)."""
    event = _event_or_404(event_id)
    query = request.args.get("q", "")[:200]
    lookup = intake.find_organizations(query) if query.strip() else intake.Lookup(None, [])
    return render_template(
        "registration/search.html",
        event=event,
        query=query,
        results=lookup.candidates,
        label=intake.buyer_label,
    )


def _registration_or_404(token: str):
    """The registration of a personal link; an unknown link is 404, an ended one 410 (with a
    page that says how to get a new one)."""
    found = services.find_link(token)
    if found.problem is not None:
        status = 404 if found.problem == "missing" else 410
        page = render_template("registration/link_invalid.html", problem=found.problem)
        abort(Response(page, status=status, mimetype="text/html"))
    return found.registration


def confirmation(token: str):
    registration = _registration_or_404(token)
    return render_template(
        "registration/confirmation.html",
        registration=registration,
        event=registration.event,
        token=token,
        position=services.waitlist_position(registration),
        presenter_position=services.presenter_waitlist_position(registration),
        when=services.event_when(registration.event),
    )


def calendar_file(token: str):
    registration = _registration_or_404(token)
    body = event_calendar(registration.event).to_ical()
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="lup-{registration.event_id}.ics"'},
    )


@limiter.limit(post_limit, methods=["POST"])
def cancel(token: str):
    registration = _registration_or_404(token)
    form = FlaskForm()
    if request.method == "POST" and registration.status != "cancelled":
        if not form.validate():
            return render_template(
                "registration/cancel.html",
                registration=registration,
                event=registration.event,
                form=form,
                token=token,
            ), 400
        services.cancel_by_link(registration)
        db.session.commit()
        return render_template(
            "registration/cancelled.html", registration=registration, event=registration.event
        ), 200
    if registration.status == "cancelled":
        return render_template(
            "registration/cancelled.html",
            registration=registration,
            event=registration.event,
            already=True,
        )
    return render_template(
        "registration/cancel.html",
        registration=registration,
        event=registration.event,
        form=form,
        token=token,
        when=services.event_when(registration.event),
    )
