"""Helpers every form page uses: service errors on the fields, confirm buttons, and the shared
validators of names, titles (:class:`SingleLine`) and web addresses (:class:`HttpUrl`)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Regexp, ValidationError

from ..core.audit import audit
from ..core.errors import NotFoundError, ServiceError
from ..extensions import db
from .inputs import SLUG, is_http_url, single_line


def email_field(required: str, invalid: str = _l("Skriv inn en gyldig e-postadresse."), **kw):
    """A required e-mail address, checked for its form and the 254 characters of RFC 5321
    (``required`` and ``invalid``: the messages; ``kw`` as for ``EmailField``)."""
    validators = [DataRequired(required), Email(invalid), Length(max=254)]
    return EmailField(_l("E-postadresse"), validators=validators, **kw)


def apply_service_errors(form, error: ServiceError | dict) -> None:
    """Put a service's ``{key: [messages]}`` next to the form's fields, the rest on the form.

    ``error`` is a :class:`ServiceError` or its ``errors``; a form's ``FIELD_FOR`` maps the
    service's keys (model names such as ``starts_at``) to its own field names.
    """
    errors = error.errors if isinstance(error, ServiceError) else error
    mapping = getattr(form, "FIELD_FOR", {})
    form.form_errors = list(getattr(form, "form_errors", []))
    for key, messages in errors.items():
        messages = [str(m) for m in (messages if isinstance(messages, list) else [messages])]
        name = mapping.get(key, key)
        field = form._fields.get(name) if name not in ("csrf_token", "_schema") else None
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = list(field.errors or []) + messages


def run_service(form, action):
    """Run ``action()``: ``(result, True)``, or on a ServiceError roll back, show its messages
    on ``form`` and return ``(None, False)``; a NotFoundError is a 404. The caller commits."""
    try:
        return action(), True
    except NotFoundError:
        db.session.rollback()
        abort(404)
    except ServiceError as exc:
        db.session.rollback()
        apply_service_errors(form, exc)
        return None, False


def flash_service_errors(exc: ServiceError) -> None:
    """A service refused an action posted without a form (a button): roll back and flash
    each of its messages as an error."""
    db.session.rollback()
    for messages in exc.errors.values():
        for message in messages:
            flash(str(message), "error")


def form_status(form) -> int:
    """The status of a form page: 422 while the form shows errors, else 200."""
    return 422 if form.errors or form.form_errors else 200


def render_form(template: str, form, **context):
    """The form page ``template`` with ``form`` and ``context``, answered with
    :func:`form_status` (422 while the form shows errors)."""
    return render_template(template, form=form, **context), form_status(form)


def save_and_redirect(form, action, message: str, to, row=None, audit_as: str = "", **detail):
    """Run the service call ``action`` for a submitted ``form``; on success audit ``audit_as``
    (when given, with ``detail``) on ``row`` or else on the row the action returned, commit,
    flash ``message`` and redirect to ``to(row)``. None when the service refused: its
    messages are then on the form and nothing was written."""
    result, ok = run_service(form, action)
    if not ok:
        return None
    row = row or result
    if audit_as:
        audit(audit_as, row, **detail)
    db.session.commit()
    flash(message, "success")
    return redirect(to(row))


class ConfirmForm(FlaskForm):
    """A button that needs only the CSRF token (publish, cancel, end membership, revoke)."""


def slug_field(description) -> StringField:
    """The "address name" (slug) field of a network, group or process form; ``description``
    gives an example."""
    return StringField(
        _l("Adressenavn (slug)"),
        description=description,
        validators=[
            DataRequired(_l("Skriv et adressenavn.")),
            Length(max=80),
            Regexp(SLUG.pattern, message=_l("Bruk bare små bokstaver a–z, tall og bindestrek.")),
        ],
    )


class SingleLine:
    """A name or title: one line, no control characters (:func:`.inputs.single_line`)."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if isinstance(field.data, str) and not single_line(field.data):
            raise ValidationError(
                self.message or _l("Skriv på én linje, uten linjeskift eller kontrolltegn.")
            )


class HttpUrl:
    """A web address: ``http://`` or ``https://`` only (:func:`.inputs.is_http_url`); empty is
    left to ``Optional``/``DataRequired``."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        value = field.data.strip() if isinstance(field.data, str) else ""
        if value and not is_http_url(value):
            raise ValidationError(self.message or _l("Skriv en adresse som begynner med https://."))
