"""Coordinator pages: records of processing and retention, the audit log, a person's data."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..web.access import admin_required, coordinator_required
from ..web.exports import CSV_TYPE, XLSX_TYPE, export_response
from ..web.inputs import to_int
from ..web.paging import paginate, parse_page
from . import auditlog, records, retention
from .erasure import erase_person
from .export import as_document, export_zip, find_person
from .forms import AuditFilterForm, EmailForm, EraseForm, RetentionForm


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# -- records of processing and retention --------------------------------------------------------
def _privacy_page(form: RetentionForm | None = None, status: int = 200):
    periods = retention.settings()
    if form is None:
        form = RetentionForm(data=periods)
    return render_template(
        "privacy/admin.html",
        columns=records.COLUMNS,
        rows=records.rows(),
        controller=records.controller(),
        rules=retention.RULES,
        periods=periods,
        preview=retention.preview(),
        units=retention.UNIT_LABELS,
        form=form,
    ), status


@admin_required
def privacy_admin():
    return _privacy_page()


@admin_required
def retention_save():
    form = RetentionForm()
    if not form.validate_on_submit():
        return _privacy_page(form, 422)
    changed = retention.save_settings(
        {r.key: getattr(form, r.key).data for r in retention.RULES}, user=current_user
    )
    db.session.commit()
    flash(_("Slettefristene er lagret.") if changed else _("Ingen endringer."), "success")
    return redirect(url_for("privacy.privacy_admin"))


@admin_required
def records_csv():
    return _download(records.as_csv(), CSV_TYPE, "behandlingsprotokoll.csv")


@admin_required
def records_xlsx():
    return _download(records.as_xlsx(), XLSX_TYPE, "behandlingsprotokoll.xlsx")


# -- audit log ----------------------------------------------------------------------------------
def _user_names() -> dict[int, str]:
    return dict(db.session.execute(select(User.id, User.email).order_by(User.email)).all())


def _audit_filters(users: dict[int, str]) -> tuple[AuditFilterForm, auditlog.AuditFilters]:
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("Alle"))] + [(a, a) for a in auditlog.actions()]
    form.user.choices = [("", _("Alle"))] + [(str(i), e) for i, e in users.items()]
    form.object_type.choices = [("", _("Alle"))] + [(t, t) for t in auditlog.object_types()]
    filters = auditlog.AuditFilters()
    if form.validate():
        user = form.user.data
        filters = auditlog.AuditFilters(
            action=form.action.data or None,
            user_id=to_int(user, minimum=1),
            object_type=form.object_type.data or None,
            object_id=form.object_id.data,
            start=auditlog.day_start(form.date_from.data) if form.date_from.data else None,
            end=auditlog.next_day_start(form.date_to.data) if form.date_to.data else None,
        )
    return form, filters


@admin_required
def audit_page():
    users = _user_names()
    form, filters = _audit_filters(users)
    page = paginate(auditlog.query(filters), parse_page(request.args.get("page")), per_page=50)
    return render_template("privacy/audit.html", form=form, page=page, users=users), (
        422 if form.errors else 200
    )


@admin_required
def audit_csv(fmt: str = "csv"):
    users = _user_names()
    _form, filters = _audit_filters(users)
    return export_response(
        fmt,
        auditlog.export_header(),
        auditlog.export_rows(filters, users),
        "revisjonslogg",
        sheet=_("Revisjonslogg"),
        private=True,
    )


# -- one person (export, erasure) ---------------------------------------------------------------
@coordinator_required
def person_lookup():
    form = EmailForm()
    if request.method == "GET":
        return render_template("privacy/person.html", form=form, data=None)
    if not form.validate_on_submit():
        return render_template("privacy/person.html", form=form, data=None), 422
    data = as_document(find_person(form.email.data))
    erase_form = EraseForm(formdata=None, email=form.email.data)
    return render_template(
        "privacy/person.html", form=form, data=data, email=form.email.data, erase_form=erase_form
    )


@coordinator_required
def person_export():
    form = EmailForm()
    if not form.validate_on_submit():
        return render_template("privacy/person.html", form=form, data=None), 422
    data = export_zip(form.email.data, user=current_user, via="page")
    db.session.commit()
    return _download(data, "application/zip", "personopplysninger.zip")


@admin_required
def person_erase():
    form = EraseForm()
    if not form.validate_on_submit():
        data = as_document(find_person(form.email.data)) if form.email.data else None
        return render_template(
            "privacy/person.html",
            form=EmailForm(formdata=None, email=form.email.data),
            data=data,
            email=form.email.data,
            erase_form=form,
        ), 422
    counts = erase_person(form.email.data, user=current_user)
    db.session.commit()
    flash(
        _(
            "Personen er slettet: %(contacts)s kontakter, %(mails)s e-poster, "
            "%(cancelled)s påmeldinger avmeldt.",
            contacts=counts["contacts"],
            mails=counts["mails_deleted"],
            cancelled=counts["registrations_cancelled"],
        ),
        "success",
    )
    return redirect(url_for("privacy.person_lookup"))
