"""Coordinator pages: the registrations of an event (filter, add, move, cancel, presenters, CSV).

Personal data (names, e-mail, phone) is only shown here, to signed-in coordinators.
"""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from ..core.audit import audit
from ..core.errors import ServiceError
from ..events.models import Event
from ..extensions import db
from ..networks.models import Theme
from ..organizations.models import Organization
from ..organizations.services import find_or_create_contact
from ..web.access import coordinator_required
from ..web.exports import export_response
from ..web.formatting import format_datetime_numeric
from ..web.forms import apply_service_errors
from ..web.labels import REGISTRATION_STATUS_LABELS, label, theme_name
from . import intake, services
from .forms import ActionForm, CoordinatorAddForm, FilterForm
from .models import Registration


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    return event


def _registration(event: Event, registration_id: int) -> Registration:
    reg = db.session.get(Registration, registration_id)
    if reg is None or reg.event_id != event.id:
        abort(404)
    return reg


def filtered_registrations(event: Event, filters: dict) -> list[Registration]:
    """Registrations of ``event`` by status, role, organisation kind, small municipality."""
    stmt = (
        select(Registration)
        .join(Registration.organization)
        .outerjoin(Registration.contact)
        .options(contains_eager(Registration.organization), contains_eager(Registration.contact))
        .where(Registration.event_id == event.id)
    )
    status = filters.get("status") or ""
    if status == "":
        stmt = stmt.where(Registration.status != "cancelled")
    elif status != "all":
        stmt = stmt.where(Registration.status == status)
    if filters.get("role"):
        stmt = stmt.where(Registration.role == filters["role"])
    if filters.get("kind"):
        stmt = stmt.where(Organization.kind == filters["kind"])
    limit = current_app.config.get("SMALL_MUNICIPALITY_LIMIT", 5000)
    small = (Organization.kind == "municipality") & (Organization.population < limit)
    if filters.get("small") == "yes":
        stmt = stmt.where(small)
    elif filters.get("small") == "no":
        stmt = stmt.where(~small | Organization.population.is_(None))
    order = {"confirmed": 0, "waitlisted": 1, "cancelled": 2}
    rows = list(db.session.scalars(stmt))
    rows.sort(
        key=lambda r: (
            order.get(r.status, 3),
            r.role,
            r.waitlisted_at or r.confirmed_at or r.created_at,
            r.id,
        )
    )
    return rows


def _filters() -> tuple[FilterForm, dict]:
    form = FilterForm(request.args)
    form.validate()
    return form, {name: f.data for name, f in form._fields.items() if not f.errors and f.data}


def _is_small(org) -> bool:
    limit = current_app.config.get("SMALL_MUNICIPALITY_LIMIT", 5000)
    return bool(
        org and org.kind == "municipality" and org.population is not None and org.population < limit
    )


def _render(event, add_form, status=200, candidates=()):
    form, filters = _filters()
    rows = filtered_registrations(event, filters)
    positions = _waitlist_positions(event)
    return render_template(
        "registration/coordinator.html",
        event=event,
        rows=rows,
        filter_form=form,
        filters=filters,
        add_form=add_form,
        action_form=ActionForm(),
        positions=positions,
        is_small=_is_small,
        seats_left=services.seats_left(event),
        presenter_slots_left=services.presenter_slots_left(event),
        candidates=candidates,
        org_options=_org_options(),
    ), status


def _org_options() -> list[str]:
    orgs = intake.buyer_organizations(
        ("municipality", "county", "state_agency", "supplier", "other")
    )
    return [intake.buyer_label(o) for o in orgs]


@coordinator_required
def event_registrations(event_id: int):
    return _render(_event(event_id), CoordinatorAddForm(formdata=None))


@coordinator_required
def add_registration(event_id: int):
    event = _event(event_id)
    form = CoordinatorAddForm()
    if not form.validate():
        return _render(event, form, 422)
    try:
        org, candidates = intake.resolve_any_organization(
            form.organization.data, form.company_name.data
        )
        if org is None:
            form.organization.errors = list(form.organization.errors) + [
                _("Velg en organisasjon fra listen, eller skriv et nytt organisasjonsnummer.")
            ]
            db.session.rollback()
            return _render(event, form, 422, candidates)
        contact = find_or_create_contact(
            form.email.data, form.contact_name.data, org, phone=form.phone.data or None
        )
        reg, created = services.register(
            event,
            contact,
            organization=org,
            role=form.role.data,
            source="coordinator",
            by_coordinator=True,
            solution_title=form.solution_title.data or None,
        )
        if created:
            audit("registration.added", reg, event_id=event.id, status=reg.status)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        apply_service_errors(form, exc)
        return _render(event, form, exc.status)
    if created:
        flash(
            _(
                "%(name)s er lagt til (%(status)s).",
                name=contact.name,
                status=_status_label(reg.status),
            ),
            "success",
        )
    else:
        flash(_("%(name)s var allerede påmeldt.", name=contact.name), "info")
    return redirect(url_for(".event_registrations", event_id=event.id), code=303)


