"""Coordinator pages: list with filters, a process page, forms, participants, phase, exports."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..core.errors import NotFoundError, ServiceError
from ..core.search import contains
from ..events.models import Event
from ..extensions import db
from ..networks.models import Network, Theme
from ..organizations.models import Organization
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import render_form, save_and_redirect
from ..web.hooks import fragments
from . import services
from .exports import CSV_TYPE, XLSX_TYPE, suppliers_csv, suppliers_xlsx
from .figures import process_events, small_municipalities, summary, suppliers
from .forms import (
    ConfirmForm,
    LeaveForm,
    ParticipantForm,
    PhaseForm,
    ProcessFilterForm,
    ProcessForm,
)
from .joining import approve_participant, pending_participants, refuse_participant
from .models import PHASES, STATUSES, Process

#: Most organisations offered in the "add participant" select
MAX_CHOICES = 400


def _themes():
    return db.session.scalars(select(Theme).order_by(Theme.id)).all()


def _to_detail(process: Process) -> str:
    return url_for(".process_detail", process_id=process.id)


@coordinator_required
def process_list():
    form = ProcessFilterForm(request.args)
    form.set_choices(_themes())
    form.validate()
    query = select(Process).order_by(Process.status, Process.started_on.desc(), Process.title)
    for name in ("phase", "status"):
        value = getattr(form, name).data
        if value in (PHASES if name == "phase" else STATUSES):
            query = query.where(getattr(Process, name) == value)
    if form.theme.data:
        query = query.where(Process.theme.has(Theme.slug == form.theme.data))
    rows = [(p, summary(p)) for p in db.session.scalars(query)]
    return render_template("processes/coordinator_list.html", rows=rows, form=form)


def _process_form(**kwargs) -> ProcessForm:
    form = ProcessForm(**kwargs)
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    form.set_choices(_themes(), networks)
    return form


@coordinator_required
def process_new():
    form = _process_form()
    if form.validate_on_submit():
        action = lambda: services.create_process(form.to_data(), user=current_user)
        saved = save_and_redirect(form, action, _("Prosessen er opprettet."), _to_detail)
        if saved:
            return saved
    return render_form("processes/form.html", form, process=None)


@coordinator_required
def process_edit(process_id: int):
    process = get_or_404(Process, process_id)
    form = _process_form()
    if request.method == "GET":
        form.fill(process)
    elif form.validate_on_submit():
        action = lambda: services.update_process(process, form.to_data(), user=current_user)
        saved = save_and_redirect(form, action, _("Endringene er lagret."), _to_detail, process)
        if saved:
            return saved
    return render_form("processes/form.html", form, process=process)


@coordinator_required
def process_detail(process_id: int):
    process = get_or_404(Process, process_id)
    rows = [r for r in services.participants(process) if r.status == "active"]
    today = services.today()
    by_phase = {phase: [r for r in rows if r.joined_in_phase == phase] for phase in PHASES}
    return render_template(
        "processes/coordinator_detail.html",
        process=process,
        figures=summary(process),
        by_phase=by_phase,
        today=today,
        small=small_municipalities(process),
        suppliers=suppliers(process),
        events=process_events(process),
        leave_form=LeaveForm(),
        confirm=ConfirmForm(),
        pending=pending_participants(process),
        page_fragments=fragments("coordinator-process-page", process=process),
    )


@coordinator_required
def participant_decide(process_id: int, organization_id: int, decision: str):
    """Approve or refuse an organisation that accepted the invitation to join."""
    if decision not in ("approve", "refuse"):
        abort(404)
    process = get_or_404(Process, process_id)
    if ConfirmForm().validate_on_submit():
        action = approve_participant if decision == "approve" else refuse_participant
        try:
            action(process, organization_id, user=current_user)
        except NotFoundError:
            db.session.rollback()
            abort(404)
        db.session.commit()
        if decision == "approve":
            flash(_("Organisasjonen er godkjent som behovseier."), "success")
        else:
            flash(_("Forespørselen er avvist."), "success")
    return redirect(url_for(".process_detail", process_id=process.id))


@coordinator_required
def participant_add(process_id: int):
    process = get_or_404(Process, process_id)
    q = (request.args.get("q") or "").strip()
    taken = {r.organization_id for r in services.participants(process) if r.left_on is None}
    query = select(Organization).where(
        Organization.active.is_(True), Organization.kind != "supplier"
    )
    if q:
        query = query.where(contains(Organization.name, q))
    candidates = [
        o
        for o in db.session.scalars(query.order_by(Organization.name).limit(MAX_CHOICES + 50))
        if o.id not in taken
    ][:MAX_CHOICES]
    form = ParticipantForm()
    form.set_choices(candidates)
    if request.method == "GET":
        form.joined_in_phase.data = process.phase
    elif form.validate_on_submit():
        saved = save_and_redirect(
            form,
            lambda: services.add_participant(
                process,
                form.organization_id.data or None,
                form.role.data,
                form.joined_on.data,
                buys_separately=form.buys_separately.data,
                joined_in_phase=form.joined_in_phase.data,
                user=current_user,
            ),
            _("Deltakeren er lagt til."),
            _to_detail,
            process,
        )
        if saved:
            return saved
    return render_form("processes/participant_form.html", form, process=process, q=q)


@coordinator_required
def participant_leave(process_id: int, organization_id: int):
    process = get_or_404(Process, process_id)
    form = LeaveForm()
    if form.validate_on_submit():
        try:
            services.remove_participant(
                process, organization_id, form.left_on.data, user=current_user
            )
        except ServiceError as exc:
            db.session.rollback()
            flash("; ".join(m for msgs in exc.errors.values() for m in msgs), "error")
        else:
            db.session.commit()
            flash(_("Deltakelsen er avsluttet."), "success")
    return redirect(url_for(".process_detail", process_id=process.id))


@coordinator_required
def phase_change(process_id: int):
    process = get_or_404(Process, process_id)
    form = PhaseForm()
    if request.method == "GET":
        next_index = min(PHASES.index(process.phase) + 1, len(PHASES) - 1)
        form.phase.data = PHASES[next_index]
    elif form.validate_on_submit():
        saved = save_and_redirect(
            form,
            lambda: services.change_phase(
                process,
                form.phase.data,
                allow_backwards=form.allow_backwards.data,
                changed_on=form.changed_on.data,
                note=form.note.data,
                user=current_user,
            ),
            _("Fasen er endret."),
            _to_detail,
            process,
        )
        if saved:
            return saved
    return render_form("processes/phase_form.html", form, process=process)


@coordinator_required
def process_publish(process_id: int):
    process = get_or_404(Process, process_id)
    if ConfirmForm().validate_on_submit():
        public = request.form.get("public") == "1"
        services.publish_process(process, public, user=current_user)
        db.session.commit()
        flash(_("Prosessen er publisert.") if public else _("Prosessen er skjult."), "success")
    return redirect(url_for(".process_detail", process_id=process.id))


@coordinator_required
def supplier_export(process_id: int, fmt: str, event_id: int | None = None):
    process = get_or_404(Process, process_id)
    event = None
    if event_id is not None:
        event = db.session.get(Event, event_id)
        if event is None or event.process_id != process.id:
            abort(404)
    rows = suppliers(process, event)
    name = f"leverandorer-{process.slug}" + (f"-arrangement-{event.id}" if event else "")
    if fmt == "csv":
        body, mimetype = suppliers_csv(rows), CSV_TYPE
    else:
        title = event.title if event else process.title
        body, mimetype = suppliers_xlsx(rows, title), XLSX_TYPE
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )
