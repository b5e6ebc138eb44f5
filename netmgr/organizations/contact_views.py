"""Coordinator contact pages: add, edit, deactivate, main contact, merge (routes in
``blueprint.py``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.audit import audit
from ..extensions import db
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import ConfirmForm, form_status, run_service, save_and_redirect
from . import contact_services, queries, services
from .forms import ContactForm, MergeForm
from .models import Contact, Organization


def _org_page(contact_or_org) -> str:
    org_id = getattr(contact_or_org, "organization_id", None) or contact_or_org.id
    return url_for(".detail", org_id=org_id)


def _back(contact_or_org):
    return redirect(_org_page(contact_or_org))


def _render(form, org, contact, status=200):
    return render_template(
        "organizations/contact_form.html", form=form, org=org, contact=contact
    ), status


@coordinator_required
def contact_new(org_id: int):
    org = get_or_404(Organization, org_id)
    form = ContactForm()
    if form.validate_on_submit():
        data = {**form.to_data(), "organization_id": org.id}
        action = lambda: services.create_contact(data)
        message = _("Kontaktpersonen er lagt til.")
        saved = save_and_redirect(form, action, message, _org_page, audit_as="contact.created")
        if saved:
            return saved
    return _render(form, org, None, form_status(form))


@coordinator_required
def contact_edit(contact_id: int):
    contact = get_or_404(Contact, contact_id)
    form = ContactForm(obj=contact if request.method == "GET" else None)
    if request.method == "GET":
        form.language.data = contact.language or ""
    if form.validate_on_submit():
        data = form.to_data()
        saved = save_and_redirect(
            form,
            lambda: services.update_contact(contact, data),
            _("Endringene er lagret."),
            _org_page,
            contact,
            "contact.updated",
            fields=sorted(data),
        )
        if saved:
            return saved
        contact = get_or_404(Contact, contact_id)
    return _render(form, contact.organization, contact, 422 if form.errors else 200)


@coordinator_required
def contact_active(contact_id: int):
    """POST ``active=0`` deactivates (left the organisation), ``active=1`` reactivates."""
    contact = get_or_404(Contact, contact_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    contact_services.set_active(contact, active)
    audit("contact.activated" if active else "contact.deactivated", contact)
    db.session.commit()
    flash(
        _("Kontaktpersonen er aktiv igjen.") if active else _("Kontaktpersonen er deaktivert."),
        "success",
    )
    return _back(contact)


@coordinator_required
def contact_main(contact_id: int):
    """POST ``main=1`` makes the contact the organisation's main contact, ``main=0`` unsets."""
    contact = get_or_404(Contact, contact_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if request.form.get("main") == "0":
        action = lambda: contact_services.unset_main_contact(contact)  # noqa: E731
    else:
        action = lambda: contact_services.set_main_contact(contact)  # noqa: E731
    _result, ok = run_service(form, action)
    if ok:
        audit("contact.main_set" if contact.is_main else "contact.main_unset", contact)
        db.session.commit()
        flash(_("Hovedkontakten er oppdatert."), "success")
    else:
        for message in form.form_errors:
            flash(message, "error")
    return _back(contact)


def _merge_form(contact: Contact) -> MergeForm:
    form = MergeForm()
    form.source.choices = [(0, _("Velg kontaktperson"))] + [
        (c.id, f"{c.name} <{c.email}> – {c.organization.name}")
        for c in queries.merge_candidates(contact)
    ]
    return form


@coordinator_required
def contact_merge(contact_id: int):
    contact = get_or_404(Contact, contact_id)
    form = _merge_form(contact)
    if form.validate_on_submit():
        source = db.session.get(Contact, form.source.data)
        if source is None or source.id == contact.id:
            form.source.errors = [_("Velg en kontaktperson fra listen.")]
        else:
            _result, ok = run_service(
                form, lambda: contact_services.merge_contacts(contact, source)
            )
            if ok:
                db.session.commit()
                flash(_("Kontaktpersonene er slått sammen."), "success")
                return _back(contact)
            contact = get_or_404(Contact, contact_id)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("organizations/contact_merge.html", form=form, contact=contact), status