def _status_label(status: str) -> str:
    return str(REGISTRATION_STATUS_LABELS.get(status, status))


@coordinator_required
def registration_action(event_id: int, registration_id: int, action: str):
    event = _event(event_id)
    reg = _registration(event, registration_id)
    form = ActionForm()
    if not form.validate():
        abort(400)
    try:
        if action == "confirm":
            services.move_registration(reg, "confirmed", current_user)
        elif action == "waitlist":
            services.move_registration(reg, "waitlisted", current_user)
        elif action == "cancel":
            promoted = services.cancel_registration(reg, by_coordinator=True)
            if promoted is not None and promoted.contact is not None:
                flash(
                    _("%(name)s fikk plassen fra ventelisten.", name=promoted.contact.name), "info"
                )
        elif action in ("approve", "decline"):
            services.decide_presenter(reg, action == "approve", current_user)
        elif action in ("attended", "no_show", "unknown"):
            services.set_attendance(reg, action)
        else:
            abort(404)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        for messages in exc.errors.values():
            for message in messages:
                flash(str(message), "error")
    return redirect(
        request.form.get("next")
        if _safe(request.form.get("next"))
        else url_for(".event_registrations", event_id=event.id),
        code=303,
    )


def _safe(url: str | None) -> bool:
    return bool(url) and url.startswith("/coordinator/") and "//" not in url[1:]


#: Export columns (Norwegian headers, as the coordinators use them in Excel)
def _header() -> list[str]:
    return [
        _("Status"),
        _("Rolle"),
        _("Plass på venteliste"),
        _("Navn"),
        _("E-post"),
        _("Telefon"),
        _("Stilling"),
        _("Organisasjon"),
        _("Organisasjonsnummer"),
        _("Kommunenummer"),
        _("Type organisasjon"),
        _("Liten kommune"),
        _("Løsning"),
        _("Godkjenning"),
        _("Tema"),
        _("Kilde"),
        _("Påmeldt"),
        _("Oppmøte"),
    ]


def _rows(rows: list[Registration], positions: dict):
    for reg in rows:
        org, contact = reg.organization, reg.contact
        theme = db.session.get(Theme, reg.theme_id) if reg.theme_id else None
        yield [
            label(reg.status, "registration_status"),
            label(reg.role, "registration_role"),
            positions.get(reg.id, ""),
            contact.name if contact else "",
            contact.email if contact else "",
            (contact.phone or "") if contact else "",
            (contact.title or "") if contact else "",
            org.name if org else "",
            (org.org_number or "") if org else "",
            (org.municipality_number or "") if org else "",
            label(org.kind, "organization_kind") if org else "",
            _("ja") if _is_small(org) else _("nei"),
            reg.solution_title or "",
            label(reg.presenter_approval, "presenter_approval"),
            theme_name(theme) if theme else "",
            label(reg.source, "source"),
            format_datetime_numeric(reg.created_at),
            label(reg.attendance, "attendance"),
        ]


def _waitlist_positions(event: Event) -> dict:
    positions = {}
    for role in ("attendee", "presenter"):
        for i, reg in enumerate(services.waitlist(event, role), start=1):
            positions[reg.id] = i
    return positions


@coordinator_required
def registrations_export(event_id: int, fmt: str = "csv"):
    """The filtered list as CSV or XLSX (one export helper: the same columns in both)."""
    event = _event(event_id)
    _form, filters = _filters()
    rows = filtered_registrations(event, filters)
    audit("registration.exported", event, count=len(rows), format=fmt)
    db.session.commit()
    return export_response(
        fmt,
        _header(),
        _rows(rows, _waitlist_positions(event)),
        f"pameldinger-{event.id}",
        sheet=_("Påmeldinger"),
        title=event.title,
        private=True,
    )


@coordinator_required
def participant_list(event_id: int):
    """A printable list of everyone with a seat: name, organisation and a column to sign."""
    event = _event(event_id)
    rows = sorted(
        filtered_registrations(event, {"status": "confirmed"}),
        key=lambda r: ((r.contact.name if r.contact else "").casefold(), r.id),
    )
    return render_template("registration/participant_list.html", event=event, rows=rows)


def registration_summary(event: Event) -> dict:
    """Counts for the coordinator event page."""
    counts = {
        (role, status): n
        for role, status, n in db.session.execute(
            select(Registration.role, Registration.status, func.count(Registration.id))
            .where(Registration.event_id == event.id)
            .group_by(Registration.role, Registration.status)
        )
    }
    pending = db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == event.id,
            Registration.role == "presenter",
            Registration.status == "confirmed",
            Registration.presenter_approval == "pending",
        )
    )
    return dict(
        confirmed=counts.get(("attendee", "confirmed"), 0),
        waitlisted=counts.get(("attendee", "waitlisted"), 0),
        presenters=counts.get(("presenter", "confirmed"), 0),
        presenters_waitlisted=counts.get(("presenter", "waitlisted"), 0),
        pending=pending or 0,
        seats_left=services.seats_left(event),
    )
